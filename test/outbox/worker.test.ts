import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OutboxWorker, PermanentDeliveryError, backoffMs } from "../../src/outbox/OutboxWorker.ts";
import { deliverWebhook, signWebhook, verifyWebhook } from "../../src/outbox/webhook.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import type { OutboxMessage } from "../../src/store/outbox.ts";

const T0 = Date.parse("2026-05-04T10:00:00.000Z");

/** A partner's webhook endpoint on loopback: answers with the queued statuses, records what it got. */
function fakePartner() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const statuses: number[] = [];
  let server: Server;
  return {
    received,
    statuses,
    url: "",
    async start() {
      server = createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
          received.push({ headers: req.headers, body });
          const status = statuses.shift() ?? 200;
          if (status === 429) res.setHeader("retry-after", "7");
          res.writeHead(status).end();
        });
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/t0ken`;
    },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe("webhook signature", () => {
  it("matches Slack's signing scheme on Slack's published example", () => {
    // The v0 scheme from api.slack.com/authentication/verifying-requests-from-slack.
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    expect(signWebhook("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body)).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });

  it("verifies, and rejects a changed body, a wrong secret and a stale timestamp", () => {
    const sig = signWebhook("s3cret", 1000, '{"a":1}');
    expect(verifyWebhook("s3cret", { signature: sig, timestamp: "1000" }, '{"a":1}', 1100)).toBe(true);
    expect(verifyWebhook("s3cret", { signature: sig, timestamp: "1000" }, '{"a":2}', 1100)).toBe(false);
    expect(verifyWebhook("other", { signature: sig, timestamp: "1000" }, '{"a":1}', 1100)).toBe(false);
    expect(verifyWebhook("s3cret", { signature: sig, timestamp: "1000" }, '{"a":1}', 1000 + 301)).toBe(false);
    expect(verifyWebhook("s3cret", { timestamp: "1000" }, '{"a":1}', 1000)).toBe(false);
  });
});

describe("OutboxWorker with signed webhooks (SQLite, loopback partner)", () => {
  const partner = fakePartner();
  beforeAll(() => partner.start());
  afterAll(() => partner.stop());

  it("delivers signed, retries 5xx and 429 with backoff, then marks it done once", async () => {
    const store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
    let now = T0;
    const clock = () => new Date(now);
    const body = JSON.stringify({ referral: 7, state: "offered" });
    await store.outbox.enqueue({ kind: "webhook", key: "referral:7:offered:webhook", payload: { url: partner.url, body } }, clock());
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock,
      baseBackoffMs: 1000,
      handlers: {
        webhook: async (m: OutboxMessage) => {
          const p = m.payload as { url: string; body: string };
          await deliverWebhook({ url: p.url, body: p.body, deliveryId: m.key, secret: "whsec", now: clock() });
        },
      },
    });
    partner.statuses.push(503, 429);
    expect(await worker.drain()).toMatchObject({ claimed: 1, retried: 1, done: 0 });
    expect((await store.outbox.get("referral:7:offered:webhook"))!.lastError).toMatch(/answered 503/);
    expect((await store.outbox.get("referral:7:offered:webhook"))!.lastError).not.toContain("t0ken");
    now += 999;
    expect((await worker.drain()).claimed).toBe(0); // backoff 1 s not over yet
    now += 1;
    expect(await worker.drain()).toMatchObject({ claimed: 1, retried: 1 }); // 429 → Retry-After 7 s
    now += 6_999;
    expect((await worker.drain()).claimed).toBe(0);
    now += 1;
    expect(await worker.drain()).toMatchObject({ claimed: 1, done: 1 });
    expect(await worker.drain()).toMatchObject({ claimed: 0 });
    expect(partner.received).toHaveLength(3);
    for (const r of partner.received) {
      expect(r.body).toBe(body);
      expect(r.headers["x-partnerpilot-delivery"]).toBe("referral:7:offered:webhook");
      const ok = verifyWebhook(
        "whsec",
        { signature: r.headers["x-partnerpilot-signature"] as string, timestamp: r.headers["x-partnerpilot-request-timestamp"] as string },
        r.body,
        Math.floor(now / 1000),
      );
      expect(ok).toBe(true);
    }
    expect(await store.outbox.get("referral:7:offered:webhook")).toMatchObject({ state: "done", attempts: 3 });
    await store.close();
  });

  it("a 4xx is permanent: buried at once, never retried", async () => {
    partner.received.length = 0;
    const store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
    const clock = () => new Date(T0);
    await store.outbox.enqueue({ kind: "webhook", key: "w", payload: { url: partner.url } }, clock());
    partner.statuses.push(410);
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock,
      handlers: { webhook: (m) => deliverWebhook({ url: (m.payload as { url: string }).url, body: "{}", deliveryId: m.key, secret: "s", now: clock() }) },
    });
    expect(await worker.drain()).toMatchObject({ dead: 1 });
    expect(await store.outbox.get("w")).toMatchObject({ state: "dead", lastError: "PermanentDeliveryError: webhook to " + new URL(partner.url).host + " answered 410" });
    await store.close();
  });

  it("gives up after maxAttempts, and leaves kinds it has no handler for", async () => {
    const store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
    let now = T0;
    await store.outbox.enqueue({ kind: "flaky", key: "f", payload: 0 }, new Date(now));
    await store.outbox.enqueue({ kind: "someone-else", key: "s", payload: 0 }, new Date(now));
    const worker = new OutboxWorker({
      outbox: store.outbox,
      clock: () => new Date(now),
      maxAttempts: 3,
      baseBackoffMs: 10,
      handlers: { flaky: async () => { throw new Error("down"); } },
    });
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      outcomes.push(await worker.drain());
      now += 1000;
    }
    expect(outcomes.map((o) => [o.retried, o.dead])).toEqual([[1, 0], [1, 0], [0, 1]]);
    expect(await store.outbox.get("s")).toMatchObject({ state: "pending", attempts: 0 });
    expect(backoffMs(1, 10, 100)).toBe(10);
    expect(backoffMs(4, 10, 100)).toBe(80);
    expect(backoffMs(9, 10, 100)).toBe(100);
    await expect(Promise.reject(new PermanentDeliveryError("x"))).rejects.toMatchObject({ code: "delivery_permanent" });
    await store.close();
  });
});
