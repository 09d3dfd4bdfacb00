import type { SlackServices } from "../../services.ts";
import { openReferralModal } from "../referrals/open-referral-modal.ts";
import { onAnswerButton } from "./answer-button.ts";

/** "Talk to a partner" on an answer: the referral modal drafted from the question, for the user to confirm. */
export const openReferralFromAnswer = (services: SlackServices) =>
  onAnswerButton(services, "talk to a partner", (clicked, { body, client }, tell) =>
    openReferralModal(services, client, body.trigger_id, { text: clicked.ref.q, meta: { c: clicked.ref.c, ch: clicked.channel, th: clicked.threadTs } }, tell),
  );
