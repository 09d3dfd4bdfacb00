import { buildNoticeMessage } from "../../blocks/notices.ts";
import { PILOT_COMMAND } from "../../ids.ts";
import { tellRespond } from "../../tell.ts";
import { NOT_SET_UP, openCampaignModal } from "../actions/checkin-buttons.ts";
import type { PilotSubcommand } from "./pilot.ts";

/** `/pilot checkin`: a change manager's new check-in campaign (the modal). */
export const CHECKIN_SUBCOMMAND: PilotSubcommand = {
  name: "checkin",
  usage: `${PILOT_COMMAND} checkin`,
  what: "Change managers: start an ADKAR check-in campaign for a team (DMs, reminders, a report with next steps).",
  async run(ctx) {
    const checkins = ctx.services.checkins;
    if (!checkins) return tellRespond(ctx.respond)(buildNoticeMessage(NOT_SET_UP));
    await openCampaignModal(ctx.services, checkins, ctx.client, ctx.userId, ctx.triggerId);
  },
};
