import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildEscalationModal } from "../../blocks/modals.ts";
import { buildReferralModal } from "../../blocks/referral.ts";
import type { SlackServices } from "../../services.ts";
import { onAnswerButton } from "./answer-button.ts";

/** "Talk to a partner" on an answer: a modal with the need drafted from the question, for the user to confirm. */
export const openEscalationFromAnswer = (services: SlackServices) =>
  onAnswerButton(services, "talk to a partner", async (clicked, { body, client }) => {
    if (services.referrals) {
      // Certified partners configured: a referral draft (redacted need, matches, consent) instead of a PMO note.
      const draft = await services.referrals.service.draft(clicked.ref.q);
      const meta = JSON.stringify({ c: clicked.ref.c, ch: clicked.channel, th: clicked.threadTs });
      const { view } = enforceViewLimits(buildReferralModal(draft, meta));
      await client.views.open({ trigger_id: body.trigger_id, view });
      return;
    }
    const { view } = enforceViewLimits(
      buildEscalationModal({
        need: clicked.ref.q,
        meta: { c: clicked.ref.c, ch: clicked.channel, th: clicked.threadTs, r: clicked.ref.r, pt: clicked.ref.pt, from: "answer" },
      }),
    );
    await client.views.open({ trigger_id: body.trigger_id, view });
  });
