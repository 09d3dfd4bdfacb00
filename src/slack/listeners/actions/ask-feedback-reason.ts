import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildFeedbackReasonModal } from "../../blocks/modals.ts";
import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellUserWhere } from "../../tell.ts";
import { type ButtonArgs, clickedAnswer } from "./answer-context.ts";

/**
 * 👎 or "Flag outdated playbook": the click is recorded at once (so closing the modal loses nothing), then a
 * modal asks for the reason; its submission adds the reason and notifies the playbook owners.
 */
export function askFeedbackReason(services: SlackServices, kind: "down" | "flag") {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const clicked = clickedAnswer(body, action.value);
    if (!clicked) {
      services.logger.warn({ actionId: action.action_id }, "feedback button without a readable value");
      return;
    }
    const tell = tellUserWhere(client, clicked.channel, body.user.id, clicked.threadTs);
    await guarded(services.logger, `feedback ${kind}`, tell, async () => {
      // Open the modal first: trigger_id expires 3 s after the click.
      const { view } = enforceViewLimits(
        buildFeedbackReasonModal({ ...clicked.ref, k: kind, a: clicked.answerId, ch: clicked.channel, th: clicked.threadTs }),
      );
      await client.views.open({ trigger_id: body.trigger_id, view });
      await services.store.recordFeedback({
        answerId: clicked.answerId,
        userId: body.user.id,
        kind,
        paths: clicked.ref.s.map((s) => s.p),
        question: clicked.ref.q || undefined,
        at: services.clock(),
      });
    });
  };
}
