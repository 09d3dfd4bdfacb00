import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildEscalationModal } from "../../blocks/modals.ts";
import { guarded } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellUserWhere } from "../../tell.ts";
import { type ButtonArgs, clickedAnswer } from "./answer-context.ts";

/** "Talk to a partner" on an answer: a modal with the need drafted from the question, for the user to confirm. */
export function openEscalationFromAnswer(services: SlackServices) {
  return async ({ ack, body, action, client }: ButtonArgs): Promise<void> => {
    await ack();
    const clicked = clickedAnswer(body, action.value);
    if (!clicked) {
      services.logger.warn({ actionId: action.action_id }, "partner button without a readable value");
      return;
    }
    const tell = tellUserWhere(client, clicked.channel, body.user.id, clicked.threadTs);
    await guarded(services.logger, "talk to a partner", tell, async () => {
      const { view } = enforceViewLimits(
        buildEscalationModal({
          need: clicked.ref.q,
          meta: { c: clicked.ref.c, ch: clicked.channel, th: clicked.threadTs, r: clicked.ref.r, pt: clicked.ref.pt, from: "answer" },
        }),
      );
      await client.views.open({ trigger_id: body.trigger_id, view });
    });
  };
}
