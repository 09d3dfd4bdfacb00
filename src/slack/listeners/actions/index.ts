import type { App } from "@slack/bolt";
import { FEEDBACK_DOWN, FEEDBACK_UP, FLAG_OUTDATED, TALK_TO_PARTNER } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { askFeedbackReason } from "./ask-feedback-reason.ts";
import { registerCheckinButtons } from "./checkin-index.ts";
import { openReferralFromAnswer } from "./open-referral-from-answer.ts";
import { recordHelpful } from "./record-helpful.ts";

/** The buttons on an answer message. */
export function register(app: App, services: SlackServices): void {
  app.action(FEEDBACK_UP, recordHelpful(services));
  app.action(FEEDBACK_DOWN, askFeedbackReason(services, "down"));
  app.action(FLAG_OUTDATED, askFeedbackReason(services, "flag"));
  app.action(TALK_TO_PARTNER, openReferralFromAnswer(services));
  registerCheckinButtons(app, services);
}
