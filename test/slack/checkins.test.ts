/**
 * Check-ins end to end over the loopback fake Slack Web API with the real Bolt app (signed HTTP requests) and the
 * real job worker: a change manager creates a campaign in the modal, participants get DMs at their local time,
 * answer in the modal (each answer saved as given), get reminded until they answer, and the report goes out with
 * its chart; App Home shows the campaign. Every message and view sent stays within Block Kit limits.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { CheckinService } from "../../src/checkins/CheckinService.ts";
import { loadChangeGuidance } from "../../src/checkins/guidance.ts";
import { silentLogger } from "../../src/logging.ts";
import { CAMPAIGN_FIELDS as F, campaignAction, questionBlock } from "../../src/slack/blocks/checkins.ts";
import { checkMessageLimits, checkViewLimits } from "../../src/slack/blocks/limits.ts";
import { checkinWorker } from "../../src/slack/checkins/index.ts";
import { CHECKIN_ANSWER_PREFIX, CHECKIN_CAMPAIGN_MODAL, CHECKIN_MODAL, CHECKIN_NEW_CAMPAIGN, CHECKIN_REPORT_NOW, CHECKIN_SKIP, CHECKIN_START } from "../../src/slack/ids.ts";
import { manualClock } from "../support/fresh-stores.ts";
import { fixture, type Harness, startHarness } from "./support/harness.ts";

const guidance = await loadChangeGuidance("knowledge");
const MANAGER = "UMANAGER1";
const members = ["UP0000001", "UP0000002", "UP0000003", "UP0000004", "UP0000005", "UP0000006"];
const zones = ["Europe/Berlin", "Europe/Berlin", "America/New_York", "America/New_York", "Asia/Tokyo", "Europe/London"];

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function click(user: string, actionId: string, value: string, extra: Record<string, unknown> = {}) {
  const payload = fixture("06b_block_actions.button_in_message.bolt-python.json");
  payload.user = { id: user };
  payload.team = { id: "T123ABC456" };
  payload.container = { type: "message", message_ts: "1700000000.000100", channel_id: `D${user.slice(1)}`, is_ephemeral: false };
  payload.channel = { id: `D${user.slice(1)}` };
  payload.message = { ...payload.message, ts: "1700000000.000100", blocks: [] };
  payload.response_url = h!.fake.responseUrl();
  payload.trigger_id = `trigger-${user}-${actionId}`;
  payload.actions = [{ ...payload.actions[0], type: "button", action_id: actionId, block_id: "b", value }];
  return h!.sendInteraction({ ...payload, ...extra });
}

function submit(user: string, callbackId: string, values: Record<string, Record<string, unknown>>, privateMetadata = "", viewId = "VCAMPAIGN1") {
  const s = fixture("07_view_submission.json");
  s.user = { id: user };
  s.view = { ...s.view, id: viewId, callback_id: callbackId, private_metadata: privateMetadata, state: { values } };
  return h!.sendInteraction(s);
}

const field = (blockId: string, value: Record<string, unknown>) => ({ [blockId]: { [campaignAction(blockId)]: value } });
const opt = (value: string) => ({ type: "static_select", selected_option: { value } });

describe("check-ins in Slack", () => {
  it("create in the modal → DMs in local time → answers saved as given → reminders → report with chart → App Home", async () => {
    const clock = manualClock("2026-11-20T12:00:00Z");
    h = await startHarness({
      clock,
      fakeOptions: {
        directory: {
          users: Object.fromEntries([...members.map((u, i) => [u, { tz: zones[i], title: i < 5 ? "Account Executive" : "Sales Ops" }]), [MANAGER, { tz: "Europe/Berlin" }], ["UBOTUSER1", { is_bot: true }]]),
          channels: { CSALES0001: { name: "sales-emea", members: [...members, "UBOTUSER1"] } },
        },
      },
      checkins: (store) => ({ service: new CheckinService({ store, clock, guidance }), changeManagers: { userIds: [MANAGER] } }),
    });
    const service = new CheckinService({ store: h.store, clock, guidance });
    const worker = checkinWorker({ service, jobs: h.store.jobs, client: h.slack.app.client, clock, logger: silentLogger });

    // Someone who is not a change manager is told so; the manager gets the modal.
    await click("UP0000001", CHECKIN_NEW_CAMPAIGN, "");
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === "UP0000001" && /Only change managers/.test(String(c.body.text))));
    await h.sendCommand({ command: "/pilot", text: "checkin", user_id: MANAGER, channel_id: "CSALES0001", trigger_id: "trigger-cmd" });
    const opened = await h.fake.waitFor((calls) => calls.find((c) => c.method === "views.open" && (c.body.view as any).callback_id === CHECKIN_CAMPAIGN_MODAL));
    expect(checkViewLimits(opened.body.view as object)).toEqual([]);

    // Nobody picked: a field error, nothing stored.
    const noAudience = await submit(MANAGER, CHECKIN_CAMPAIGN_MODAL, { ...field(F.name, { type: "plain_text_input", value: "Sales AI" }) });
    expect(JSON.parse(noAudience.text)).toMatchObject({ response_action: "errors", errors: { [F.channel]: expect.stringContaining("Pick who") } });
    const badTime = await submit(MANAGER, CHECKIN_CAMPAIGN_MODAL, {
      ...field(F.name, { type: "plain_text_input", value: "Sales AI" }),
      ...field(F.channel, { type: "conversations_select", selected_conversation: "CSALES0001" }),
      ...field(F.startDate, { type: "datepicker", selected_date: "2026-01-01" }),
      ...field(F.cadence, opt("once")),
      ...field(F.weekday, opt("1")),
      ...field(F.time, { type: "timepicker", selected_time: "09:00" }),
      ...field(F.window, opt("48")),
      ...field(F.reminderCount, opt("1")),
      ...field(F.reminderSpacing, opt("24")),
      ...field(F.teamSource, opt("title")),
    });
    expect(JSON.parse(badTime.text)).toMatchObject({ response_action: "errors", errors: { [F.startDate]: expect.stringMatching(/past/) } });
    expect(await h.store.checkins.listCampaigns()).toEqual([]);

    const ok = await submit(MANAGER, CHECKIN_CAMPAIGN_MODAL, {
      ...field(F.name, { type: "plain_text_input", value: "Sales <AI> adoption" }),
      ...field(F.channel, { type: "conversations_select", selected_conversation: "CSALES0001" }),
      ...field(F.teamSource, opt("title")),
      ...field(F.cadence, opt("weekly")),
      ...field(F.startDate, { type: "datepicker", selected_date: "2026-11-23" }),
      ...field(F.weekday, opt("1")),
      ...field(F.time, { type: "timepicker", selected_time: "09:00" }),
      ...field(F.window, opt("48")),
      ...field(F.reminderCount, opt("1")),
      ...field(F.reminderSpacing, opt("24")),
      ...field(F.options, { type: "checkboxes", selected_options: [{ value: "usage" }, { value: "blockers" }] }),
    });
    expect(ok.text).toBe("");
    const [campaign] = await h.store.checkins.listCampaigns();
    expect(campaign!.definition).toMatchObject({ name: "Sales <AI> adoption", anonymous: false, audience: { kind: "channel", channelId: "CSALES0001" } });
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.postMessage" && c.body.channel === MANAGER && /is set up/.test(String(c.body.text))));
    const home = await h.fake.waitFor((calls) => calls.find((c) => c.method === "views.publish" && c.body.user_id === MANAGER));
    expect(JSON.stringify(home.body.view)).toContain("Sales &lt;AI&gt; adoption");

    // Monday 23 Nov: Tokyo at 00:00Z, Berlin 08:00Z, London 09:00Z, New York 14:00Z.
    clock.set("2026-11-23T08:00:00Z");
    await worker.drain();
    const invites = () => h!.fake.callsTo("chat.postMessage").filter((c) => JSON.stringify(c.body.blocks ?? []).includes(CHECKIN_START));
    expect(invites().map((c) => c.body.channel).sort()).toEqual(["UP0000001", "UP0000002", "UP0000005"]);
    clock.set("2026-11-23T14:00:00Z");
    await worker.drain();
    expect(invites()).toHaveLength(6);

    // A participant starts, answers one question (saved at once), closes the modal, comes back, and submits.
    const ref = JSON.stringify({ c: campaign!.id, r: "2026-11-23" });
    await click("UP0000001", CHECKIN_START, ref);
    const modal = await h.fake.waitFor((calls) => calls.find((c) => c.method === "views.open" && (c.body.view as any).callback_id === CHECKIN_MODAL));
    expect(checkViewLimits(modal.body.view as object)).toEqual([]);
    const inModal = fixture("06b_block_actions.button_in_message.bolt-python.json");
    inModal.user = { id: "UP0000001" };
    inModal.container = { type: "view", view_id: "VCHECKIN01" };
    inModal.view = { id: "VCHECKIN01", callback_id: CHECKIN_MODAL, private_metadata: (modal.body.view as any).private_metadata, state: { values: {} }, hash: "h" };
    delete inModal.message;
    delete inModal.channel;
    delete inModal.response_url;
    inModal.actions = [{ type: "radio_buttons", action_id: `${CHECKIN_ANSWER_PREFIX}awareness`, block_id: questionBlock("awareness"), selected_option: { value: "2" } }];
    expect((await h.sendInteraction(inModal)).status).toBe(200);
    const key = { campaignId: campaign!.id, round: "2026-11-23", userId: "UP0000001" };
    await vi.waitFor(async () => expect((await service.participation(key))!.answers).toEqual({ awareness: 2 }));
    await click("UP0000001", CHECKIN_START, ref);
    const reopened = await h.fake.waitFor((calls) => calls.filter((c) => c.method === "views.open" && (c.body.view as any).callback_id === CHECKIN_MODAL)[1]);
    const awarenessBlock = (reopened.body.view as any).blocks.find((b: any) => b.block_id === questionBlock("awareness"));
    expect(awarenessBlock.element.initial_option.value).toBe("2");

    const radios = (v: Record<string, number>) =>
      Object.fromEntries(Object.entries(v).map(([q, n]) => [questionBlock(q), { [`${CHECKIN_ANSWER_PREFIX}${q}`]: { type: "radio_buttons", selected_option: { value: String(n) } } }]));
    const missing = await submit("UP0000001", CHECKIN_MODAL, radios({ desire: 3 }), ref, "VCHECKIN01");
    expect(JSON.parse(missing.text)).toMatchObject({ response_action: "errors", errors: { [questionBlock("knowledge")]: expect.any(String) } });
    const done = await submit(
      "UP0000001",
      CHECKIN_MODAL,
      { ...radios({ awareness: 2, desire: 3, knowledge: 3, ability: 2, reinforcement: 2 }), [questionBlock("blockers")]: { [`${CHECKIN_ANSWER_PREFIX}blockers`]: { type: "plain_text_input", value: "Salesforce is not connected" } } },
      ref,
      "VCHECKIN01",
    );
    expect(done.text).toBe("");
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "chat.update" && /Thanks, your check-in/.test(String(c.body.text))));
    expect(await service.participation(key)).toMatchObject({ state: "answered", answers: { awareness: 2, blockers: "Salesforce is not connected" } });

    // Four more answer; the last one is reminded 24 h after their DM (London, 09:00Z), then skips.
    for (const u of ["UP0000002", "UP0000003", "UP0000004", "UP0000005"]) {
      expect(await service.submit({ ...key, userId: u }, { awareness: 4, desire: 4, knowledge: 2, ability: 2, reinforcement: 3, blockers: "need training" })).toMatchObject({ ok: true });
    }
    const reminders = () => h!.fake.callsTo("chat.postMessage").filter((c) => /Reminder/.test(String(c.body.text)));
    clock.set("2026-11-24T09:00:00Z");
    await worker.drain();
    expect(reminders().map((c) => c.body.channel)).toEqual(["UP0000006"]);
    await click("UP0000006", CHECKIN_SKIP, ref);
    await h.fake.waitFor((calls) => calls.find((c) => c.method === "response_url" && /skipped this round/.test(String(c.body.text))));
    await click("UP0000006", CHECKIN_SKIP, ref); // twice: nothing breaks, nothing changes
    expect((await service.participation({ ...key, userId: "UP0000006" }))!.state).toBe("skipped");
    // The others' reminders (Berlin 08:00Z, Tokyo 00:00Z, New York 14:00Z) are not sent: they answered.
    clock.set("2026-11-24T14:00:00Z");
    await worker.drain();
    expect(reminders()).toHaveLength(1);

    // The window closes (New York + 48 h): the report goes to the manager's DM with the chart, once.
    clock.set("2026-11-25T14:00:00Z");
    await worker.drain();
    await worker.drain();
    const reports = h.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === MANAGER && /Check-in report/.test(String(c.body.text)));
    expect(reports).toHaveLength(1);
    const reportText = JSON.stringify(reports[0]!.body.blocks);
    expect(reportText).toContain("5 of 6 answered");
    expect(reportText).toContain("Knowledge");
    expect(reportText).toContain("change/adkar.md");
    expect(reportText).not.toContain("UP0000001");
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(1);
    expect(h.fake.callsTo("file_upload")[0]!.body.bytes).toBeGreaterThan(5000);
    expect(h.fake.callsTo("files.completeUploadExternal")[0]!.body).toMatchObject({ channel_id: "DMANAGER1" });

    // "Report now" from App Home, and the home section with the latest round.
    await click(MANAGER, CHECKIN_REPORT_NOW, campaign!.id);
    await h.fake.waitFor((calls) => calls.filter((c) => c.method === "chat.postMessage" && c.body.channel === MANAGER && /Check-in report/.test(String(c.body.text))).length === 2);
    const opened2 = fixture("04_app_home_opened.event_callback.json");
    opened2.event_id = "EvHOME2";
    opened2.event = { ...opened2.event, user: MANAGER, tab: "home" };
    await h.sendEvent(opened2);
    const home2 = await h.fake.waitFor((calls) => calls.filter((c) => c.method === "views.publish" && c.body.user_id === MANAGER).at(1));
    expect(JSON.stringify(home2.body.view)).toMatch(/5 of 6 answered/);
    expect(JSON.stringify(home2.body.view)).toMatch(/Next run/);

    await h.settle();
    for (const c of h.fake.calls) {
      if (c.method === "chat.postMessage" || c.method === "chat.update") expect(checkMessageLimits(c.body as never), c.method).toEqual([]);
      if (c.method.startsWith("views.")) expect(checkViewLimits(c.body.view as object), c.method).toEqual([]);
    }
  });
});
