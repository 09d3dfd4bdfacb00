import type { App } from "@slack/bolt";
import { ASK_MODAL, ESCALATION_MODAL, FEEDBACK_REASON_MODAL } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { answerFromModal } from "./answer-from-modal.ts";
import { saveFeedbackReason } from "./save-feedback-reason.ts";
import { sendEscalation } from "./send-escalation.ts";

/** Modal submissions. */
export function register(app: App, services: SlackServices): void {
  app.view(FEEDBACK_REASON_MODAL, saveFeedbackReason(services));
  app.view(ESCALATION_MODAL, sendEscalation(services));
  app.view(ASK_MODAL, answerFromModal(services));
}
