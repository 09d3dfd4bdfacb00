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
import { blocksOf, fixture, fresh, type Harness, mentionEnvelope, startHarness } from "./support/harness.ts";

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
});
