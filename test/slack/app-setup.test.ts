import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logging.ts";
import { createSlackApp, SlackSetupError } from "../../src/slack/app.ts";
import { openStore } from "../../src/store/index.ts";
import type { Store } from "../../src/store/Store.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../support/fake-slack.ts";
import { FakeEngine } from "./support/fake-engine.ts";

let dir: string;
let store: Store;
let fake: FakeSlackApi;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "pp-setup-"));
  store = await openStore({ dataDir: dir });
  fake = await startFakeSlackApi();
});
afterEach(async () => {
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const base = { enabled: true as const, botToken: "xoxb-t", port: 0, rateLimitPerMinute: 10 };

describe("createSlackApp setup", () => {
  it("refuses socket mode without an app token and HTTP mode without a signing secret, saying what to set", () => {
    const deps = { engine: new FakeEngine(), store, logger: silentLogger };
    expect(() => createSlackApp({ ...deps, config: { ...base, mode: "socket" } })).toThrow(/SLACK_APP_TOKEN.*connections:write/);
    expect(() => createSlackApp({ ...deps, config: { ...base, mode: "http" } })).toThrow(SlackSetupError);
  });

  it("fails start with a clear error when Slack rejects the bot token", async () => {
    fake.failNext("auth.test", { error: "invalid_auth" });
    const slack = createSlackApp({ engine: new FakeEngine(), store, logger: silentLogger, config: { ...base, mode: "http", signingSecret: "s", apiUrl: fake.url } });
    await expect(slack.start()).rejects.toThrow(/SLACK_BOT_TOKEN.*invalid_auth/);
    await slack.stop();
  });

  it("listens on an ephemeral port, reports it, answers /healthz, and stops", async () => {
    const slack = createSlackApp({ engine: new FakeEngine(), store, logger: silentLogger, config: { ...base, mode: "http", signingSecret: "s", apiUrl: fake.url } });
    const { port } = await slack.start();
    expect(port).toBeGreaterThan(0);
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect([res.status, await res.text()]).toEqual([200, "ok"]);
    expect(fake.callsTo("auth.test")).toHaveLength(1);
    expect(fake.callsTo("auth.test")[0]!.headers.authorization).toBe("Bearer xoxb-t");
    await slack.stop();
    await slack.stop();
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
