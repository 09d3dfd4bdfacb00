import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildFeedbackReasonModal } from "../../blocks/modals.ts";
import type { SlackServices } from "../../services.ts";
import { onAnswerButton, recordClick } from "./answer-button.ts";

/**
 * 👎 or "Flag outdated playbook": a modal asks for the reason (opened first: trigger_id expires 3 s after the
 * click), and the click is recorded at once, so closing the modal loses nothing. The submission adds the reason
 * and notifies the playbook owners.
 */
export const askFeedbackReason = (services: SlackServices, kind: "down" | "flag") =>
  onAnswerButton(services, `feedback ${kind}`, async (clicked, { body, client }) => {
    const { view } = enforceViewLimits(buildFeedbackReasonModal({ ...clicked.ref, k: kind, a: clicked.answerId, ch: clicked.channel, th: clicked.threadTs }));
    await client.views.open({ trigger_id: body.trigger_id, view });
    await recordClick(services, clicked, body.user.id, kind);
  });
