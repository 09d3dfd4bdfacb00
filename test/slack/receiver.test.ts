import type { App, ReceiverEvent } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logging.ts";
import { parseBody, SlackHttpReceiver } from "../../src/slack/SlackHttpReceiver.ts";
import { commandBody, eventBody, interactionBody, postSigned } from "../support/slack-signing.ts";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const started: SlackHttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((r) => r.stop()));
});

/** A receiver in front of a stand-in for Bolt's App that records what it is handed and runs `onEvent`. */
async function start(onEvent: (e: ReceiverEvent) => Promise<void> = async () => {}, options: { maxBodyBytes?: number; unackedTimeoutMs?: number } = {}) {
  const received: ReceiverEvent[] = [];
  const receiver = new SlackHttpReceiver({ signingSecret: SECRET, path: "/slack/events", healthPath: "/healthz", logger: silentLogger, ...options });
  receiver.init({
    processEvent: async (e: ReceiverEvent) => {
      received.push(e);
      await onEvent(e);
    },
  } as unknown as App);
  await receiver.start(0);
  started.push(receiver);
  return { url: `http://127.0.0.1:${receiver.port}/slack/events`, base: `http://127.0.0.1:${receiver.port}`, received };
}

const mention = eventBody({ type: "event_callback", event_id: "Ev1", team_id: "T1", event: { type: "app_mention", user: "U1", text: "hi", channel: "C1", ts: "1.0" } });

describe("SlackHttpReceiver", () => {
  it("acknowledges an event callback before Bolt processes it (a listener that never finishes still gets 200)", async () => {
    const { url, received } = await start(() => new Promise<void>(() => {}));
    const res = await postSigned(url, SECRET, mention, { headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" } });
    expect(res.status).toBe(200);
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]!.body.event_id).toBe("Ev1");
    expect(received[0]!.retryNum).toBe(2);
    expect(received[0]!.retryReason).toBe("http_timeout");
    // Bolt acks every event once more itself; that must not fail.
    await expect(received[0]!.ack()).resolves.toBeUndefined();
  });

  it("interactive payloads are answered by the listener's ack, with its response body; a second ack throws", async () => {
    let second: unknown;
    const { url } = await start(async (e) => {
      await e.ack({ response_action: "errors", errors: { reason: "Tell us what is wrong" } });
      second = await e.ack().catch((err: Error) => err);
    });
    const res = await postSigned(url, SECRET, interactionBody({ type: "view_submission", view: { callback_id: "x" } }));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ response_action: "errors", errors: { reason: "Tell us what is wrong" } });
    await expect.poll(() => (second as { code?: string } | undefined)?.code).toBe("slack_bolt_receiver_ack_multiple_error");
  });

  it("a payload nobody acknowledges gets 404 after the timeout; a crash before ack gets 500", async () => {
    const slow = await start(() => new Promise<void>(() => {}), { unackedTimeoutMs: 50 });
    expect((await postSigned(slow.url, SECRET, commandBody({ command: "/pilot", text: "help" }))).status).toBe(404);
    const crash = await start(async () => {
      throw new Error("boom");
    });
    expect((await postSigned(crash.url, SECRET, commandBody({ command: "/pilot", text: "help" }))).status).toBe(500);
  });

  it("refuses forged, stale, malformed and oversized requests without handing them to Bolt", async () => {
    const { url, received } = await start(async () => {}, { maxBodyBytes: 2000 });
    expect((await postSigned(url, SECRET, mention, { signature: "v0=deadbeef" })).status).toBe(401);
    expect((await postSigned(url, SECRET, mention, { timestamp: Math.floor(Date.now() / 1000) - 301 })).status).toBe(401);
    expect((await postSigned(url, "another-secret", mention)).status).toBe(401);
    expect((await postSigned(url, SECRET, { body: "{not json", contentType: "application/json" })).status).toBe(400);
    expect((await postSigned(url, SECRET, { body: "[1,2]", contentType: "application/json" })).status).toBe(400);
    expect((await postSigned(url, SECRET, { body: "payload=%7Bnope", contentType: "application/x-www-form-urlencoded" })).status).toBe(400);
    const big = eventBody({ type: "event_callback", event: { type: "app_mention", text: "x".repeat(5000) } });
    expect((await postSigned(url, SECRET, big)).status).toBe(413);
    expect(received).toHaveLength(0);
  });

  it("answers ssl_check, url_verification, health checks; other paths and methods are refused", async () => {
    const { url, base, received } = await start();
    expect((await postSigned(url, SECRET, commandBody({ ssl_check: "1", token: "x" }))).status).toBe(200);
    // Unsigned, as Slack may send it: still 200, and still nothing handed to Bolt.
    expect((await postSigned(url, SECRET, commandBody({ ssl_check: "1", token: "x" }), { signature: "v0=unsigned" })).status).toBe(200);
    const challenge = await postSigned(url, SECRET, eventBody({ type: "url_verification", challenge: "abc123", token: "x" }));
    expect(JSON.parse(challenge.text)).toEqual({ challenge: "abc123" });
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
    expect((await fetch(`${base}/elsewhere`, { method: "POST" })).status).toBe(404);
    expect((await fetch(url)).status).toBe(405);
    expect(received).toHaveLength(0);
  });

  it("hands events over one per turn of the event loop, in arrival order", async () => {
    const order: string[] = [];
    const { url, received } = await start(async (e) => {
      order.push(String(e.body.event_id));
    });
    const bodies = Array.from({ length: 5 }, (_, i) => eventBody({ type: "event_callback", event_id: `E${i}`, event: { type: "app_mention" } }));
    for (const b of bodies) expect((await postSigned(url, SECRET, b)).status).toBe(200);
    await expect.poll(() => received.length).toBe(5);
    expect(order).toEqual(["E0", "E1", "E2", "E3", "E4"]);
  });
});

describe("SlackHttpReceiver lifecycle", () => {
  it("stop() lets a request waiting for its listener's ack get it, and counts it as in flight meanwhile", async () => {
    let receiver!: SlackHttpReceiver;
    const { url } = await start(async (e) => {
      await new Promise((r) => setTimeout(r, 150));
      await e.ack({ text: "late but fine" });
    });
    receiver = started.at(-1)!;
    const pending = postSigned(url, SECRET, commandBody({ command: "/pilot", text: "help" }));
    await expect.poll(() => receiver.inFlight).toBe(1);
    await receiver.stop();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ text: "late but fine" });
    expect(receiver.inFlight).toBe(0);
  });

  it("a failed listen (port in use) leaves the receiver startable", async () => {
    const { url } = await start();
    const port = Number(new URL(url).port);
    const second = new SlackHttpReceiver({ signingSecret: SECRET, path: "/slack/events", healthPath: "/healthz", logger: silentLogger });
    await expect(second.start(port)).rejects.toThrow(/EADDRINUSE/);
    await expect(second.start(0)).resolves.toBeDefined();
    await second.stop();
  });
});

describe("parseBody", () => {
  it("reads JSON events, form-encoded commands and interactivity payloads as Bolt does", () => {
    expect(parseBody('{"type":"event_callback"}', "application/json")).toEqual({ type: "event_callback" });
    expect(parseBody("command=%2Fpilot&text=help+me", "application/x-www-form-urlencoded")).toEqual({ command: "/pilot", text: "help me" });
    expect(parseBody(interactionBody({ type: "block_actions" }).body, "application/x-www-form-urlencoded; charset=utf-8")).toEqual({ type: "block_actions" });
    expect(() => parseBody("null", "application/json")).toThrow(/not a JSON object/);
  });
});
