import type { App } from "@slack/bolt";
import { CHECKIN_ANSWER_PREFIX, CHECKIN_EXPORT, CHECKIN_NEW_CAMPAIGN, CHECKIN_REPORT_NOW, CHECKIN_SKIP, CHECKIN_SNOOZE, CHECKIN_START } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { exportCampaign, newCampaign, reportNow, saveCheckinAnswer, skipCheckin, snoozeCheckin, startCheckin } from "./checkin-buttons.ts";

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The check-in buttons (DM, modal, App Home). */
export function registerCheckinButtons(app: App, services: SlackServices): void {
  app.action(CHECKIN_START, startCheckin(services));
  app.action(CHECKIN_SNOOZE, snoozeCheckin(services));
  app.action(CHECKIN_SKIP, skipCheckin(services));
  app.action(new RegExp(`^${escapeRegExp(CHECKIN_ANSWER_PREFIX)}`), saveCheckinAnswer(services));
  app.action(CHECKIN_NEW_CAMPAIGN, newCampaign(services));
  app.action(CHECKIN_REPORT_NOW, reportNow(services));
  app.action(CHECKIN_EXPORT, exportCampaign(services));
}
