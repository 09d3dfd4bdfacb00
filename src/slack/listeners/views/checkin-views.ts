/** Check-in modal submissions: a new campaign (field errors shown in place), and a participant's answers. */
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { ADKAR_ELEMENTS } from "../../../checkins/adkar.ts";
import { CampaignValidationError, questionIds } from "../../../checkins/campaign.ts";
import { DateTime } from "luxon";
import { buildDmOutcome, decodeRoundRef, questionBlock } from "../../blocks/checkins.ts";
import { buildNoticeMessage } from "../../blocks/notices.ts";
import { escapeMrkdwn } from "../../blocks/text.ts";
import { errorsForModal, readCampaignForm } from "../../checkins/campaign-form.ts";
import { guarded } from "../../failure.ts";
import { CHECKIN_ANSWER_PREFIX } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { tellDm } from "../../tell.ts";
import { publishHome } from "../home/publish-home.ts";
import { NOT_A_MANAGER, NOT_SET_UP } from "../actions/checkin-buttons.ts";

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

export function createCampaignFromModal(services: SlackServices) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const user = body.user.id;
    const ctx = services.checkins;
    if (!ctx) return void (await ack({ response_action: "errors", errors: { cmp_name: NOT_SET_UP } }));
    if (!(await ctx.managers.includes(user).catch(() => false))) return void (await ack({ response_action: "errors", errors: { cmp_name: NOT_A_MANAGER.slice(0, 150) } }));
    const form = readCampaignForm(view);
    if (!form.input) return void (await ack({ response_action: "errors", errors: form.errors }));
    let created;
    try {
      created = await ctx.service.createCampaign(user, form.input, view.id);
    } catch (err) {
      if (err instanceof CampaignValidationError) return void (await ack({ response_action: "errors", errors: errorsForModal(err.errors) }));
      await ack();
      throw err;
    }
    await ack();
    await guarded(services.logger, "check-in: campaign created notice", tellDm(client, user), async () => {
      const def = created.campaign.definition;
      const at = DateTime.fromISO(created.firstRound).toFormat("cccc d LLLL");
      await tellDm(client, user)(
        buildNoticeMessage(
          `:clipboard: Check-in *${escapeMrkdwn(def.name)}* is set up. First round: ${at} at ${def.schedule.time}, in each person's own time zone. The report comes to ${def.report.kind === "channel" ? `<#${def.report.channelId}>` : "you here"} when the round closes.`,
        ),
      );
      await publishHome(services, client, user);
    });
  };
}

/** The participant's answers: saved, the check-in marked answered (reminders stop), and the DM updated. */
export function submitCheckin(services: SlackServices) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const ref = decodeRoundRef(view.private_metadata);
    const ctx = services.checkins;
    if (!ref || !ctx) return void (await ack({ response_action: "errors", errors: { [questionBlock("awareness")]: NOT_SET_UP } }));
    const campaign = await ctx.service.getCampaign(ref.c);
    if (!campaign) return void (await ack({ response_action: "errors", errors: { [questionBlock("awareness")]: "This check-in no longer exists." } }));
    const answers: Record<string, unknown> = {};
    for (const id of questionIds(campaign.definition)) {
      const state = view.state.values[questionBlock(id)]?.[`${CHECKIN_ANSWER_PREFIX}${id}`] as { value?: string | null; selected_option?: { value: string } | null } | undefined;
      const value = state?.selected_option?.value ?? state?.value ?? undefined;
      if (value !== undefined && value !== null) answers[id] = value;
    }
    const key = { campaignId: ref.c, round: ref.r, userId: body.user.id };
    const outcome = await ctx.service.submit(key, answers);
    if (!outcome.ok) {
      const missing = ADKAR_ELEMENTS.filter((e) => outcome.message.includes(e));
      const errors = outcome.reason === "invalid" && missing.length > 0
        ? Object.fromEntries(missing.map((e) => [questionBlock(e), "Please pick a value."]))
        : { [questionBlock("awareness")]: outcome.message.slice(0, 150) };
      return void (await ack({ response_action: "errors", errors }));
    }
    await ack();
    const p = outcome.participation;
    await guarded(services.logger, "check-in: thank-you", tellDm(client, body.user.id), async () => {
      const m = buildDmOutcome("answered", campaign.definition.name);
      if (p.channelId && p.messageTs) await client.chat.update({ channel: p.channelId, ts: p.messageTs, text: m.text, blocks: m.blocks });
      else await tellDm(client, body.user.id)(buildNoticeMessage(m.text));
    });
  };
}
