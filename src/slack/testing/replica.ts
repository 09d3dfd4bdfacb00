/**
 * One replica of the Slack app in HTTP mode, as its own process, for crash tests and the replica bench: the real
 * app, the real store (SQLite file or PostgreSQL), the EchoEngine. Configured from the environment:
 *   SLACK_API_URL, SLACK_SIGNING_SECRET, DATABASE_URL (+ REPLICA_PG_SCHEMA) or DATA_DIR,
 *   INBOX_LEASE_MS, INBOX_SWEEP_MS, INBOX_RETRY_BASE_MS, ANSWER_DELAY_MS, PORT (0: any free port).
 * Prints one JSON line `{"port": N}` on stdout once it listens; logs (scrubbed) go to stderr at LOG_LEVEL.
 * Run: node --import tsx src/slack/testing/replica.ts
 */
import { createLogger } from "../../logging.ts";
import { openStore } from "../../store/index.ts";
import { createSlackApp } from "../app.ts";
import { EchoEngine } from "./echo-engine.ts";

const env = process.env;
const num = (name: string, fallback: number) => (env[name] ? Number(env[name]) : fallback);
const logger = createLogger(env.LOG_LEVEL ?? "warn", undefined, { secrets: [env.SLACK_SIGNING_SECRET ?? "", "xoxb-replica-token"] });
const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR ?? "data", schema: env.REPLICA_PG_SCHEMA, logger });
const slack = createSlackApp({
  config: {
    enabled: true,
    mode: "http",
    botToken: "xoxb-replica-token",
    signingSecret: env.SLACK_SIGNING_SECRET ?? "replica-signing-secret",
    port: num("PORT", 0),
    apiUrl: env.SLACK_API_URL,
    rateLimitPerMinute: 1000,
  },
  engine: new EchoEngine(num("ANSWER_DELAY_MS", 0)),
  store,
  logger,
  retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 50 },
  placeholderDelayMs: 0,
  replyBackoffMs: 20,
  inbox: { leaseMs: num("INBOX_LEASE_MS", 30_000), sweepEveryMs: num("INBOX_SWEEP_MS", 5_000), retryBaseMs: num("INBOX_RETRY_BASE_MS", 5_000) },
  notificationRetryMs: 0,
});
const { port } = await slack.start();
process.stdout.write(`${JSON.stringify({ port })}\n`);
const stop = async () => {
  await slack.stop();
  await store.close();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
