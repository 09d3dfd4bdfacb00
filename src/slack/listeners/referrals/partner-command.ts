import { PILOT_COMMAND } from "../../ids.ts";
import { tellRespond } from "../../tell.ts";
import type { PilotSubcommand } from "../commands/pilot.ts";
import { openReferralModal } from "./open-referral-modal.ts";

/** `/pilot partner [need]`: the referral modal, drafted from what follows the sub-command. */
export const PARTNER_SUBCOMMAND: PilotSubcommand = {
  name: "partner",
  usage: `${PILOT_COMMAND} partner [what you need]`,
  what: "Talk to a certified partner: a referral drafted from what you write, personal data masked, shared only with your consent.",
  run: (ctx, rest) => openReferralModal(ctx.services, ctx.client, ctx.triggerId, { text: rest }, tellRespond(ctx.respond)),
};
