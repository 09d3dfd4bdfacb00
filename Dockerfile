# PartnerPilot: multi-stage image. The build stage compiles the native addons (better-sqlite3, hnswlib-node)
# and builds the search index from knowledge/; the runtime stage has no compiler and runs as the non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY bin ./bin
COPY src ./src
COPY knowledge ./knowledge
COPY prompts ./prompts
COPY tsconfig.json ./
# The index and the converted word vectors, so a replica starts without building them.
RUN DATA_DIR=/app/data node bin/partnerpilot.js index

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    SLACK_MODE=http \
    PORT=3000 \
    DATA_DIR=/app/data \
    KNOWLEDGE_DIR=/app/knowledge \
    LOG_LEVEL=info
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
# Liveness only (the process answers); orchestrators route traffic on /readyz (store and index ready).
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "bin/partnerpilot.js", "start"]
