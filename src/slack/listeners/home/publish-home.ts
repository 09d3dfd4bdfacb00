import { buildHomeView, type HomeSection } from "../../blocks/home.ts";
import { enforceViewLimits } from "../../blocks/limits.ts";
import { reportFailure } from "../../failure.ts";
import type { SlackServices, WebClient } from "../../services.ts";
import type { EventArgs } from "../types.ts";

const RECENT_QUESTIONS = 8;

/** Builds and publishes one user's App Home; on failure publishes a short note with the reference id. */
export async function publishHome(services: SlackServices, client: WebClient, userId: string): Promise<void> {
  try {
    const [recentQuestions, sections] = await Promise.all([services.store.recentQuestions(userId, RECENT_QUESTIONS), extraSections(services, userId)]);
    const { view, violations } = enforceViewLimits(buildHomeView({ userId, recentQuestions, sections, now: services.clock() }));
    if (violations.length > 0) services.logger.warn({ violations }, "home view cut to fit Block Kit limits");
    await client.views.publish({ user_id: userId, view });
  } catch (err) {
    await reportFailure(services.logger, "publishing App Home", err, async (m) => {
      await client.views.publish({ user_id: userId, view: { type: "home", blocks: m.blocks } });
    });
  }
}

/** The later features' sections; one that fails is left out (and logged) rather than breaking the tab. */
async function extraSections(services: SlackServices, userId: string): Promise<HomeSection[]> {
  const built = await Promise.all(
    services.homeSections.map((provide, i) =>
      provide(userId).catch((err: unknown) => {
        services.logger.error({ err, section: i }, "an App Home section failed; showing the tab without it");
        return undefined;
      }),
    ),
  );
  return built.filter((s): s is HomeSection => s !== undefined);
}

export function showHome(services: SlackServices) {
  return async ({ event, client }: EventArgs<"app_home_opened">): Promise<void> => {
    if (event.tab !== "home") return;
    await publishHome(services, client, event.user);
  };
}

