/**
 * The real Bolt app in socket mode (SLACK_APP_TOKEN): Bolt's SocketModeReceiver asks the fake Slack Web API for
 * a WebSocket URL (apps.connections.open, app token), connects to a fake Socket Mode server on loopback, and
 * gets Slack's envelopes over it; answers go to the fake Web API as in HTTP mode.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging.ts";
import { createSlackApp, type SlackApp } from "../../src/slack/app.ts";
import { ANSWER_ACTIONS_BLOCK, FEEDBACK_UP } from "../../src/slack/ids.ts";
import { openStore } from "../../src/store/index.ts";
import type { Store } from "../../src/store/Store.ts";
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from "../support/fake-slack.ts";
import { type FakeSocketMode, type FakeSocketModeOptions, startFakeSocketMode } from "../support/fake-socket-mode.ts";
import { FakeEngine } from "./support/fake-engine.ts";
import { answerButtonClick, blocksOf, ESCALATION_CHANNEL, fixtureText, mentionEnvelope, NOW } from "./support/harness.ts";

const APP_TOKEN = "xapp-1-A123ABC456-1234567890-test";
const BOT_TOKEN = "xoxb-test-token";

interface SocketHarness {
  socket: FakeSocketMode;
  fake: FakeSlackApi;
  store: Store;
  engine: FakeEngine;
  slack: SlackApp;
  logs: Record<string, any>[];
  /** Resolves when start() does (socket mode: after Slack's hello). */
  started: Promise<{ port?: number }>;
  close(): Promise<void>;
}

/** Fakes first (the Web API hands out the socket server's URL), then the app; start() is begun, not awaited. */
async function startSocketHarness(options: FakeSocketModeOptions & { beforeStart?: (fake: FakeSlackApi) => void } = {}): Promise<SocketHarness> {
  const dir = mkdtempSync(join(tmpdir(), "pp-socket-"));
  const store = await openStore({ dataDir: dir });
  const socket = await startFakeSocketMode(options);
  const fake = await startFakeSlackApi({ socketModeUrl: socket.connectionUrl });
  options.beforeStart?.(fake);
  const logs: Record<string, any>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) logs.push(JSON.parse(line));
      done();
    },
  });
  const engine = new FakeEngine({ store });
  const slack = createSlackApp({
    config: { enabled: true, mode: "socket", botToken: BOT_TOKEN, appToken: APP_TOKEN, port: 0, apiUrl: fake.url, escalationChannel: ESCALATION_CHANNEL, rateLimitPerMinute: 100 },
    engine,
    store,
    logger: createLogger("info", sink),
    clock: () => NOW,
    retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 },
  });
  const started = slack.start();
  started.catch(() => undefined);
  return {
    socket,
    fake,
    store,
    engine,
    slack,
    logs,
    started,
    async close() {
      await slack.stop();
      await socket.close();
      await fake.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let h: SocketHarness;
beforeAll(async () => {
  h = await startSocketHarness();
  await h.started;
});
afterAll(async () => {
  await h?.close();
});

const hasAnswerButtons = (c: RecordedCall) => blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK);
const repliesIn = (fake: FakeSlackApi, channel: string, threadTs: string) =>
  fake.calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel && c.body.thread_ts === threadTs && c.response.ok === true);

/** Waits until the fake Web API has had no call for `ms`. */
async function quiet(fake: FakeSlackApi, ms = 150): Promise<void> {
  let last = performance.now();
  const off = fake.onCall(() => {
    last = performance.now();
  });
  try {
    while (performance.now() - last < ms) await sleep(25);
  } finally {
    off();
  }
}

describe("Slack app in socket mode", () => {
  it("opens the connection with the app token, connects to the URL Slack gave, and start() resolves on hello", async () => {
    const opens = h.fake.callsTo("apps.connections.open");
    expect(opens).toHaveLength(1);
    expect(opens[0]!.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);
    expect(opens[0]!.response).toMatchObject({ ok: true });
    // The bot token is checked (auth.test) with the bot token, never the app token.
    expect(h.fake.callsTo("auth.test")[0]!.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    // The socket was opened on exactly the URL handed out, query string (the ticket) intact.
    expect(h.socket.connections).toHaveLength(1);
    const conn = h.socket.connections[0]!;
    const handed = new URL(String(opens[0]!.response.url));
    expect(conn.path).toBe(`${handed.pathname}${handed.search}`);
    expect(conn.ticket).toBe(handed.searchParams.get("ticket"));
    expect(conn.helloSent).toBe(true);
    expect(conn.closed).toBeUndefined();
    expect(h.logs.some((l) => l.msg === "Slack app connected" && l.mode === "socket")).toBe(true);
  });

  it("start() waits for Slack's hello before it resolves", async () => {
    const late = await startSocketHarness({ autoHello: false });
    try {
      let resolved = false;
      void late.started.then(() => {
        resolved = true;
      });
      await late.socket.waitFor(() => late.socket.connections.length === 1);
      await sleep(50);
      expect(resolved).toBe(false);
      late.socket.hello();
      await expect(late.started).resolves.toEqual({ port: expect.any(Number) });
    } finally {
      await late.close();
    }
  });

  it("a revoked app token fails start() with a setup error naming SLACK_APP_TOKEN, without connecting", async () => {
    const revoked = await startSocketHarness({ beforeStart: (fake) => fake.failNext("apps.connections.open", { error: "invalid_auth" }) });
    try {
      const error = await revoked.started.then(() => undefined, (err: unknown) => err as Error);
      expect(error?.name).toBe("SlackSetupError");
      expect(error?.message).toMatch(/apps\.connections\.open: .*invalid_auth.*SLACK_APP_TOKEN.*connections:write/);
      expect(revoked.socket.connections).toHaveLength(0);
      expect(revoked.fake.callsTo("apps.connections.open")).toHaveLength(1);
    } finally {
      await revoked.close();
    }
  });

  it("acks an app_mention with its envelope_id at once and gives exactly one threaded reply with sources and buttons", async () => {
    const env = mentionEnvelope(h.fake.botUserId);
    const envelope = h.socket.sendEvent(env);
    const ack = await h.socket.ackFor(envelope.envelope_id);
    expect(ack.payload ?? {}).toEqual({});
    const reply = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && hasAnswerButtons(c)));
    // Acknowledged before any work: the ack came before the answer was posted.
    expect(ack.at).toBeLessThan(reply.at);
    await quiet(h.fake);
    expect(repliesIn(h.fake, env.event.channel, env.event.ts)).toHaveLength(1);
    expect(h.socket.acks.filter((a) => a.envelope_id === envelope.envelope_id)).toHaveLength(1);

    const blocks = blocksOf(reply);
    const sources = blocks.find((b) => b.type === "context" && b.elements[0]?.text === "*Sources*");
    expect(sources.elements.map((e: any) => e.text).join("\n")).toMatch(/Connecting AI assistants to Salesforce.*Prerequisites.*Revenue Operations.*reviewed 2 months ago/);
    expect(sources.elements.some((e: any) => /:warning:.*older than 180 days/.test(e.text))).toBe(true);
    const actions = blocks.find((b) => b.block_id === ANSWER_ACTIONS_BLOCK);
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(["feedback_up", "feedback_down", "talk_to_partner", "flag_outdated"]);
    expect(reply.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(h.engine.requests.at(-1)).toMatchObject({ text: "how do I connect an assistant to Salesforce?", conversationId: `${env.event.channel}:${env.event.ts}`, userId: env.event.user });
  });

  it("answers once when Slack redelivers the same event (retry_attempt > 0), acking every delivery", async () => {
    const env = mentionEnvelope(h.fake.botUserId);
    const first = h.socket.sendEvent(env);
    const retry1 = h.socket.sendEvent(env, { attempt: 1, reason: "timeout" });
    const retry2 = h.socket.sendEvent(env, { attempt: 2, reason: "timeout" });
    for (const e of [first, retry1, retry2]) await h.socket.ackFor(e.envelope_id);
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && hasAnswerButtons(c)));
    await quiet(h.fake, 300);
    expect(repliesIn(h.fake, env.event.channel, env.event.ts)).toHaveLength(1);
    expect(h.engine.requests.filter((r) => r.conversationId === `${env.event.channel}:${env.event.ts}`)).toHaveLength(1);
    // Socket mode carries the retry number in the envelope; it reaches the middleware like the HTTP header does.
    const dupes = h.logs.filter((l) => l.msg === "duplicate event delivery ignored" && l.inboxKey === `event:${env.event_id}`);
    expect(dupes.map((l) => l.retryNum).sort()).toEqual([1, 2]);
    expect(dupes.every((l) => l.retryReason === "timeout")).toBe(true);
  });

  describe("/pilot", () => {
    const command = (text: string, extra: Record<string, string> = {}) => {
      const fields = Object.fromEntries(new URLSearchParams(fixtureText("09_slash_command.body.txt"))) as Record<string, string>;
      return { ...fields, command: "/pilot", text, response_url: h.fake.responseUrl(), ...extra };
    };

    it("help is delivered in the ack's payload", async () => {
      const envelope = h.socket.sendCommand(command("help"));
      const ack = await h.socket.ackFor(envelope.envelope_id);
      expect(ack.payload?.response_type).toBe("ephemeral");
      expect(JSON.stringify(ack.payload?.blocks)).toContain("/pilot &lt;question&gt;");
      expect(JSON.stringify(ack.payload?.blocks)).not.toMatch(/don't know the sub-command/);
    });

    it("a question is acked empty and answered in the channel as a new thread", async () => {
      const envelope = h.socket.sendCommand(command("how do I connect an assistant to Salesforce?", { channel_id: "CSOCKET01" }));
      const ack = await h.socket.ackFor(envelope.envelope_id);
      expect(ack.payload ?? {}).toEqual({});
      const post = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "CSOCKET01"));
      expect(post.body.thread_ts).toBeUndefined();
      const update = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.update" && c.body.ts === post.response.ts && hasAnswerButtons(c)));
      expect(blocksOf(update)[0].text.text).toMatch(/asked: _how do I connect/);
    });
  });

  it("a button click arrives as an interactive envelope: acked, feedback stored, the user thanked", async () => {
    const env = mentionEnvelope(h.fake.botUserId, { user: "USOCKCLK1" });
    h.socket.sendEvent(env);
    const answer = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && hasAnswerButtons(c)));
    const ts = answer.response.ts as string;
    const button = blocksOf(answer).find((b) => b.block_id === ANSWER_ACTIONS_BLOCK).elements.find((e: any) => e.action_id === FEEDBACK_UP);

    const payload = answerButtonClick({ channel: env.event.channel, threadTs: env.event.ts, ts }, button, "USOCKCLK1", h.fake.responseUrl());
    const envelope = h.socket.sendInteractive(payload);
    expect(envelope.accepts_response_payload).toBe(false);
    await h.socket.ackFor(envelope.envelope_id);
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.user === "USOCKCLK1" && /Thanks!/.test(String(c.body.text))));
    expect(await h.store.feedbackFor(`${env.event.channel}:${ts}`)).toMatchObject([{ kind: "up", userId: "USOCKCLK1" }]);
  });
});

describe("socket mode shutdown", () => {
  /** What keeps the event loop alive: ref'd timers and sockets (unref'd ones are not listed; stdio/IPC pipes ignored). */
  const keepAlive = () => process.getActiveResourcesInfo().filter((r) => r !== "PipeWrap" && r !== "TTYWrap").sort();
  /** Samples `keepAlive()` every 20 ms until `done(sample)` or `ms` pass; returns the last sample. (By hand: expect.poll's own timer would be counted.) */
  async function sampleUntil(done: (sample: string[]) => boolean, ms: number): Promise<string[]> {
    const until = performance.now() + ms;
    let sample = keepAlive();
    while (!done(sample) && performance.now() < until) {
      await sleep(20);
      sample = keepAlive();
    }
    return sample;
  }

  it("stop() closes the socket with a normal closure, takes no new work, and leaves nothing keeping the process alive", async () => {
    // Baseline once the previous tests' servers and sockets are gone (stable for 5 samples in a row).
    let previous = "";
    let stable = 0;
    const before = await sampleUntil((s) => {
      stable = JSON.stringify(s) === previous ? stable + 1 : 0;
      previous = JSON.stringify(s);
      return stable >= 5;
    }, 2000);

    const own = await startSocketHarness();
    await own.started;
    // Some traffic first, so Web API connections and the socket's heartbeat are all in play.
    const env = mentionEnvelope(own.fake.botUserId);
    own.socket.sendEvent(env);
    await own.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && hasAnswerButtons(c)));
    await quiet(own.fake);
    const conn = own.socket.connections[0]!;

    await own.slack.stop();
    // stop() disconnects, then waits for answers in progress (none here). An envelope Slack sends after that,
    // if the socket is still closing, is neither acked nor answered, so Slack redelivers it to another connection.
    const late = mentionEnvelope(own.fake.botUserId);
    let lateEnvelope: { envelope_id: string } | undefined;
    try {
      lateEnvelope = own.socket.sendEvent(late);
    } catch {
      // Already closed: nothing can be delivered, which is what this checks.
    }
    await own.socket.waitFor(() => conn.closed, 2000);
    expect(conn.closed).toEqual({ code: 1000, reason: "" });
    await quiet(own.fake);
    if (lateEnvelope) expect(own.socket.acks.some((a) => a.envelope_id === lateEnvelope!.envelope_id)).toBe(false);
    expect(own.fake.calls.filter((c) => c.body.thread_ts === late.event.ts)).toHaveLength(0);
    expect(own.engine.requests).toHaveLength(1);
    // A deliberate stop does not reconnect.
    expect(own.socket.connections).toHaveLength(1);
    expect(own.fake.callsTo("apps.connections.open")).toHaveLength(1);

    await own.close();
    const after = await sampleUntil((s) => JSON.stringify(s) === JSON.stringify(before), 2000);
    expect(after).toEqual(before);
  });
});
