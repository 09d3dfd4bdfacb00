/** The referral flow in Slack, end to end over the loopback fake Web API: escalate → modal → submit → offer → accept → DM updated. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ANSWER_ACTIONS_BLOCK } from "../../src/slack/ids.ts";
import { REFERRAL_ACCEPT, REFERRAL_INPUTS, REFERRAL_MODAL } from "../../src/slack/blocks/referral.ts";
import { checkMessageLimits, checkViewLimits } from "../../src/slack/blocks/limits.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { withDirectory } from "../support/partners.ts";
import { HOME_ACTIONS_BLOCK, HOME_TALK_TO_PARTNER } from "../../src/slack/ids.ts";
import { blocksOf, fixture, fixtureText, fresh, type Harness, mentionEnvelope, startHarness } from "./support/harness.ts";

let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start() {
  const dir = mkdtempSync(join(tmpdir(), "pp-ref-slack-"));
  dirs.push(dir);
  const store = new SqliteStore({ filename: join(dir, "s.sqlite") });
  await store.migrate();
  const { service, directory, clock } = await withDirectory(store);
  h = await startHarness({ openStore: async () => store, clock: clock.fn, app: { referrals: { service, directory, sweepEveryMs: 0, webhookSecret: "whsec-0123456789abcdef" } } });
  return { harness: h, store };
}

function click(harness: Harness, channel: string, ts: string, actionId: string, value: string, user: string, blockId = "b") {
  const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
  payload.user = { id: user };
  payload.team = { id: "T123ABC456" };
  payload.container = { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false };
  payload.channel = { id: channel };
  payload.message = { ...payload.message, ts };
  payload.trigger_id = `trigger-${ts}-${actionId}-${user}`;
  payload.actions = [{ action_id: actionId, block_id: blockId, type: "button", value, text: { type: "plain_text", text: "x" }, action_ts: "1.2" }];
  return harness.sendInteraction(payload);
}

describe("referral flow in Slack", () => {
  it("escalate → modal → submit → offer to the partner's channel → accept by its manager → requester DM updated in place", async () => {
    const { harness, store } = await start();
    const env = mentionEnvelope(harness.fake.botUserId, { text: `<@${harness.fake.botUserId}> we need a partner to automate SAP S/4HANA invoice matching, call me on +31 6 12345678` });
    await harness.sendEvent(env);
    const answer = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && blocksOf(c).some((b) => b.block_id === ANSWER_ACTIONS_BLOCK)));
    const button = blocksOf(answer).find((b) => b.block_id === ANSWER_ACTIONS_BLOCK).elements.find((e: any) => e.action_id === "talk_to_partner");
    await click(harness, env.event.channel, answer.response.ts as string, "talk_to_partner", button.value, "UREQ1", ANSWER_ACTIONS_BLOCK);

    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open"));
    const view = open.body.view as any;
    expect(view.callback_id).toBe(REFERRAL_MODAL);
    expect(checkViewLimits(view)).toEqual([]);
    const summaryInput = view.blocks.find((b: any) => b.block_id === REFERRAL_INPUTS.summary.blockId);
    expect(summaryInput.element.initial_value).toContain("[PHONE]");
    expect(summaryInput.element.initial_value).not.toContain("12345678");
    expect(view.blocks.find((b: any) => b.block_id === REFERRAL_INPUTS.consent.blockId).optional).toBe(false);

    // Without consent: the modal shows an error and nothing is stored.
    const values = (consent: boolean) => ({
      [REFERRAL_INPUTS.summary.blockId]: { summary: { type: "plain_text_input", value: summaryInput.element.initial_value } },
      [REFERRAL_INPUTS.consent.blockId]: { consent: { type: "checkboxes", selected_options: consent ? [{ value: "share" }] : [] } },
    });
    const submission = (consent: boolean) => {
      const s = fixture("07_view_submission.json");
      s.user = { id: "UREQ1" };
      s.team = { id: "TTEAM1" };
      s.view = { ...s.view, id: `V${consent ? "OK" : "NO"}${fresh().eventId}`, callback_id: REFERRAL_MODAL, private_metadata: view.private_metadata, state: { values: values(consent) } };
      return s;
    };
    const refused = await harness.sendInteraction(submission(false));
    expect(JSON.parse(refused.text)).toMatchObject({ response_action: "errors", errors: { [REFERRAL_INPUTS.consent.blockId]: expect.stringContaining("consent") } });
    expect(await store.referrals.list()).toEqual([]);

    await harness.sendInteraction(submission(true));
    await harness.slack.referrals!.idle();
    const [referral] = await store.referrals.list();
    expect(referral).toMatchObject({ state: "offered", requesterId: "UREQ1", teamId: "TTEAM1" });
    const firm = (await store.partners.getProfile(referral!.firmId!))!.firm;

    const card = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === firm.contacts.slackChannel));
    expect(checkMessageLimits(card.body as any)).toEqual([]);
    const cardText = JSON.stringify(card.body.blocks);
    expect(cardText).not.toContain("UREQ1"); // identity withheld until accepted
    expect(cardText).not.toContain("12345678");
    const dm = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "UREQ1" && String(c.body.text).includes("referral")));
    expect(String(dm.body.text)).toContain("offered");

    // Someone who is not the firm's manager: an ephemeral refusal, nothing changes.
    await click(harness, card.body.channel as string, card.response.ts as string, REFERRAL_ACCEPT, String(referral!.id), "USTRANGER");
    const ephemeral = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postEphemeral" && c.body.user === "USTRANGER"));
    expect(String(ephemeral.body.text)).toMatch(/Only the managers/);
    expect((await store.referrals.get(referral!.id))!.state).toBe("offered");

    // The firm's manager accepts: card and DM are updated in place, and now the card names the requester.
    await click(harness, card.body.channel as string, card.response.ts as string, REFERRAL_ACCEPT, String(referral!.id), firm.contacts.managers[0]!);
    await harness.fake.waitFor((calls) => calls.find((c) => c.method === "chat.update" && c.body.ts === dm.response.ts));
    await harness.slack.referrals!.idle();
    expect((await store.referrals.get(referral!.id))!.state).toBe("accepted");
    const updates = harness.fake.calls.filter((c) => c.method === "chat.update");
    const dmUpdate = updates.filter((c) => c.body.ts === dm.response.ts).at(-1)!;
    expect(String(dmUpdate.body.text)).toContain("accepted");
    const cardUpdate = updates.filter((c) => c.body.ts === card.response.ts).at(-1)!;
    expect(JSON.stringify(cardUpdate.body.blocks)).toContain("<@UREQ1>");
    expect(JSON.stringify(cardUpdate.body.blocks)).not.toContain(REFERRAL_ACCEPT);
    // One card and one DM posted in all (the rest were updates).
    expect(harness.fake.calls.filter((c) => c.method === "chat.postMessage" && (c.body.channel === firm.contacts.slackChannel || c.body.channel === "UREQ1"))).toHaveLength(2);
  });

  // The three other entry points open the same modal as the answer's button: a drafted, redacted need, its
  // systems, data classification, region and language, and the required consent.
  const modalOf = async (harness: Harness, triggerId: string) => {
    const open = await harness.fake.waitFor((calls) => calls.find((c) => c.method === "views.open" && c.body.trigger_id === triggerId));
    const view = open.body.view as any;
    expect(view.callback_id).toBe(REFERRAL_MODAL);
    expect(checkViewLimits(view)).toEqual([]);
    expect(view.blocks.find((b: any) => b.block_id === REFERRAL_INPUTS.consent.blockId).optional).toBe(false);
    const input = (id: { blockId: string }) => view.blocks.find((b: any) => b.block_id === id.blockId).element;
    return { view, input };
  };

  const submitModal = (harness: Harness, view: any, summary: string, user: string) => {
    const s = fixture("07_view_submission.json");
    s.user = { id: user };
    s.team = { id: "TTEAM1" };
    s.view = {
      ...s.view,
      id: `V${fresh().eventId}`,
      callback_id: REFERRAL_MODAL,
      private_metadata: view.private_metadata,
      state: {
        values: {
          [REFERRAL_INPUTS.summary.blockId]: { summary: { type: "plain_text_input", value: summary } },
          [REFERRAL_INPUTS.consent.blockId]: { consent: { type: "checkboxes", selected_options: [{ value: "share" }] } },
        },
      },
    };
    return harness.sendInteraction(s);
  };

  it("message shortcut: the modal is drafted from the message and the people's replies in its thread, redacted", async () => {
    const { harness, store } = await start();
    const channel = "CSHORT1";
    const parent = fresh().ts;
    // The thread as Slack holds it: the parent, a colleague's reply and the bot's own answer (left out).
    harness.fake.messages.set(`${channel}:${parent}`, { channel, ts: parent, user: "UCOLL1", text: "Finance wants an AI agent on SAP S/4HANA invoice matching" });
    const reply = fresh().ts;
    harness.fake.messages.set(`${channel}:${reply}`, { channel, ts: reply, thread_ts: parent, user: "UCOLL2", text: "Data must stay in the EU, it is confidential. Ping <@UCOLL1> or jan.devries@example.com" });
    const bot = fresh().ts;
    harness.fake.messages.set(`${channel}:${bot}`, { channel, ts: bot, thread_ts: parent, text: "Here is what the playbook says about SAP" });

    const payload = fixture("08_message_action.json");
    payload.callback_id = "escalate_message";
    payload.trigger_id = "trigger-shortcut-referral";
    payload.user = { id: "UREQ2", name: "req" };
    payload.channel = { id: channel, name: "finance-ai" };
    payload.response_url = harness.fake.responseUrl();
    payload.message = { type: "message", user: "UCOLL1", ts: parent, text: "Finance wants an AI agent on SAP S/4HANA invoice matching", reply_count: 2 };
    await harness.sendInteraction(payload);

    const { view, input } = await modalOf(harness, "trigger-shortcut-referral");
    const summary = input(REFERRAL_INPUTS.summary).initial_value as string;
    expect(summary).toContain("SAP S/4HANA invoice matching");
    expect(summary).toContain("Data must stay in the EU");
    expect(summary).toContain("[EMAIL]");
    expect(summary).not.toContain("jan.devries@example.com");
    expect(summary).not.toContain("UCOLL1"); // Slack markup is read as a person would, not as ids
    expect(summary).not.toContain("what the playbook says"); // the bot's own messages are not the need
    expect(input(REFERRAL_INPUTS.systems).initial_value).toContain("sap");
    expect(input(REFERRAL_INPUTS.sensitivity).initial_option.value).toBe("confidential");
    expect(JSON.parse(view.private_metadata)).toEqual({ c: `${channel}:${parent}`, ch: channel, th: parent });

    await submitModal(harness, view, summary, "UREQ2");
    await harness.slack.referrals!.idle();
    const [referral] = await store.referrals.list();
    expect(referral).toMatchObject({ state: "offered", requesterId: "UREQ2", conversationId: `${channel}:${parent}` });
    expect(referral!.details.systems).toContain("sap");
  });

  it("message shortcut where the thread cannot be read: the message alone is the draft", async () => {
    const { harness } = await start();
    harness.fake.failNext("conversations.replies", { error: "not_in_channel" });
    const payload = fixture("08_message_action.json");
    payload.callback_id = "escalate_message";
    payload.trigger_id = "trigger-shortcut-noread";
    payload.response_url = harness.fake.responseUrl();
    payload.message = { type: "message", user: "UCOLL1", ts: "1700000000.000100", thread_ts: "1699999999.000100", text: "We need Workday onboarding questions answered by an assistant in German" };
    await harness.sendInteraction(payload);
    const { input } = await modalOf(harness, "trigger-shortcut-noread");
    expect(input(REFERRAL_INPUTS.summary).initial_value).toBe("We need Workday onboarding questions answered by an assistant in German");
    expect(input(REFERRAL_INPUTS.systems).initial_value).toContain("workday");
    expect(input(REFERRAL_INPUTS.language).initial_value).toBe("de");
  });

  it("App Home: the same modal, empty for the person to fill in; a need too short is refused and nothing is stored", async () => {
    const { harness, store } = await start();
    const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
    delete payload.message;
    delete payload.channel;
    payload.user = { id: "UHOME7" };
    payload.team = { id: "T123ABC456" };
    payload.container = { type: "view", view_id: "VHOME1" };
    payload.view = { id: "VHOME1", type: "home" };
    payload.trigger_id = "trigger-home-partner";
    payload.actions = [{ action_id: HOME_TALK_TO_PARTNER, block_id: HOME_ACTIONS_BLOCK, type: "button", text: { type: "plain_text", text: "x" }, action_ts: "1.2" }];
    await harness.sendInteraction(payload);
    const { view, input } = await modalOf(harness, "trigger-home-partner");
    expect(input(REFERRAL_INPUTS.summary).initial_value).toBeUndefined();

    const short = await submitModal(harness, view, "help", "UHOME7");
    expect(JSON.parse(short.text)).toMatchObject({ response_action: "errors", errors: { [REFERRAL_INPUTS.summary.blockId]: expect.any(String) } });
    expect(await store.referrals.list()).toEqual([]);

    await submitModal(harness, view, "Roll out Microsoft 365 Copilot to 4,000 people in Germany with the works council", "UHOME7");
    await harness.slack.referrals!.idle();
    const [referral] = await store.referrals.list();
    expect(referral).toMatchObject({ state: "offered", requesterId: "UHOME7" });
  });

  it("/pilot partner <need>: the same modal drafted from what follows, redacted; /pilot help lists it", async () => {
    const { harness } = await start();
    const fields = Object.fromEntries(new URLSearchParams(fixtureText("09_slash_command.body.txt"))) as Record<string, string>;
    const command = (text: string, trigger: string) =>
      harness.sendCommand({ ...fields, command: "/pilot", text, user_id: "UCMD1", trigger_id: trigger, response_url: harness.fake.responseUrl() });
    await command("partner Connect Zendesk to an AI agent for patient tickets (HIPAA), call +31 6 12345678", "trigger-cmd-partner");
    const { input } = await modalOf(harness, "trigger-cmd-partner");
    const summary = input(REFERRAL_INPUTS.summary).initial_value as string;
    expect(summary).toMatch(/^Connect Zendesk to an AI agent for patient tickets/);
    expect(summary).toContain("[PHONE]");
    expect(input(REFERRAL_INPUTS.systems).initial_value).toContain("zendesk");
    expect(input(REFERRAL_INPUTS.sensitivity).initial_option.value).toBe("restricted");

    await command("partner", "trigger-cmd-empty");
    const empty = await modalOf(harness, "trigger-cmd-empty");
    expect(empty.input(REFERRAL_INPUTS.summary).initial_value).toBeUndefined();

    const help = await command("help", "trigger-cmd-help");
    expect(help.text).toContain("/pilot partner");
  });

  it("without referrals configured, every entry point says so instead of opening a form", async () => {
    h = await startHarness();
    const fields = Object.fromEntries(new URLSearchParams(fixtureText("09_slash_command.body.txt"))) as Record<string, string>;
    await h.sendCommand({ ...fields, command: "/pilot", text: "partner SAP help", user_id: "UCMD2", trigger_id: "t-none", response_url: h.fake.responseUrl() });
    const told = await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && /not set up/.test(JSON.stringify(c.body))));
    expect(told).toBeDefined();
    expect(h.fake.calls.some((c) => c.method === "views.open")).toBe(false);
  });
});

