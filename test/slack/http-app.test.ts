/**
 * The real Bolt app in HTTP mode, the real web-api client, a fake Slack Web API on loopback, signed requests.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ANSWER_ACTIONS_BLOCK, FEEDBACK_DOWN, FEEDBACK_REASON_MODAL, FEEDBACK_UP, REASON_INPUT } from "../../src/slack/ids.ts";
import { answerButtonClick, blocksOf, ESCALATION_CHANNEL, fixture, fixtureText, fresh, type Harness, mentionEnvelope, startHarness } from "./support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const hasAnswerButtons = (c: { body: Record<string, unknown> }) => blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK);

/** The answer in a thread: posted there complete, or a placeholder posted there and updated with it. */
async function finalAnswerFor(channel: string, threadTs: string, harness: Harness = h) {
  return harness.fake.waitFor((calls) => {
    const inThread = calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === channel && c.body.thread_ts === threadTs && c.response.ok === true);
    const direct = inThread.find(hasAnswerButtons);
    if (direct) return { call: direct, ts: direct.response.ts as string };
    const placeholders = new Set(inThread.map((c) => c.response.ts));
    const update = calls.find((c) => c.method === "chat.update" && placeholders.has(c.body.ts) && hasAnswerButtons(c));
    return update && { call: update, ts: update.body.ts as string };
  });
}

const postsInThread = (channel: string, threadTs: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel && c.body.thread_ts === threadTs && c.response.ok === true);

describe("stopping the app", () => {
  it("an event acknowledged but still in middleware (a slow store) is answered before stop() resolves", async () => {
    const slowClaims = await startHarness({
      wrapStore: (store) =>
        new Proxy(store, {
          get(target, prop, receiver) {
            const value = Reflect.get(target, prop, receiver);
            if (prop !== "claimEvent") return typeof value === "function" ? value.bind(target) : value;
            return async (...args: unknown[]) => {
              await new Promise((r) => setTimeout(r, 60));
              return (value as (...a: unknown[]) => Promise<boolean>).apply(target, args);
            };
          },
        }),
    });
    try {
      const env = mentionEnvelope(slowClaims.fake.botUserId);
      expect((await slowClaims.sendEvent(env)).status).toBe(200);
      await slowClaims.slack.stop();
      expect((slowClaims.engine as unknown as { requests: unknown[] }).requests).toHaveLength(1);
      const answered = slowClaims.fake.calls.some(
        (c) => (c.method === "chat.postMessage" || c.method === "chat.update") && hasAnswerButtons(c) && JSON.stringify(c.body).includes(env.event.ts),
      );
      expect(answered).toBe(true);
    } finally {
      await slowClaims.close();
    }
  });

  it("an answer in progress when stop() is called is still delivered before stop() resolves", async () => {
    const slow = await startHarness({ engineOptions: { delayMs: 300 } });
    try {
      const env = mentionEnvelope(slow.fake.botUserId);
      expect((await slow.sendEvent(env)).status).toBe(200);
      // Acked, the answer is being written: Slack will not send this event again.
      await vi.waitFor(() => expect((slow.engine as unknown as { requests: unknown[] }).requests).toHaveLength(1));
      await slow.slack.stop();
      const answered = slow.fake.calls.some(
        (c) => (c.method === "chat.postMessage" || c.method === "chat.update") && hasAnswerButtons(c) && JSON.stringify(c.body).includes(env.event.ts),
      );
      expect(answered).toBe(true);
      // And nothing new is taken once stopped.
      await expect(slow.sendEvent(mentionEnvelope(slow.fake.botUserId))).rejects.toThrow();
    } finally {
      await slow.close();
    }
  });
});

describe("Slack app over HTTP", () => {
  it("answers url_verification with the challenge", async () => {
    const body = fixture("10_url_verification.json");
    const res = await h.sendEvent(body);
    expect(res.status).toBe(200);
    expect(res.text).toContain(body.challenge);
  });

  it("answers a valid mention with exactly one threaded reply carrying sources and buttons", async () => {
    const env = mentionEnvelope(h.fake.botUserId);
    const res = await h.sendEvent(env);
    expect(res.status).toBe(200);
    const { call } = await finalAnswerFor(env.event.channel, env.event.ts);
    await h.settle();
    expect(postsInThread(env.event.channel, env.event.ts)).toHaveLength(1);
    const blocks = blocksOf(call);
    const sources = blocks.find((b) => b.type === "context" && b.elements[0]?.text === "*Sources*");
    expect(sources.elements.map((e: any) => e.text).join("\n")).toMatch(/Connecting AI assistants to Salesforce.*Prerequisites.*Revenue Operations.*reviewed 2 months ago/);
    expect(sources.elements.some((e: any) => /:warning:.*older than 180 days/.test(e.text))).toBe(true);
    const actions = blocks.find((b) => b.block_id === ANSWER_ACTIONS_BLOCK);
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(["feedback_up", "feedback_down", "talk_to_partner", "flag_outdated"]);
    // The bot mention is stripped and the thread is the conversation.
    const engine = h.engine as any;
    expect(engine.requests.at(-1)).toMatchObject({ text: "how do I connect an assistant to Salesforce?", conversationId: `${env.event.channel}:${env.event.ts}`, userId: env.event.user });
  });

  it("a slow answer shows a placeholder, progress while it is written, then the answer in the same message", async () => {
    const slow = await startHarness({ engineOptions: { delayMs: 150, chunkDelayMs: 40, chunkSize: 60 }, placeholderDelayMs: 50, progressIntervalMs: 100 });
    try {
      const env = mentionEnvelope(slow.fake.botUserId);
      await slow.sendEvent(env);
      const { call, ts } = await finalAnswerFor(env.event.channel, env.event.ts, slow);
      expect(call.method).toBe("chat.update");
      const posts = slow.fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === env.event.ts);
      expect(posts).toHaveLength(1);
      expect(String(posts[0]!.body.text)).toMatch(/Looking through the playbooks/);
      const progress = slow.fake.callsTo("chat.update").filter((c) => c.body.ts === ts && JSON.stringify(c.body.blocks).includes("still writing"));
      expect(progress.length).toBeGreaterThan(0);
    } finally {
      await slow.close();
    }
  });

  it("rejects a bad signature and a timestamp older than 5 minutes with 401, posting nothing", async () => {
    const before = h.fake.calls.length;
    const bad = await h.sendEvent(mentionEnvelope(h.fake.botUserId), { signature: "v0=deadbeef" });
    expect(bad.status).toBe(401);
    const stale = await h.sendEvent(mentionEnvelope(h.fake.botUserId), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    await h.settle();
    expect(h.fake.calls.length).toBe(before);
  });

  it("answers once when Slack delivers the same event three times with retry headers", async () => {
    const env = mentionEnvelope(h.fake.botUserId);
    const first = await h.sendEvent(env);
    const retry1 = await h.sendEvent(env, { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    const retry2 = await h.sendEvent(env, { headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" } });
    expect([first.status, retry1.status, retry2.status]).toEqual([200, 200, 200]);
    await finalAnswerFor(env.event.channel, env.event.ts);
    await h.settle(300);
    expect(postsInThread(env.event.channel, env.event.ts)).toHaveLength(1);
    const inThread = new Set(postsInThread(env.event.channel, env.event.ts).map((p) => p.response.ts));
    expect(h.fake.callsTo("chat.update").filter((c) => inThread.has(c.body.ts))).toHaveLength(0);
  });

  it("answers a DM in a thread under the message", async () => {
    const env = fixture("02_message_im.event_callback.json");
    const { eventId, ts } = fresh();
    env.event_id = eventId;
    env.event.ts = ts;
    await h.sendEvent(env);
    const { call } = await finalAnswerFor(env.event.channel, ts);
    expect(call.body.channel).toBe(env.event.channel);
  });

  it("answers the same message once even when two events (different event ids) carry it", async () => {
    const env = fixture("02_message_im.event_callback.json");
    const { eventId, ts } = fresh();
    env.event_id = eventId;
    env.event.ts = ts;
    await h.sendEvent(env);
    await h.sendEvent({ ...env, event_id: `${eventId}-other-replica` });
    await finalAnswerFor(env.event.channel, ts);
    await h.settle(300);
    expect(postsInThread(env.event.channel, ts)).toHaveLength(1);
  });

  it("answers a follow-up in a thread it answered, without a mention, and ignores other threads", async () => {
    const env = mentionEnvelope(h.fake.botUserId, { channel: "C111" });
    await h.sendEvent(env);
    await finalAnswerFor("C111", env.event.ts);

    const reply = fixture("03a_message_thread_reply.event_callback.json");
    const { eventId, ts } = fresh();
    reply.event_id = eventId;
    reply.event = { ...reply.event, ts, event_ts: ts, thread_ts: env.event.ts, text: "and for Workday?" };
    await h.sendEvent(reply);
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && hasAnswerButtons(c)).length === 2);
    const engine = h.engine as any;
    await h.fake.waitFor(() => engine.requests.some((r: any) => r.text === "and for Workday?"));
    expect(engine.requests.find((r: any) => r.text === "and for Workday?").conversationId).toBe(`C111:${env.event.ts}`);

    const elsewhere = fixture("03a_message_thread_reply.event_callback.json");
    const other = fresh();
    elsewhere.event_id = other.eventId;
    elsewhere.event = { ...elsewhere.event, ts: other.ts, event_ts: other.ts, thread_ts: "1111111111.000001", text: "unrelated chatter" };
    await h.sendEvent(elsewhere);
    await h.settle(300);
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === "1111111111.000001")).toHaveLength(0);
  });

  it("ignores edits, bot messages and classic bot_message events", async () => {
    const before = h.fake.calls.length;
    for (const name of ["03b_message_changed.event_callback.json", "03c_message_from_bot.event_callback.json", "03d_message_bot_message_subtype.event_callback.json"]) {
      const env = fixture(name);
      env.event_id = fresh().eventId;
      expect((await h.sendEvent(env)).status).toBe(200);
    }
    await h.settle(300);
    expect(h.fake.calls.length).toBe(before);
  });

  it("still delivers when Slack answers 429 (Retry-After) before 200", async () => {
    h.fake.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 0 });
    const env = mentionEnvelope(h.fake.botUserId);
    await h.sendEvent(env);
    await finalAnswerFor(env.event.channel, env.event.ts);
    const attempts = h.fake.callsTo("chat.postMessage").filter((c) => c.body.thread_ts === env.event.ts);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
  });

  it("when a Slack call fails for good, the user sees a message with a reference id that is in the log", async () => {
    h.fake.failNext("chat.postMessage", { error: "invalid_blocks" });
    const env = mentionEnvelope(h.fake.botUserId);
    await h.sendEvent(env);
    const failure = await h.fake.waitFor((calls) =>
      calls.find((c) => c.method === "chat.postMessage" && c.response.ok === true && c.body.thread_ts === env.event.ts && /reference `(PP-[0-9a-f]{8})`/.test(String(c.body.text))),
    );
    const ref = /(PP-[0-9a-f]{8})/.exec(String(failure.body.text))![1];
    expect(h.logs.some((l) => l.referenceId === ref && l.level >= 50)).toBe(true);
  });

  it("when the engine fails, the user sees a message with a reference id", async () => {
    const failing = await startHarness({ engineOptions: { fail: () => new Error("index unavailable") } });
    try {
      const env = mentionEnvelope(failing.fake.botUserId);
      await failing.sendEvent(env);
      const failure = await failing.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && /PP-[0-9a-f]{8}/.test(String(c.body.text))));
      const ref = /(PP-[0-9a-f]{8})/.exec(String(failure.body.text))![1];
      expect(failing.logs.find((l) => l.referenceId === ref)?.err?.message).toBe("index unavailable");
    } finally {
      await failing.close();
    }
  });

  it("tells a user over the rate limit, politely and only them", async () => {
    const limited = await startHarness({ rateLimitPerMinute: 2 });
    try {
      const envs = [0, 1, 2].map(() => mentionEnvelope(limited.fake.botUserId, { user: "URATE01" }));
      for (const env of envs) await limited.sendEvent(env);
      const note = await limited.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.user === "URATE01"));
      expect(String(note.body.text)).toMatch(/limit: 2 questions a minute/);
      await limited.settle();
      expect(limited.fake.callsTo("chat.postMessage")).toHaveLength(2);
    } finally {
      await limited.close();
    }
  });

  it("declines oversized input with a clear note instead of an answer", async () => {
    const env = mentionEnvelope(h.fake.botUserId, { text: `<@${h.fake.botUserId}> ${"x".repeat(5000)}` });
    await h.sendEvent(env);
    const note = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.thread_ts === env.event.ts));
    expect(String(note.body.text)).toMatch(/5,000 characters long; I can take up to 4,000/);
    expect(postsInThread(env.event.channel, env.event.ts)).toHaveLength(0);
  });

  describe("/pilot", () => {
    const command = (text: string, extra: Record<string, string> = {}) => {
      const fields = Object.fromEntries(new URLSearchParams(fixtureText("09_slash_command.body.txt"))) as Record<string, string>;
      return { ...fields, command: "/pilot", text, response_url: h.fake.responseUrl(), ...extra };
    };

    it("replies to help in the ack itself", async () => {
      const res = await h.sendCommand(command("help"));
      expect(res.status).toBe(200);
      const body = JSON.parse(res.text);
      expect(body.response_type).toBe("ephemeral");
      expect(JSON.stringify(body.blocks)).toContain("/pilot &lt;question&gt;");
    });

    it("answers unknown sub-commands with the help", async () => {
      const res = await h.sendCommand(command("frobnicate"));
      expect(JSON.parse(res.text).blocks[0].text.text).toMatch(/don't know the sub-command `frobnicate`/);
    });

    it("answers a question in the channel, as a new thread", async () => {
      const res = await h.sendCommand(command("how do I connect an assistant to Salesforce?", { channel_id: "CPILOT01" }));
      expect(res.status).toBe(200);
      const post = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "CPILOT01"));
      expect(post.body.thread_ts).toBeUndefined();
      const update = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.update" && c.body.ts === post.response.ts && blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK)));
      expect(blocksOf(update)[0].text.text).toMatch(/asked: _how do I connect/);
    });

    it("answers ephemerally through response_url where the bot is not in the channel", async () => {
      h.fake.failNext("chat.postMessage", { error: "not_in_channel" });
      const responseUrl = h.fake.responseUrl("cmd-not-member");
      await h.sendCommand(command("what about the EU org data residency?", { channel_id: "CNOTMEMBER", response_url: responseUrl }));
      const answer = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && c.body.replace_original === true && JSON.stringify(c.body.blocks ?? []).includes(ANSWER_ACTIONS_BLOCK)));
      expect(answer.body.response_type).toBe("ephemeral");
    });
  });

  describe("buttons and modals", () => {
    async function answered() {
      const env = mentionEnvelope(h.fake.botUserId, { user: "UCLICKER1" });
      await h.sendEvent(env);
      const { call, ts } = await finalAnswerFor(env.event.channel, env.event.ts);
      const actions = blocksOf(call).find((b) => b.block_id === ANSWER_ACTIONS_BLOCK);
      return { env, ts, actions };
    }

    function click(env: any, ts: string, button: any) {
      return h.sendInteraction(answerButtonClick({ channel: env.event.channel, threadTs: env.event.ts, ts }, button, "UCLICKER1", h.fake.responseUrl()));
    }

    it("👍 records feedback and thanks the user privately", async () => {
      const { env, ts, actions } = await answered();
      const res = await click(env, ts, actions.elements.find((e: any) => e.action_id === FEEDBACK_UP));
      expect(res.status).toBe(200);
      await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.user === "UCLICKER1" && /Thanks!/.test(String(c.body.text))));
      const feedback = await h.store.feedbackFor(`${env.event.channel}:${ts}`);
      expect(feedback).toMatchObject([{ kind: "up", userId: "UCLICKER1", paths: ["integrations/salesforce.md", "security/data-classification.md"] }]);
    });

    it("👎 opens the reason modal; its submission stores the reason and notifies the playbook owners", async () => {
      const { env, ts, actions } = await answered();
      await click(env, ts, actions.elements.find((e: any) => e.action_id === FEEDBACK_DOWN));
      const open = await h.fake.waitFor((calls) => calls.find((c) => c.method === "views.open" && c.body.trigger_id === `trigger-${ts}`));
      const view = open.body.view as any;
      expect(view.callback_id).toBe(FEEDBACK_REASON_MODAL);
      await vi.waitFor(async () => expect((await h.store.feedbackFor(`${env.event.channel}:${ts}`)).map((f) => f.kind)).toEqual(["down"]));

      const submission = fixture("07_view_submission.json");
      submission.user = { id: "UCLICKER1" };
      submission.view = { ...submission.view, callback_id: FEEDBACK_REASON_MODAL, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: { [REASON_INPUT.blockId]: { [REASON_INPUT.actionId]: { type: "plain_text_input", value: "It ignores our EU org" } } } } };
      const res = await h.sendInteraction(submission);
      expect(res.status).toBe(200);
      const note = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === ESCALATION_CHANNEL && /not helpful/.test(JSON.stringify(c.body.blocks))));
      expect(JSON.stringify(note.body.blocks)).toMatch(/Revenue Operations, Information Security.*It ignores our EU org/);
      const feedback = await h.store.feedbackFor(`${env.event.channel}:${ts}`);
      expect(feedback).toMatchObject([{ kind: "down", reason: "It ignores our EU org" }]);
      await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && /playbook owners/.test(String(c.body.text))));
    });

    it("a reason modal submitted empty gets a field error and changes nothing", async () => {
      const { env, ts, actions } = await answered();
      await click(env, ts, actions.elements.find((e: any) => e.action_id === "flag_outdated"));
      const open = await h.fake.waitFor((calls) => calls.find((c) => c.method === "views.open" && c.body.trigger_id === `trigger-${ts}`));
      const submission = fixture("07_view_submission.json");
      submission.view = { ...submission.view, callback_id: FEEDBACK_REASON_MODAL, private_metadata: (open.body.view as any).private_metadata, state: { values: { [REASON_INPUT.blockId]: { [REASON_INPUT.actionId]: { type: "plain_text_input", value: "   " } } } } };
      const res = await h.sendInteraction(submission);
      expect(JSON.parse(res.text)).toMatchObject({ response_action: "errors" });
    });

    it("Talk to a partner where referrals are not configured: the clicker is told privately, nothing opens or is stored", async () => {
      const { env, ts, actions } = await answered();
      await click(env, ts, actions.elements.find((e: any) => e.action_id === "talk_to_partner"));
      const told = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && /not set up in this workspace/.test(String(c.body.text))));
      expect(told.body.channel).toBe(env.event.channel);
      expect(h.fake.calls.some((c) => c.method === "views.open" && c.body.trigger_id === `trigger-${ts}`)).toBe(false);
      expect(await h.store.referrals.list()).toEqual([]);
    });
  });

  describe("shortcuts", () => {
    it("Ask PartnerPilot answers in the message's thread", async () => {
      const payload = fixture("08_message_action.json");
      payload.callback_id = "ask_about_message";
      payload.response_url = h.fake.responseUrl();
      payload.message.ts = fresh().ts;
      payload.message.text = "Can we use Copilot on the finance SharePoint?";
      const res = await h.sendInteraction(payload);
      expect(res.status).toBe(200);
      await finalAnswerFor(payload.channel.id, payload.message.ts);
    });

    it("Talk to a partner where referrals are not configured answers through the response_url", async () => {
      const payload = fixture("08b_message_action.docs.json");
      payload.callback_id = "escalate_message";
      payload.trigger_id = "trigger-escalate-shortcut";
      payload.response_url = h.fake.responseUrl();
      await h.sendInteraction(payload);
      await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && /not set up in this workspace/.test(JSON.stringify(c.body))));
      expect(h.fake.calls.some((c) => c.method === "views.open" && c.body.trigger_id === "trigger-escalate-shortcut")).toBe(false);
    });
  });

  describe("App Home", () => {
    it("publishes the home tab with the user's recent questions and their feedback", async () => {
      const env = mentionEnvelope(h.fake.botUserId, { user: "UHOME001", text: `<@${h.fake.botUserId}> which AI tools may I use?` });
      await h.sendEvent(env);
      await finalAnswerFor(env.event.channel, env.event.ts);
      const opened = fixture("04_app_home_opened.event_callback.json");
      opened.event_id = fresh().eventId;
      opened.event.user = "UHOME001";
      await h.sendEvent(opened);
      const publish = await h.fake.waitFor((calls) => calls.find((c) => c.method === "views.publish" && c.body.user_id === "UHOME001"));
      const text = JSON.stringify((publish.body.view as any).blocks);
      expect(text).toContain("which AI tools may I use?");
      expect(text).toContain("home_ask");
    });
  });

  describe("assistant view", () => {
    it("greets a new thread with the suggested prompts", async () => {
      const env = fixture("05_assistant_thread_started.event_callback.json");
      env.event_id = fresh().eventId;
      await h.sendEvent(env);
      const prompts = await h.fake.waitFor((calls) => calls.find((c) => c.method === "assistant.threads.setSuggestedPrompts"));
      expect((prompts.body.prompts as any[]).map((p) => p.title)).toEqual(["Ask about AI at work", "Find AI use cases", "Integration help", "Talk to a partner"]);
      expect(h.fake.callsTo("chat.postMessage").some((c) => c.body.thread_ts === env.event.assistant_thread.thread_ts)).toBe(true);
    });

    it("streams the answer, titles the thread, shows a status and always clears it", async () => {
      const { eventId, ts } = fresh();
      const threadTs = "1729999327.187299";
      const env = {
        ...fixture("02_message_im.event_callback.json"),
        event_id: eventId,
        event: { type: "message", channel: "D123ABC456", user: "U123ABC456", text: "How do we connect Azure OpenAI to Service Cloud?", ts, thread_ts: threadTs, event_ts: ts, channel_type: "im" },
      };
      await h.sendEvent(env);
      const stop = await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.stopStream" && c.body.channel === "D123ABC456"));
      expect(JSON.stringify(stop.body.blocks)).toContain(ANSWER_ACTIONS_BLOCK);
      const start = h.fake.callsTo("chat.startStream").find((c) => c.body.thread_ts === threadTs)!;
      expect(start.body).toMatchObject({ recipient_user_id: "U123ABC456" });
      await h.settle();
      const statuses = h.fake.callsTo("assistant.threads.setStatus").filter((c) => c.body.thread_ts === threadTs).map((c) => c.body.status);
      expect(statuses[0]).toMatch(/looking through the playbooks/);
      expect(statuses.at(-1)).toBe("");
      expect(h.fake.callsTo("assistant.threads.setTitle").some((c) => c.body.thread_ts === threadTs)).toBe(true);
    });

    it("clears the status and leaves a reference id when answering fails", async () => {
      const failing = await startHarness({ engineOptions: { fail: () => new Error("boom") } });
      try {
        const { eventId, ts } = fresh();
        await failing.sendEvent({
          ...fixture("02_message_im.event_callback.json"),
          event_id: eventId,
          event: { type: "message", channel: "D999", user: "U999", text: "hello?", ts, thread_ts: "1729999327.000001", event_ts: ts, channel_type: "im" },
        });
        const failure = await failing.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && /PP-[0-9a-f]{8}/.test(String(c.body.text))));
        expect(failure.body.thread_ts).toBe("1729999327.000001");
        await failing.fake.waitFor((calls) => calls.filter((c) => c.method === "assistant.threads.setStatus").at(-1)?.body.status === "");
      } finally {
        await failing.close();
      }
    });
  });
});
