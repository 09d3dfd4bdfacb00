/**
 * Docker cannot run on the machines that build this, so the deployment files are checked for what they promise:
 * the compose file parses and wires two replicas to PostgreSQL behind a load balancer with health checks, and
 * the Dockerfile is multi-stage, runs as a non-root user and has a health check.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(root, file), "utf8");

describe("deployment files", () => {
  it("docker-compose.yml: PostgreSQL, two replicas (DATABASE_URL, readiness health check) and a load balancer in front", () => {
    const compose = parse(read("docker-compose.yml"), { merge: true }) as { services: Record<string, any> };
    const { postgres, app1, app2, lb } = compose.services;
    expect(postgres.image).toMatch(/^postgres:/);
    expect(postgres.healthcheck.test.join(" ")).toContain("pg_isready");
    for (const app of [app1, app2]) {
      expect(app.build).toBe(".");
      expect(app.environment.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(app.environment.SLACK_MODE).toBe("http");
      expect(app.depends_on.postgres.condition).toBe("service_healthy");
      expect(app.healthcheck.test.join(" ")).toContain("/readyz");
    }
    expect(lb.depends_on).toHaveProperty("app1");
    expect(lb.depends_on).toHaveProperty("app2");
    const nginx = read("deploy/nginx.conf");
    expect(nginx).toMatch(/server app1:3000/);
    expect(nginx).toMatch(/server app2:3000/);
    expect(lb.volumes[0]).toContain("deploy/nginx.conf");
  });

  it("Dockerfile: multi-stage, non-root, health check, starts the app", () => {
    const dockerfile = read("Dockerfile");
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
    expect(dockerfile).toMatch(/^CMD \["node", "bin\/partnerpilot.js", "start"\]$/m);
    // The runtime stage has no compiler: only the build stage installs one.
    const runtime = dockerfile.slice(dockerfile.lastIndexOf("FROM "));
    expect(runtime).not.toMatch(/g\+\+|apt-get/);
  });
});
