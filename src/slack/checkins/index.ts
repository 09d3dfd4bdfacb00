/**
 * Check-ins in the Slack app: what listeners need (the service and who the change managers are), and the job
 * worker that delivers DMs, reminders and reports through this app's Web API client.
 */
import type { CheckinService } from "../../checkins/CheckinService.ts";
import type { Clock } from "../../clock.ts";
import { JobWorker } from "../../jobs/JobWorker.ts";
import type { Logger } from "../../logging.ts";
import type { JobStore } from "../../store/JobStore.ts";
import type { WebClient } from "../services.ts";
import { ChangeManagers } from "./ChangeManagers.ts";
import { SlackCheckinDirectory } from "./SlackCheckinDirectory.ts";
import { SlackCheckinMessenger } from "./SlackCheckinMessenger.ts";

export { ChangeManagers, SlackCheckinDirectory, SlackCheckinMessenger };

/** The check-in parts of the Slack services. */
export interface CheckinSlack {
  service: CheckinService;
  managers: ChangeManagers;
  messenger: SlackCheckinMessenger;
}

export interface CheckinSetup {
  service: CheckinService;
  changeManagers: { userIds: string[]; usergroupId?: string };
}

export function checkinSlack(setup: CheckinSetup, client: WebClient, clock: Clock): CheckinSlack {
  return { service: setup.service, managers: new ChangeManagers(client, setup.changeManagers, clock), messenger: new SlackCheckinMessenger(client) };
}

/** A worker running the check-in jobs through `client`; call start() and, on shutdown, stop(). */
export function checkinWorker(options: { service: CheckinService; jobs: JobStore; client: WebClient; clock: Clock; logger: Logger; owner?: string; concurrency?: number; batchSize?: number }): JobWorker {
  return new JobWorker({
    jobs: options.jobs,
    clock: options.clock,
    logger: options.logger,
    owner: options.owner,
    concurrency: options.concurrency,
    batchSize: options.batchSize,
    handlers: options.service.handlers(new SlackCheckinDirectory(options.client), new SlackCheckinMessenger(options.client)),
  });
}
