/**
 * Findings 2 and 5 of the fault probe, in process: a Slack outage, a post that outlives the client's timeout,
 * and 429 → 500s → a hang. Each must end with exactly one answer per question and at most one failure message.
 * The clock is injected: "20 seconds later" is a clock move and one inbox sweep, not a wait.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ANSWER_ACTIONS_BLOCK } from "../../../src/slack/ids.ts";
import { sampleResult } from "../support/fake-engine.ts";
import { blocksOf, fixture, fresh, type Harness, mentionEnvelope, NOW, PLANTED, startHarness } from "../support/harness.ts";

const open: Harness[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((h) => h.close()));
});

/** A harness whose clock the test moves, short inbox and Web API timings, and no automatic sweep. */
async function start(extra: Parameters<typeof startHarness>[0] = {}) {
  let now = NOW.getTime();
  const h = await startHarness({
    clock: () => new Date(now),
    placeholderDelayMs: 0,
    ...extra,
    app: { inbox: { sweepEveryMs: 0, retryBaseMs: 5_000, leaseMs: 30_000, maxAttempts: 8 }, replyBackoffMs: 5, webApiTimeoutMs: 400, ...extra.app },
  });
  open.push(h);
  return { h, advance: (ms: number) => (now += ms) };
}

const hasButtons = (blocks: unknown) => (blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === ANSWER_ACTIONS_BLOCK) ?? false;

/** The bot's messages in a thread as Slack holds them now (after every update). */
function threadMessages(h: Harness, channel: string, threadTs: string) {
  return [...h.fake.messages.values()].filter((m) => m.channel === channel && m.thread_ts === threadTs);
}

const failureNotices = (h: Harness) =>
  h.fake.calls.filter((c) => ["chat.postMessage", "chat.postEphemeral", "chat.update"].includes(c.method) && c.response.ok === true && /reference `PP-/.test(String(c.body.text)));

describe("delivery survives Slack failing", () => {
  it("a 20-second Slack outage: the question is answered afterwards, once, with no failure message", async () => {
    const { h, advance } = await start();
    for (const method of ["chat.postMessage", "chat.update", "conversations.replies", "chat.postEphemeral"]) h.fake.failNext(method, { status: 503 }, 1000);
    const env = mentionEnvelope(h.fake.botUserId);
    expect((await h.sendEvent(env)).status).toBe(200);
    await expect.poll(() => h.logs.some((l) => l.msg === "could not deliver the answer; will retry"), { timeout: 5000 }).toBe(true);
    await h.settle(200);
    expect(threadMessages(h, env.event.channel, env.event.ts)).toHaveLength(0);
    expect((await h.store.inboxStats()).pending).toBe(1);

    // 20 s later Slack is back; the sweep (any replica's) retries the deferred event.
    advance(20_000);
    h.fake.clearFaults();
    await h.slack.sweepInbox();
    await h.settle(200);
    const messages = threadMessages(h, env.event.channel, env.event.ts);
    expect(messages).toHaveLength(1);
    expect(hasButtons(messages[0]!.blocks)).toBe(true);
    expect(failureNotices(h)).toHaveLength(0);
    expect((await h.store.inboxStats()).pending).toBe(0);
    // Another sweep, or Slack retrying the event, changes nothing.
    advance(60_000);
    await h.slack.sweepInbox();
    expect((await h.sendEvent(env, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } })).status).toBe(200);
    await h.settle(200);
    expect(threadMessages(h, env.event.channel, env.event.ts)).toHaveLength(1);
  });

  it("a post that outlives the client's timeout but succeeded is not posted again: one answer", async () => {
    const { h } = await start();
    h.fake.failNext("chat.postMessage", { hangMs: 900 });
    const env = mentionEnvelope(h.fake.botUserId);
    await h.sendEvent(env);
    await h.fake.waitFor(() => threadMessages(h, env.event.channel, env.event.ts).some((m) => hasButtons(m.blocks)));
    await h.settle(1200); // the hung request has finished by now too
    const messages = threadMessages(h, env.event.channel, env.event.ts);
    expect(messages).toHaveLength(1);
    expect(hasButtons(messages[0]!.blocks)).toBe(true);
    expect(h.fake.callsTo("conversations.replies").length).toBeGreaterThan(0); // it looked before posting again
    expect(failureNotices(h)).toHaveLength(0);
  });

  it("429, then 500s, then a hang, in a DM: one answer, no failure message", async () => {
    const { h, advance } = await start();
    h.fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 });
    h.fake.failNext("chat.postMessage", { status: 500 }, 2);
    h.fake.failNext("chat.postMessage", { hangMs: 900 });
    const env = fixture("02_message_im.event_callback.json");
    const { eventId, ts } = fresh();
    env.event_id = eventId;
    env.event.ts = ts;
    env.event.text = `my card ${PLANTED[0]}: how do I start with AI?`;
    await h.sendEvent(env);
    await h.settle(1500);
    // The reply may already be there (the hung post went through) or still to come: the sweep finishes it.
    advance(60_000);
    await h.slack.sweepInbox();
    await h.settle(300);
    const messages = threadMessages(h, env.event.channel, ts);
    expect(messages).toHaveLength(1);
    expect(hasButtons(messages[0]!.blocks)).toBe(true);
    expect(failureNotices(h)).toHaveLength(0);
  });

  it("a failure Slack will not get over is told once, however often the event comes back", async () => {
    const { h, advance } = await start({ engineOptions: { fail: () => new Error("index unavailable") } });
    const env = mentionEnvelope(h.fake.botUserId);
    await h.sendEvent(env);
    await h.fake.waitFor(() => failureNotices(h).length === 1);
    advance(60_000);
    await h.sendEvent(env, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    await h.slack.sweepInbox();
    // The same message in a second event (another replica's app_mention + message pair) is not answered again either.
    await h.sendEvent({ ...env, event_id: `${env.event_id}-again` });
    await h.settle(300);
    expect(failureNotices(h)).toHaveLength(1);
  });
});

describe("what a channel sees is redacted and escaped", () => {
  it("/pilot does not republish the question's card number or email; fallback text has no broadcast or link markup", async () => {
    const { h } = await start({
      engineOptions: {
        result: () => {
          const text = "Tell <!channel> and <!here>: see <https://evil.example.com|this> for *details*.";
          return sampleResult({ intent: "question", answer: text, reply: { kind: "model", text }, citations: [], escalation: { recommended: false, criteria: [], reasons: [], partners: [] } });
        },
      },
    });
    const fields = Object.fromEntries(new URLSearchParams(fixture<Record<string, string>>("09_slash_command.json") as never)) as Record<string, string>;
    await h.sendCommand({
      ...fields,
      command: "/pilot",
      text: `my card is ${PLANTED[0]} and I am ${PLANTED[2]}, how do I use AI for invoices?`,
      user_id: "U0PILOT01",
      channel_id: "C0PILOT01",
      trigger_id: "trigger-pilot-1",
      response_url: h.fake.responseUrl(),
    });
    await h.fake.waitFor((calls) => calls.find((c) => c.body.channel === "C0PILOT01" && hasButtons(c.body.blocks)));
    const shown = h.fake.calls.filter((c) => c.body.channel === "C0PILOT01");
    const all = JSON.stringify(shown.map((c) => [c.body.text, c.body.blocks]));
    for (const pii of [PLANTED[0], PLANTED[1], PLANTED[2]]) expect(all).not.toContain(pii);
    for (const c of shown) {
      expect(String(c.body.text)).not.toMatch(/<!channel>|<!here>|<https?:/);
    }
    expect(JSON.stringify(shown.map((c) => blocksOf(c)))).not.toMatch(/<!channel>|<!here>/);
  });
});
