import type { App } from "@slack/bolt";
import { ASK_MODAL, CHECKIN_CAMPAIGN_MODAL, CHECKIN_MODAL, FEEDBACK_REASON_MODAL } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { answerFromModal } from "./answer-from-modal.ts";
import { createCampaignFromModal, submitCheckin } from "./checkin-views.ts";
import { saveFeedbackReason } from "./save-feedback-reason.ts";

/** Modal submissions. */
export function register(app: App, services: SlackServices): void {
  app.view(FEEDBACK_REASON_MODAL, saveFeedbackReason(services));
  app.view(ASK_MODAL, answerFromModal(services));
  app.view(CHECKIN_CAMPAIGN_MODAL, createCampaignFromModal(services));
  app.view(CHECKIN_MODAL, submitCheckin(services));
}
