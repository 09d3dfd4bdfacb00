import { enforceViewLimits } from "../../blocks/limits.ts";
import { buildUseCaseModal } from "../../blocks/usecases.ts";
import type { SlackServices, WebClient } from "../../services.ts";

/**
 * The person's job title from their Slack profile (needs `users:read`), to pre-fill the role. Best effort: a
 * missing scope or a failed call opens the modal with an empty role instead.
 */
export async function profileTitle(client: WebClient, userId: string, services: SlackServices): Promise<string | undefined> {
  try {
    const res = await client.users.info({ user: userId });
    const title = res.user?.profile?.title?.trim();
    return title ? title : undefined;
  } catch (err) {
    services.logger.debug({ err: { message: (err as Error).message } }, "no profile title for the use-case intake");
    return undefined;
  }
}

/** Opens the intake modal, the role pre-filled from the profile title when there is one. */
export async function openUseCaseIntake(services: SlackServices, client: WebClient, userId: string, triggerId: string): Promise<void> {
  const role = await profileTitle(client, userId, services);
  const { view, violations } = enforceViewLimits(buildUseCaseModal({ role }));
  if (violations.length > 0) services.logger.warn({ violations }, "use-case modal cut to fit Block Kit limits");
  await client.views.open({ trigger_id: triggerId, view });
}
