import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildEscalationModal } from "../../blocks/modals.ts";
import type { SlackServices } from "../../services.ts";
import { onAnswerButton } from "./answer-button.ts";

/** "Talk to a partner" on an answer: a modal with the need drafted from the question, for the user to confirm. */
export const openEscalationFromAnswer = (services: SlackServices) =>
  onAnswerButton(services, "talk to a partner", async (clicked, { body, client }) => {
    const { view } = enforceViewLimits(
      buildEscalationModal({
        need: clicked.ref.q,
        meta: { c: clicked.ref.c, ch: clicked.channel, th: clicked.threadTs, r: clicked.ref.r, pt: clicked.ref.pt, from: "answer" },
      }),
    );
    await client.views.open({ trigger_id: body.trigger_id, view });
  });
