import type { App } from "@slack/bolt";
import { ASK_ABOUT_MESSAGE, ESCALATE_MESSAGE } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { answerAboutMessage } from "./ask-about-message.ts";
import { openReferralForMessage } from "./open-referral-for-message.ts";

/** Message shortcuts. */
export function register(app: App, services: SlackServices): void {
  app.shortcut(ASK_ABOUT_MESSAGE, answerAboutMessage(services));
  app.shortcut(ESCALATE_MESSAGE, openReferralForMessage(services));
}
