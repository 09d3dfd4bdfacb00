import { recordEscalation } from "../../../referrals/escalations.ts";
import { buildNoticeMessage } from "../../blocks/notices.ts";
import { guarded, reportFailure } from "../../failure.ts";
import { NEED_INPUT } from "../../ids.ts";
import { decode, EscalationModalMetaSchema } from "../../metadata.ts";
import type { SlackServices } from "../../services.ts";
import { tellDm, tellUserWhere } from "../../tell.ts";
import type { SubmitArgs } from "./save-feedback-reason.ts";
import { inputValue } from "./view-input.ts";

/** The confirmed "Talk to a partner" draft: record the escalation, notify the partner team, tell the requester. */
export function sendEscalation(services: SlackServices) {
  return async ({ ack, body, view, client }: SubmitArgs): Promise<void> => {
    const need = inputValue(view, NEED_INPUT)?.trim() ?? "";
    if (need.length < 10) {
      await ack({ response_action: "errors", errors: { [NEED_INPUT.blockId]: "Please describe the need in a sentence or two." } });
      return;
    }
    await ack();
    const user = body.user.id;
    const meta = decode(EscalationModalMetaSchema, view.private_metadata) ?? { r: [], pt: [], from: "home" as const };
    const tell = meta.ch ? tellUserWhere(client, meta.ch, user, meta.th) : tellDm(client, user);
    await guarded(services.logger, "escalation", tell, async () => {
      const outcome = await recordEscalation(
        services.store,
        services.notifier,
        {
          userId: user,
          conversationId: meta.c,
          need,
          reasons: meta.r,
          partners: meta.pt.map((p) => ({ id: p.i, name: p.n, score: p.s })),
          key: meta.k ?? (meta.c ? undefined : `view:${view.id}`),
        },
        services.clock,
      );
      let reply = outcome.reply;
      if (outcome.notifyError) {
        const referenceId = await reportFailure(services.logger, `notifying escalation #${outcome.escalation.id}`, outcome.notifyError);
        reply = `${reply} (Reference: \`${referenceId}\`.)`;
      }
      services.logger.info({ escalation: outcome.escalation.id, created: outcome.created, notified: outcome.notified }, "escalation recorded");
      if (outcome.created) services.metrics?.escalations.inc({ outcome: outcome.notified ? "notified" : "pending" });
      await tell(buildNoticeMessage(`:handshake: ${reply}`));
    });
  };
}
