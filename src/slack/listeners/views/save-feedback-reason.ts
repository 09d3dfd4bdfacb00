import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { buildNoticeMessage } from "../../blocks/notices.ts";
import { escapeMrkdwn } from "../../blocks/text.ts";
import { guarded } from "../../failure.ts";
import { PLAYBOOK_SELECT, REASON_INPUT } from "../../ids.ts";
import { decode, FeedbackModalMetaSchema } from "../../metadata.ts";
import type { SlackServices } from "../../services.ts";
import { tellUserWhere } from "../../tell.ts";
import { inputValue } from "./view-input.ts";

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The reason for a 👎 or a flag: stored with the feedback, and sent to the owners of the playbooks concerned. */
export function saveFeedbackReason(services: SlackServices) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const meta = decode(FeedbackModalMetaSchema, view.private_metadata);
    const reason = inputValue(view, REASON_INPUT)?.trim() ?? "";
    if (meta && reason.length === 0) {
      await ack({ response_action: "errors", errors: { [REASON_INPUT.blockId]: "Please say in a few words what was wrong." } });
      return;
    }
    await ack();
    const user = body.user.id;
    if (!meta) {
      services.logger.error({ callbackId: view.callback_id }, "feedback modal without readable metadata");
      return;
    }
    const tell = tellUserWhere(client, meta.ch, user, meta.th);
    await guarded(services.logger, `feedback reason (${meta.k})`, tell, async () => {
      const picked = Number(inputValue(view, PLAYBOOK_SELECT));
      const playbooks = meta.k === "flag" && Number.isInteger(picked) && meta.s[picked] ? [meta.s[picked]] : meta.s;
      await services.store.recordFeedback({
        answerId: meta.a,
        userId: user,
        kind: meta.k,
        reason,
        paths: playbooks.map((p) => p.p),
        question: meta.q || undefined,
        at: services.clock(),
      });
      let told = "Thanks, your feedback is recorded.";
      if (services.notifier.configured) {
        await services.notifier.notifyPlaybookFeedback({
          kind: meta.k,
          userId: user,
          reason,
          playbooks: playbooks.map((p) => ({ path: p.p, title: p.t, owner: p.o })),
          question: meta.q || undefined,
          channel: /^[CG]/.test(meta.ch) ? meta.ch : undefined,
        });
        const owners = [...new Set(playbooks.map((p) => p.o))];
        told = owners.length > 0 ? `Thanks, your note went to the playbook owners (${owners.map(escapeMrkdwn).join(", ")}).` : "Thanks, your note went to the AI Enablement Office.";
      } else {
        services.logger.warn("ESCALATION_CHANNEL is not set: playbook feedback is stored but nobody is notified");
      }
      await tell(buildNoticeMessage(`:memo: ${told}`));
    });
  };
}
