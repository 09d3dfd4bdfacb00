import type { App } from "@slack/bolt";
import { HOME_ASK, HOME_FIND_USE_CASES, HOME_TALK_TO_PARTNER } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { checkinHomeSection } from "./checkin-section.ts";
import { showHome } from "./publish-home.ts";
import { openUseCaseIntakeFromHome } from "../usecases/index.ts";
import { openAskModal, openPartnerModal, openUseCaseModal } from "./quick-actions.ts";

/** The App Home tab and its quick-action buttons. */
export function register(app: App, services: SlackServices): void {
  services.homeSections?.push(checkinHomeSection(services));
  app.event("app_home_opened", showHome(services));
  app.action(HOME_ASK, openAskModal(services));
  app.action(HOME_FIND_USE_CASES, services.useCases ? openUseCaseIntakeFromHome(services) : openUseCaseModal(services));
  app.action(HOME_TALK_TO_PARTNER, openPartnerModal(services));
}
