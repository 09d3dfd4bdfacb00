/** Listener paths beyond the main flows: App Home actions, modals, failures and fallbacks. Real app, fake Slack. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ANSWER_ACTIONS_BLOCK, ASK_MODAL, HOME_ACTIONS_BLOCK, HOME_ASK, HOME_FIND_USE_CASES, HOME_TALK_TO_PARTNER } from "../../src/slack/ids.ts";
import { blocksOf, ESCALATION_CHANNEL, fixture, fixtureText, fresh, type Harness, type HarnessOptions, mentionEnvelope, startHarness } from "./support/harness.ts";
import { startReferralHarness } from "./support/referrals.ts";

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const start = async (options: HarnessOptions = {}) => (h = await startHarness(options));

function homeClick(harness: Harness, actionId: string, user = "UHOME9") {
  const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
  delete payload.message;
  delete payload.channel;
  payload.user = { id: user };
  payload.team = { id: "T123ABC456" };
  payload.container = { type: "view", view_id: "VHOME1" };
  payload.view = { id: "VHOME1", type: "home" };
  payload.trigger_id = `trigger-${actionId}`;
  payload.actions = [{ action_id: actionId, block_id: HOME_ACTIONS_BLOCK, type: "button", text: { type: "plain_text", text: "x" }, action_ts: "1.2" }];
  return harness.sendInteraction(payload);
}

function submit(harness: Harness, view: any, values: Record<string, Record<string, unknown>>, user = "UHOME9") {
  const submission = fixture("07_view_submission.json");
  submission.user = { id: user };
  submission.view = { ...submission.view, id: `V${fresh().eventId}`, callback_id: view.callback_id, private_metadata: view.private_metadata ?? "", state: { values } };
  return harness.sendInteraction(submission);
}

const answerTs = async (harness: Harness, env: any) => {
  const call = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.thread_ts === env.event.ts && blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK)));
  return { call, ts: call.response.ts as string };
};

function clickOnAnswer(harness: Harness, env: any, ts: string, actionId: string) {
  return harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.response.ts === ts)).then((post) => {
    const button = blocksOf(post).find((b) => b.block_id === ANSWER_ACTIONS_BLOCK).elements.find((e: any) => e.action_id === actionId);
    const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
    payload.user = { id: "UCLICK2" };
    payload.container = { type: "message", message_ts: ts, channel_id: env.event.channel, is_ephemeral: false };
    payload.channel = { id: env.event.channel };
    payload.message = { ...payload.message, ts, thread_ts: env.event.ts };
    payload.trigger_id = `trigger-${ts}-${actionId}`;
    payload.actions = [{ action_id: actionId, block_id: ANSWER_ACTIONS_BLOCK, type: "button", value: button.value, text: { type: "plain_text", text: "x" }, action_ts: "1.2" }];
    return harness.sendInteraction(payload);
  });
}

describe("App Home quick actions", () => {
  it("Ask a question opens the ask modal; its submission is answered in the user's DM", async () => {
    const harness = await start();
    await homeClick(harness, HOME_ASK);
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open" && c.body.trigger_id === `trigger-${HOME_ASK}`));
    const view = open.body.view as any;
    expect(view.callback_id).toBe(ASK_MODAL);
    await submit(harness, view, { question_block: { question_input: { type: "plain_text_input", value: "Can I use ChatGPT Enterprise for supplier contracts?" } } });
    const post = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "UHOME9"));
    expect(String(post.body.text)).toMatch(/Looking through/);
    const answer = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.update" && c.body.ts === post.response.ts && blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK)));
    expect(answer.body.channel).toBe("DHOME9");
    expect(blocksOf(answer)[0].text.text).toMatch(/You asked: _Can I use ChatGPT Enterprise/);
  });

  it("an empty question gets a field error", async () => {
    const harness = await start();
    const res = await submit(harness, { callback_id: ASK_MODAL }, { question_block: { question_input: { type: "plain_text_input", value: " " } } });
    expect(JSON.parse(res.text)).toMatchObject({ response_action: "errors", errors: { question_block: expect.any(String) } });
  });

  it("Find AI use cases opens the ask modal with a use-case prompt to complete", async () => {
    const harness = await start();
    await homeClick(harness, HOME_FIND_USE_CASES);
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    expect(JSON.stringify(open.body.view)).toContain("Which AI use cases fit my job?");
  });

  it("Talk to a partner from Home without referrals configured tells the user in DM and opens nothing", async () => {
    const harness = await start();
    await homeClick(harness, HOME_TALK_TO_PARTNER);
    const dm = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "UHOME9"));
    expect(String(dm.body.text)).toMatch(/not set up in this workspace/);
    expect(harness.fake.calls.some((c) => c.method === "views.open")).toBe(false);
  });

  it("publishing Home failing leaves a note with a reference id (and logs it)", async () => {
    const harness = await start();
    harness.fake.failNext("views.publish", { error: "internal_error" });
    const opened = fixture("04_app_home_opened.event_callback.json");
    opened.event_id = fresh().eventId;
    await harness.sendEvent(opened);
    const note = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.publish" && c.response.ok === true));
    const ref = /PP-[0-9a-f]{8}/.exec(JSON.stringify(note.body.view))![0];
    expect(harness.logs.some((l) => l.referenceId === ref)).toBe(true);
  });

  it("later features' sections slot into Home; a failing one is left out", async () => {
    const harness = await start({
      homeSections: [
        async (user) => ({ title: "Your referrals", blocks: [{ type: "section", text: { type: "mrkdwn", text: `Referral R-1 for <@${user}>: partner accepted` } }] }),
        async () => {
          throw new Error("check-ins unavailable");
        },
        async () => undefined,
      ],
    });
    const opened = fixture("04_app_home_opened.event_callback.json");
    opened.event_id = fresh().eventId;
    await harness.sendEvent(opened);
    const publish = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.publish"));
    const text = JSON.stringify((publish.body.view as any).blocks);
    expect(text).toContain("Your referrals");
    expect(text).toContain("Referral R-1 for <@U123ABC456>");
    expect(harness.logs.some((l) => l.err?.message === "check-ins unavailable")).toBe(true);
  });

  it("shows the feedback given on each recent question", async () => {
    const harness = await start();
    const env = mentionEnvelope(harness.fake.botUserId, { user: "UCLICK2", text: `<@${harness.fake.botUserId}> can I paste customer emails into ChatGPT?` });
    await harness.sendEvent(env);
    const { ts } = await answerTs(harness, env);
    await clickOnAnswer(harness, env, ts, "feedback_up");
    await vi.waitFor(async () => expect(await harness.store.feedbackFor(`${env.event.channel}:${ts}`)).toHaveLength(1));
    const opened = fixture("04_app_home_opened.event_callback.json");
    opened.event_id = fresh().eventId;
    opened.event.user = "UCLICK2";
    await harness.sendEvent(opened);
    const publish = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.publish" && c.body.user_id === "UCLICK2"));
    expect(JSON.stringify((publish.body.view as any).blocks)).toMatch(/can I paste customer emails into ChatGPT\?\\n.*:thumbsup: helpful/);
  });

  it("ignores the Messages tab opening", async () => {
    const harness = await start();
    const opened = fixture("04_app_home_opened.event_callback.json");
    opened.event_id = fresh().eventId;
    opened.event.tab = "messages";
    await harness.sendEvent(opened);
    await harness.settle(200);
    expect(harness.fake.callsTo("views.publish")).toHaveLength(0);
  });
});

describe("failures and fallbacks", () => {
  it("a failure outside any listener (the store down in middleware) still reaches the user with a reference id", async () => {
    const harness = await start({
      wrapStore: (store) =>
        new Proxy(store, {
          get: (target, prop, receiver) =>
            prop === "claimEvent" ? async () => Promise.reject(new Error("database is locked")) : Reflect.get(target, prop, receiver),
        }),
    });
    const env = mentionEnvelope(harness.fake.botUserId, { user: "UUNLUCKY" });
    expect((await harness.sendEvent(env)).status).toBe(200);
    const note = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.user === "UUNLUCKY"));
    const ref = /PP-[0-9a-f]{8}/.exec(String(note.body.text))![0];
    expect(harness.logs.find((l) => l.referenceId === ref)?.err?.message).toBe("database is locked");
  });

  it("👎 when the modal cannot open: the user gets a private note with a reference id", async () => {
    const harness = await start();
    const env = mentionEnvelope(harness.fake.botUserId);
    await harness.sendEvent(env);
    const { ts } = await answerTs(harness, env);
    harness.fake.failNext("views.open", { error: "expired_trigger_id" });
    await clickOnAnswer(harness, env, ts, "feedback_down");
    const note = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && /PP-[0-9a-f]{8}/.test(String(c.body.text))));
    expect(note.body).toMatchObject({ user: "UCLICK2", channel: env.event.channel, thread_ts: env.event.ts });
  });

  it("feedback is still stored when no escalation channel is configured, and the user is told", async () => {
    const harness = await start({ escalationChannel: null });
    const env = mentionEnvelope(harness.fake.botUserId);
    await harness.sendEvent(env);
    const { ts } = await answerTs(harness, env);
    await clickOnAnswer(harness, env, ts, "flag_outdated");
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    const view = open.body.view as any;
    await submit(harness, view, { reason_block: { reason_input: { type: "plain_text_input", value: "SSO steps changed" } }, playbook_block: { playbook_select: { type: "static_select", selected_option: { value: "1" } } } }, "UCLICK2");
    await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && /feedback is recorded/.test(String(c.body.text))));
    const [f] = await harness.store.feedbackFor(`${env.event.channel}:${ts}`);
    expect(f).toMatchObject({ kind: "flag", reason: "SSO steps changed", paths: ["security/data-classification.md"] });
    expect(harness.logs.some((l) => /ESCALATION_CHANNEL is not set/.test(l.msg))).toBe(true);
  });

  it("Talk to a partner when Slack refuses to open the modal: the clicker gets a reference id, privately, and it is logged", async () => {
    const { harness, cleanup } = await startReferralHarness();
    try {
      const env = mentionEnvelope(harness.fake.botUserId);
      await harness.sendEvent(env);
      const { ts } = await answerTs(harness, env);
      harness.fake.failNext("views.open", { error: "expired_trigger_id" });
      await clickOnAnswer(harness, env, ts, "talk_to_partner");
      const told = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.user === "UCLICK2" && /PP-[0-9a-f]{8}/.test(JSON.stringify(c.body))));
      const ref = /PP-[0-9a-f]{8}/.exec(JSON.stringify(told.body))![0];
      expect(harness.logs.some((l) => l.referenceId === ref)).toBe(true);
    } finally {
      await cleanup();
    }
  });

  it("Ask PartnerPilot on a message in a channel the bot is not in answers in the user's DM", async () => {
    const harness = await start();
    harness.fake.failNext("chat.postMessage", { error: "not_in_channel" });
    const payload = fixture("08_message_action.json");
    payload.callback_id = "ask_about_message";
    payload.response_url = harness.fake.responseUrl();
    payload.message.ts = fresh().ts;
    payload.message.text = "Is Gong allowed for call summaries?";
    await harness.sendInteraction(payload);
    const dm = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "W111" && c.status === 200));
    expect(JSON.stringify(dm.body.blocks)).toContain("You asked about a message in <#C111>");
    await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.update" && c.body.ts === dm.response.ts && blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK)));
  });

  it("/pilot ask <question> works for questions starting with a sub-command word", async () => {
    const harness = await start();
    const fields = Object.fromEntries(new URLSearchParams(fixtureText("09b_slash_command.bolt-python.body.txt"))) as Record<string, string>;
    await harness.sendCommand({ ...fields, command: "/pilot", text: "ask help with Copilot licences?", response_url: harness.fake.responseUrl() });
    await harness.fake.waitFor(() => (harness.engine as any).requests.find((r: any) => r.text === "help with Copilot licences?"));
  });

  it("a context change in the assistant view posts nothing", async () => {
    const harness = await start();
    const env = fixture("05b_assistant_thread_context_changed.event_callback.json");
    env.event_id = fresh().eventId;
    expect((await harness.sendEvent(env)).status).toBe(200);
    await harness.settle(200);
    expect(harness.fake.calls.filter((c) => c.method !== "auth.test")).toHaveLength(0);
  });

  it("the escalations channel gets playbook flags naming only the chosen playbook's owner", async () => {
    const harness = await start();
    const env = mentionEnvelope(harness.fake.botUserId);
    await harness.sendEvent(env);
    const { ts } = await answerTs(harness, env);
    await clickOnAnswer(harness, env, ts, "flag_outdated");
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    await submit(harness, open.body.view, { reason_block: { reason_input: { type: "plain_text_input", value: "Data classes were renamed" } }, playbook_block: { playbook_select: { type: "static_select", selected_option: { value: "1" } } } }, "UCLICK2");
    const note = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === ESCALATION_CHANNEL));
    const text = JSON.stringify(note.body.blocks);
    expect(text).toContain("Information Security");
    expect(text).not.toContain("Revenue Operations");
  });
});
