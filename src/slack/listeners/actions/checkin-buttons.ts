/**
 * Check-in buttons: in a participant's DM (start, remind me later, skip), inside the check-in modal (each answer
 * saved as it is given), and on a change manager's App Home (new campaign, report now, export).
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { DateTime } from "luxon";
import { toCsv } from "../../../checkins/export.ts";
import { describeLocal } from "../../../checkins/schedule.ts";
import { buildCampaignModal, buildCheckinModal, buildDmOutcome, buildReportMessage, decodeRoundRef, type RoundRef } from "../../blocks/checkins.ts";
import { enforceMessageLimits, enforceViewLimits } from "../../blocks/limits.ts";
import { buildNoticeMessage } from "../../blocks/notices.ts";
import type { CheckinSlack } from "../../checkins/index.ts";
import { guarded } from "../../failure.ts";
import { CHECKIN_ANSWER_PREFIX } from "../../ids.ts";
import type { SlackServices, WebClient } from "../../services.ts";
import { tellDm } from "../../tell.ts";

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;
type AnyAction = { value?: string; selected_option?: { value: string } | null; action_id: string };

export const NOT_SET_UP = "Check-ins are not set up on this installation.";
export const NOT_A_MANAGER = "Only change managers can run check-in campaigns. Ask your Slack admin to add you to CHANGE_MANAGERS (or the change managers' user group).";

/** Runs `body` for a check-in button: acks, tells the user when check-ins are off or something fails. */
function checkinAction(services: SlackServices, what: string, body: (ctx: CheckinSlack, args: ActionArgs) => Promise<void>) {
  return async (args: ActionArgs): Promise<void> => {
    await args.ack();
    const tell = tellDm(args.client, args.body.user.id);
    await guarded(services.logger, what, tell, async () => {
      if (!services.checkins) return tell(buildNoticeMessage(NOT_SET_UP));
      await body(services.checkins, args);
    });
  };
}

function refOf(args: ActionArgs, userId: string): (RoundRef & { userId: string }) | undefined {
  const ref = decodeRoundRef((args.action as AnyAction).value);
  return ref ? { ...ref, userId } : undefined;
}

const keyOf = (ref: RoundRef, userId: string) => ({ campaignId: ref.c, round: ref.r, userId });

/** "Start check-in": the modal, with the answers saved so far. */
export const startCheckin = (services: SlackServices) =>
  checkinAction(services, "check-in: start", async ({ service }, args) => {
    const user = args.body.user.id;
    const ref = refOf(args, user);
    const p = ref && (await service.participation(keyOf(ref, user)));
    const campaign = ref && (await service.getCampaign(ref.c));
    if (!ref || !p || !campaign) return tellDm(args.client, user)(buildNoticeMessage("This check-in is not for you, or it no longer exists."));
    if (p.state === "skipped" || p.state === "expired" || p.closesAt <= services.clock()) {
      const m = buildDmOutcome(p.state === "skipped" ? "skipped" : "closed", campaign.definition.name);
      return void (await args.respond({ replace_original: true, text: m.text, blocks: m.blocks }));
    }
    const { view } = enforceViewLimits(buildCheckinModal(ref, campaign.definition, p.answers));
    await args.client.views.open({ trigger_id: (args.body as { trigger_id: string }).trigger_id, view });
  });

/** One answer inside the check-in modal, saved at once. A closed round turns the modal into a notice. */
export const saveCheckinAnswer = (services: SlackServices) =>
  checkinAction(services, "check-in: answer", async ({ service }, args) => {
    const action = args.action as AnyAction;
    const view = (args.body as { view?: { id: string; private_metadata?: string; hash?: string } }).view;
    const ref = decodeRoundRef(view?.private_metadata);
    if (!ref || !view) return;
    const question = action.action_id.slice(CHECKIN_ANSWER_PREFIX.length);
    const value = action.selected_option?.value ?? action.value ?? "";
    const outcome = await service.recordAnswer(keyOf(ref, args.body.user.id), question, value);
    if (outcome.ok) return;
    if (outcome.reason === "invalid") {
      services.logger.info({ question, reason: outcome.reason }, "check-in answer refused");
      return;
    }
    const campaign = await service.getCampaign(ref.c);
    if (!campaign) return;
    const { view: updated } = enforceViewLimits(buildCheckinModal(ref, campaign.definition, {}, outcome.message));
    await args.client.views.update({ view_id: view.id, view: { ...updated, submit: undefined } as never });
  });

export const snoozeCheckin = (services: SlackServices) =>
  checkinAction(services, "check-in: snooze", async ({ service }, args) => {
    const user = args.body.user.id;
    const ref = refOf(args, user);
    if (!ref) return;
    const p = await service.participation(keyOf(ref, user));
    const until = await service.snooze(keyOf(ref, user));
    const text = until
      ? `:zzz: OK, I'll remind you ${describeLocal(until, p?.timeZone)} (your time).`
      : p?.state === "answered"
        ? "You have already answered this check-in. Thank you!"
        : "The check-in closes before then, so there is no later reminder; you can still answer now.";
    await args.respond({ response_type: "ephemeral", replace_original: false, text });
  });

export const skipCheckin = (services: SlackServices) =>
  checkinAction(services, "check-in: skip", async ({ service }, args) => {
    const user = args.body.user.id;
    const ref = refOf(args, user);
    if (!ref) return;
    const campaign = await service.getCampaign(ref.c);
    const skipped = await service.skip(keyOf(ref, user));
    if (!campaign) return;
    const p = await service.participation(keyOf(ref, user));
    const m = buildDmOutcome(skipped ? "skipped" : p?.state === "answered" ? "answered" : "closed", campaign.definition.name);
    await args.respond({ replace_original: true, text: m.text, blocks: m.blocks });
  });

async function requireManager(ctx: CheckinSlack, client: WebClient, user: string): Promise<boolean> {
  if (await ctx.managers.includes(user)) return true;
  await tellDm(client, user)(buildNoticeMessage(NOT_A_MANAGER));
  return false;
}

/** Opens the new-campaign modal (App Home button and `/pilot checkin`). */
export async function openCampaignModal(services: SlackServices, ctx: CheckinSlack, client: WebClient, user: string, triggerId: string): Promise<void> {
  if (!(await requireManager(ctx, client, user))) return;
  const today = DateTime.fromJSDate(services.clock(), { zone: "UTC" }).toISODate()!;
  await client.views.open({ trigger_id: triggerId, view: enforceViewLimits(buildCampaignModal(today)).view });
}

export const newCampaign = (services: SlackServices) =>
  checkinAction(services, "check-in: new campaign", (ctx, args) =>
    openCampaignModal(services, ctx, args.client, args.body.user.id, (args.body as { trigger_id: string }).trigger_id),
  );

/** The campaign's report so far, DMed to the change manager who asked (with the chart). */
export const reportNow = (services: SlackServices) =>
  checkinAction(services, "check-in: report now", async (ctx, args) => {
    const user = args.body.user.id;
    if (!(await requireManager(ctx, args.client, user))) return;
    const id = (args.action as AnyAction).value ?? "";
    const report = await ctx.service.report(id);
    if (!report) return tellDm(args.client, user)(buildNoticeMessage("That campaign has no round yet; the report comes once the first round opens."));
    const { message } = enforceMessageLimits(buildReportMessage(report));
    await args.client.chat.postMessage({ channel: user, text: message.text!, blocks: message.blocks as never });
    const png = await ctx.service.chart(report);
    if (png) await ctx.messenger.uploadChart({ kind: "dm", userId: user }, png, report);
  });

/** The campaign's answers as a CSV file in the change manager's DM (anonymous campaigns: no names). */
export const exportCampaign = (services: SlackServices) =>
  checkinAction(services, "check-in: export", async (ctx, args) => {
    const user = args.body.user.id;
    if (!(await requireManager(ctx, args.client, user))) return;
    const id = (args.action as AnyAction).value ?? "";
    const campaign = await ctx.service.getCampaign(id);
    if (!campaign) return tellDm(args.client, user)(buildNoticeMessage("That campaign no longer exists."));
    const csv = toCsv(await ctx.service.exportRows(id));
    if (!csv) return tellDm(args.client, user)(buildNoticeMessage("Nothing to export yet: no answers so far."));
    const channel = await ctx.messenger.dmChannel(user);
    await args.client.files.uploadV2({
      channel_id: channel,
      file: Buffer.from(csv, "utf8"),
      filename: `${campaign.id}.csv`,
      title: `${campaign.definition.name}: check-in answers${campaign.definition.anonymous ? " (anonymous)" : ""}`,
    } as never);
  });
