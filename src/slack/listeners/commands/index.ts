import type { App } from "@slack/bolt";
import { PILOT_COMMAND } from "../../ids.ts";
import type { SlackServices } from "../../services.ts";
import { CHECKIN_SUBCOMMAND } from "./checkin.ts";
import { ASK_SUBCOMMAND, pilotCommand } from "./pilot.ts";
import { USECASES_SUBCOMMAND } from "../usecases/index.ts";
import { PARTNER_SUBCOMMAND } from "../referrals/partner-command.ts";

/** `/pilot`: help, questions; later sub-commands are added to the list here. */
export function register(app: App, services: SlackServices): void {
  app.command(PILOT_COMMAND, pilotCommand(services, [ASK_SUBCOMMAND, CHECKIN_SUBCOMMAND, ...(services.useCases ? [USECASES_SUBCOMMAND] : []), PARTNER_SUBCOMMAND]));
}
