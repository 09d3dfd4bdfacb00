import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { buildSavedUseCasesSection } from "../../blocks/usecases.ts";
import { guarded } from "../../failure.ts";
import { PILOT_COMMAND, USE_CASE_MODAL, USE_CASE_PARTNER, USE_CASE_READINESS, USE_CASE_SAVE, USE_CASE_STATUS, USE_CASE_TRY_PROMPT } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { tellDm } from "../../tell.ts";
import type { PilotSubcommand } from "../commands/pilot.ts";
import { openUseCaseIntake } from "./open-intake.ts";
import { submitUseCaseIntake } from "./submit-intake.ts";
import { saveUseCase, setSavedStatus, showReadiness, talkToPartner, tryPrompt } from "./suggestion-buttons.ts";

/** The use-case finder: intake modal, the suggestion buttons, progress on App Home. A no-op without the service. */
export function register(app: App, services: SlackServices): void {
  const useCases = services.useCases;
  if (!useCases) return;
  app.view(USE_CASE_MODAL, submitUseCaseIntake(services, useCases));
  app.action(USE_CASE_TRY_PROMPT, tryPrompt(services, useCases));
  app.action(USE_CASE_READINESS, showReadiness(services, useCases));
  app.action(USE_CASE_SAVE, saveUseCase(services, useCases));
  app.action(USE_CASE_PARTNER, talkToPartner(services, useCases));
  app.action(USE_CASE_STATUS, setSavedStatus(services));
  services.homeSections.push(async (userId) => buildSavedUseCasesSection(await services.store.savedUseCases(userId), (id) => useCases.useCase(id)));
}

type HomeButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** App Home's "Find AI use cases" button. */
export const openUseCaseIntakeFromHome = (services: SlackServices) => async ({ ack, body, client }: HomeButtonArgs): Promise<void> => {
  await ack();
  await guarded(services.logger, "home: use cases", tellDm(client, body.user.id), () => openUseCaseIntake(services, client, body.user.id, body.trigger_id));
};

/** `/pilot usecases`: opens the intake modal. */
export const USECASES_SUBCOMMAND: PilotSubcommand = {
  name: "usecases",
  usage: `${PILOT_COMMAND} usecases`,
  what: "Find AI use cases for your role: a short form, then a ranked list with prompts to try and what it takes to start.",
  run: async (ctx) => openUseCaseIntake(ctx.services, ctx.client, ctx.userId, ctx.triggerId),
};
