import { buildCheckinHomeSection } from "../../blocks/checkins.ts";
import type { HomeSectionProvider, SlackServices } from "../../services.ts";

/** The change managers' check-in section of App Home (nobody else sees it). */
export function checkinHomeSection(services: SlackServices): HomeSectionProvider {
  return async (userId) => {
    const ctx = services.checkins;
    if (!ctx || !(await ctx.managers.includes(userId))) return undefined;
    return buildCheckinHomeSection(await ctx.service.overview(userId));
  };
}
