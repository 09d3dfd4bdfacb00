/**
 * Referral listeners: the modal's submission, the partner's Accept / Decline, the requester's Withdraw, and the
 * outcome survey. Each parses the payload, calls ReferralService, and tells a refused person why, ephemerally.
 */
import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { ReferralInputError } from "../../../referrals/ReferralService.ts";
import { REFERRAL_ACCEPT, REFERRAL_DECLINE, REFERRAL_INPUTS, REFERRAL_MODAL, REFERRAL_RATE, REFERRAL_RECOMMEND, REFERRAL_WITHDRAW, buildSurvey, buildSurveyThanks } from "../../blocks/referral.ts";
import { reportFailure } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { inputValue } from "../views/view-input.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** What the modal carries: the thread it came from. */
export interface ReferralModalMeta {
  c?: string;
  ch?: string;
  th?: string;
}

async function tellOnly(args: ButtonArgs, text: string): Promise<void> {
  const channel = args.body.channel?.id ?? args.body.container?.channel_id;
  if (channel) await args.client.chat.postEphemeral({ channel, user: args.body.user.id, text }).catch(() => undefined);
}

export function register(app: App, services: SlackServices): void {
  const referrals = services.referrals;
  if (!referrals) return;

  app.view(REFERRAL_MODAL, async ({ ack, body, view, client }: SubmitArgs) => {
    const summary = inputValue(view, REFERRAL_INPUTS.summary)?.trim() ?? "";
    const consent = (view.state.values[REFERRAL_INPUTS.consent.blockId]?.[REFERRAL_INPUTS.consent.actionId]?.selected_options ?? []).some((o) => o.value === "share");
    if (summary.length < 10) {
      await ack({ response_action: "errors", errors: { [REFERRAL_INPUTS.summary.blockId]: "Describe the need in a sentence or two so a partner can scope it." } });
      return;
    }
    if (!consent) {
      await ack({ response_action: "errors", errors: { [REFERRAL_INPUTS.consent.blockId]: "Nothing is shared without your consent: tick the box to send it." } });
      return;
    }
    await ack();
    let meta: ReferralModalMeta = {};
    try {
      meta = JSON.parse(view.private_metadata || "{}") as ReferralModalMeta;
    } catch {
      meta = {};
    }
    const user = body.user.id;
    try {
      await referrals.service.submit({
        key: `view:${view.id}`,
        requesterId: user,
        teamId: body.team?.id,
        conversationId: meta.c,
        summary,
        consent,
        details: {
          goal: inputValue(view, REFERRAL_INPUTS.goal),
          systems: (inputValue(view, REFERRAL_INPUTS.systems) ?? "").split(",").map((s) => s.trim().toLowerCase()).filter(Boolean),
          sensitivity: inputValue(view, REFERRAL_INPUTS.sensitivity),
          timeline: inputValue(view, REFERRAL_INPUTS.timeline),
          budget: inputValue(view, REFERRAL_INPUTS.budget),
          region: inputValue(view, REFERRAL_INPUTS.region),
          language: inputValue(view, REFERRAL_INPUTS.language),
        },
      });
      referrals.kick();
    } catch (err) {
      if (err instanceof ReferralInputError) {
        await client.chat.postMessage({ channel: user, text: err.message }).catch(() => undefined);
        return;
      }
      const ref = await reportFailure(services.logger, "submitting a referral", err);
      await client.chat.postMessage({ channel: user, text: `Sorry, I could not record your referral just now (reference \`${ref}\`). Please try again.` }).catch(() => undefined);
    }
  });

  const transition = (action: "accept" | "decline" | "withdraw") => async (args: ButtonArgs) => {
    await args.ack();
    const id = Number(args.action.value);
    if (!Number.isSafeInteger(id) || id < 1) return;
    const outcome = await referrals.service.act(id, action, args.body.user.id, action === "decline" ? "declined in Slack" : undefined);
    if (!outcome.ok) await tellOnly(args, outcome.reason);
    else referrals.kick();
  };
  app.action(REFERRAL_ACCEPT, transition("accept"));
  app.action(REFERRAL_DECLINE, transition("decline"));
  app.action(REFERRAL_WITHDRAW, transition("withdraw"));

  app.action(new RegExp(`^${REFERRAL_RATE}_[1-5]$`), async (args: ButtonArgs) => {
    await args.ack();
    const [id, rating] = String(args.action.value).split(":").map(Number);
    const r = id ? await referrals.service.get(id) : undefined;
    if (!r || r.requesterId !== args.body.user.id) return tellOnly(args, "Only the person who asked for this referral can rate it.");
    const channel = args.body.container?.channel_id;
    const ts = args.body.container?.message_ts;
    const firmName = (r.firmId && referrals.directory.get(r.firmId)?.firm.name) || "the partner";
    const next = buildSurvey(r, firmName, rating);
    if (channel && ts) await args.client.chat.update({ channel, ts, text: next.text, blocks: next.blocks as never[] });
  });
  app.action(new RegExp(`^${REFERRAL_RECOMMEND}_(yes|no)$`), async (args: ButtonArgs) => {
    await args.ack();
    const [id, rating, yes] = String(args.action.value).split(":");
    const outcome = await referrals.service.recordOutcome(Number(id), args.body.user.id, Number(rating), yes === "yes");
    if (!outcome.ok) return tellOnly(args, outcome.reason);
    const channel = args.body.container?.channel_id;
    const ts = args.body.container?.message_ts;
    const thanks = buildSurveyThanks();
    if (channel && ts) await args.client.chat.update({ channel, ts, text: thanks.text, blocks: thanks.blocks as never[] });
  });
}
