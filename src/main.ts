import type { Config } from "./config.ts";
import type { Logger } from "./logging.ts";
import { createServices } from "./services.ts";

/** Starts the Slack app (socket or HTTP mode) over the shared services; stops cleanly on SIGINT/SIGTERM. */
export async function startSlack(config: Config, logger: Logger): Promise<void> {
  if (!config.slack.enabled) throw new Error("Slack is not configured (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET)");
  const services = await createServices(config, logger);
  const { createSlackApp } = await import("./slack/app.ts");
  const { CheckinService } = await import("./checkins/CheckinService.ts");
  const { loadChangeGuidance } = await import("./checkins/guidance.ts");
  const { checkinWorker } = await import("./slack/checkins/index.ts");
  const { systemClock } = await import("./clock.ts");
  const checkins = new CheckinService({ store: services.store, clock: systemClock, logger, guidance: await loadChangeGuidance(config.knowledgeDir) });
  const slack = createSlackApp({
    config: { ...config.slack, escalationChannel: config.escalationChannel, rateLimitPerMinute: config.rateLimitPerMinute },
    engine: services.engine,
    store: services.store,
    useCases: services.useCases,
    referrals: { service: services.partners.referrals, directory: services.partners.directory, webhookSecret: config.partners.webhookSecret },
    logger,
    checkins: { service: checkins, changeManagers: config.changeManagers },
    lintDigest: { ...config.lintDigest, knowledgeDir: config.knowledgeDir, confidenceThreshold: config.confidenceThreshold },
    inbox: config.inbox,
    retention: config.retention,
    engineName: config.openai.apiKey ? "llm" : "offline",
    checkIndex: () => {
      if (services.index.chunks.length === 0) throw new Error("the search index has no chunks");
    },
  });
  const { port } = await slack.start();
  // Scheduled check-in work (DMs, reminders, reports): one loop per replica; the jobs table hands each job to one.
  const worker = checkinWorker({ service: checkins, jobs: services.store.jobs, client: slack.app.client, clock: systemClock, logger });
  worker.start();
  if (!config.changeManagers.userIds.length && !config.changeManagers.usergroupId) {
    logger.warn("CHANGE_MANAGERS and CHANGE_MANAGER_GROUP are not set: nobody can create check-in campaigns");
  }
  logger.info({ mode: config.slack.mode, port }, "PartnerPilot is running in Slack");
  const stop = async () => {
    await worker.stop().catch(() => undefined);
    await slack.stop().catch(() => undefined);
    await services.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
