/**
 * Findings 4 and 7, and the operations endpoints: readiness that notices a dropped database and recovers without
 * a restart, liveness that stays liveness, signatures from the future refused, metrics parsed by a Prometheus
 * text parser.
 */
import { randomBytes } from "node:crypto";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { HEALTH_PATH, METRICS_PATH, READY_PATH } from "../../../src/slack/app.ts";
import { ANSWER_ACTIONS_BLOCK } from "../../../src/slack/ids.ts";
import { PostgresStore } from "../../../src/store/PostgresStore.ts";
import { testDatabaseUrl, warnIfPostgresSkipped } from "../../support/pg.ts";
import { type Harness, mentionEnvelope, startHarness } from "../support/harness.ts";

const url = testDatabaseUrl();
warnIfPostgresSkipped(url);

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

const get = async (h: Harness, path: string) => {
  const res = await fetch(h.url.replace("/slack/events", path));
  return { status: res.status, text: await res.text() };
};

async function answered(h: Harness, env: Record<string, any>) {
  await h.fake.waitFor((calls) =>
    calls.find((c) => (c.method === "chat.postMessage" || c.method === "chat.update") && (c.body.blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === ANSWER_ACTIONS_BLOCK) && JSON.stringify(c.body).includes(env.event.ts)),
  );
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe.skipIf(!url)("readiness on PostgreSQL", () => {
  it("the database dropped: /readyz fails (liveness does not); re-created empty: the schema is migrated again and questions are answered, no restart", async () => {
    const database = `pp_ready_${process.pid}_${randomBytes(3).toString("hex")}`;
    await admin((c) => c.query(`CREATE DATABASE ${database}`));
    const dbUrl = new URL(url!);
    dbUrl.pathname = `/${database}`;
    try {
      const h = await startHarness({
        openStore: async () => {
          const store = new PostgresStore({ connectionString: dbUrl.toString(), maxConnections: 4, connectionTimeoutMs: 2000 });
          await store.migrate();
          return store;
        },
      });
      open.push(h);
      const ready = await get(h, READY_PATH);
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toEqual({ ready: true, checks: { store: "ok", index: "ok" } });
      const first = mentionEnvelope(h.fake.botUserId);
      await h.sendEvent(first);
      await answered(h, first);

      await admin((c) => c.query(`DROP DATABASE ${database} WITH (FORCE)`));
      const broken = await get(h, READY_PATH);
      expect(broken.status).toBe(503);
      expect(JSON.parse(broken.text).checks.store).toMatch(/does not exist/);
      expect((await get(h, HEALTH_PATH)).status).toBe(200);
      // An event meanwhile is not acknowledged: Slack keeps it and sends it again.
      const during = mentionEnvelope(h.fake.botUserId);
      expect((await h.sendEvent(during)).status).toBe(503);

      await admin((c) => c.query(`CREATE DATABASE ${database}`));
      const recovered = await get(h, READY_PATH);
      expect(recovered.status).toBe(200);
      expect(JSON.parse(recovered.text).checks.store).toBe("ok");
      // Slack's retry of the refused event, and a new question: both answered.
      expect((await h.sendEvent(during, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_error" } })).status).toBe(200);
      await answered(h, during);
      const after = mentionEnvelope(h.fake.botUserId);
      await h.sendEvent(after);
      await answered(h, after);
    } finally {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
    }
  }, 60_000); // CREATE/DROP DATABASE take seconds on a busy server
});

describe("signatures and metrics", () => {
  it("refuses a valid signature whose timestamp is more than 5 minutes in the future (it was accepted)", async () => {
    const h = await startHarness();
    open.push(h);
    const now = Math.floor(Date.now() / 1000);
    expect((await h.sendEvent(mentionEnvelope(h.fake.botUserId), { timestamp: now + 600 })).status).toBe(401);
    expect((await h.sendEvent(mentionEnvelope(h.fake.botUserId), { timestamp: now + 240 })).status).toBe(200);
    expect((await h.sendEvent(mentionEnvelope(h.fake.botUserId), { timestamp: now - 600 })).status).toBe(401);
  });

  it("/metrics is Prometheus text: requests, ack latency, answers by intent, inbox depth", async () => {
    const h = await startHarness();
    open.push(h);
    const env = mentionEnvelope(h.fake.botUserId);
    await h.sendEvent(env);
    await answered(h, env);
    await h.settle(100);
    const res = await fetch(h.url.replace("/slack/events", METRICS_PATH));
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = new Map(parsePrometheusTextFormat(await res.text()).map((f) => [f.name, f]));
    const sample = (name: string, labels: Record<string, string> = {}) =>
      families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    expect(families.get("partnerpilot_slack_requests_total")?.type).toBe("COUNTER");
    expect(Number(sample("partnerpilot_slack_requests_total", { kind: "event:app_mention" })?.value)).toBe(1);
    // (This parser keeps a histogram's buckets but not its labels; there is one label set here.)
    const ack = families.get("partnerpilot_slack_ack_seconds");
    expect(ack?.type).toBe("HISTOGRAM");
    expect(ack?.metrics).toHaveLength(1);
    expect(Number(ack?.metrics[0]!.buckets?.["+Inf"])).toBe(1);
    expect(Number(ack?.metrics[0]!.buckets?.["3"])).toBe(1); // within Slack's 3 seconds
    expect(Number(sample("partnerpilot_answers_total", { intent: "integration" })?.value)).toBe(1);
    expect(Number(families.get("partnerpilot_answer_seconds")?.metrics[0]?.buckets?.["+Inf"])).toBe(1);
    expect(Number(sample("partnerpilot_inbox_pending")?.value)).toBe(0);
    expect(families.has("partnerpilot_inbox_oldest_pending_seconds")).toBe(true);
    expect(families.has("partnerpilot_process_resident_memory_bytes")).toBe(true);
    // Referrals by state and check-in participation are exported for every state, zero included.
    expect(Number(sample("partnerpilot_referrals", { state: "offered" })?.value)).toBe(0);
    expect(families.get("partnerpilot_referrals")?.metrics.length).toBeGreaterThanOrEqual(8);
    expect(Number(sample("partnerpilot_checkin_participants", { state: "answered" })?.value)).toBe(0);
  });
});
