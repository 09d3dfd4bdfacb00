/**
 * The Slack app: Bolt in socket mode (SLACK_APP_TOKEN) or HTTP mode (SLACK_SIGNING_SECRET, PORT,
 * POST /slack/events), SLACK_API_URL as the Web API base URL, and every listener registered.
 */
import { REFERRAL_STATES } from "../store/referrals.ts";
import type { UseCaseService } from "../usecases/UseCaseService.ts";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, webApi } from "@slack/bolt";
import type { AnswerEngine } from "../assistant/contract.ts";
import { type Clock, systemClock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { type AppMetrics, createMetrics } from "../operations/metrics.ts";
import { Readiness } from "../operations/readiness.ts";
import { DEFAULT_RETENTION, RetentionSchedule } from "../operations/retention.ts";
import type { RetentionPolicy, Store } from "../store/Store.ts";
import { boltLogger } from "./bolt-logger.ts";
import { type CheckinSetup, checkinSlack } from "./checkins/index.ts";
import { retryPendingNotifications } from "../referrals/escalations.ts";
import { reportFailure } from "./failure.ts";
import { registerListeners } from "./listeners/index.ts";
import { DEFAULT_INBOX_SETTINGS, Inbox, inboxKeyOf, type InboxSettings } from "./inbox/Inbox.ts";
import { InboxSweeper, runThroughInbox } from "./inbox/run-through-inbox.ts";
import { ignoreNoise, yieldAfterAck } from "./middleware.ts";
import { ReplyPoster } from "./ReplyPoster.ts";
import type { HomeSectionProvider, SlackServices } from "./services.ts";
import { SlackHttpReceiver } from "./SlackHttpReceiver.ts";
import { SlackNotifier } from "./SlackNotifier.ts";
import { LintDigestSender, type LintDigestDeps, type LintDigestSettings } from "./LintDigestSender.ts";
import { lintOffThread } from "../lint/lint-off-thread.ts";
import { type Tell, tellDm, tellUserWhere } from "./tell.ts";
import { WorkLimiter } from "./WorkLimiter.ts";
import { SlackReferrals, type SlackReferralsOptions } from "./referrals/SlackReferrals.ts";

export type SlackConfig = Extract<Config["slack"], { enabled: true }> & {
  escalationChannel?: string;
  rateLimitPerMinute: number;
};

export interface SlackAppDeps {
  config: SlackConfig;
  engine: AnswerEngine;
  store: Store;
  logger: Logger;
  clock?: Clock;
  /** Web API retry policy (429s always wait for Retry-After first). Tests shorten it. */
  retryConfig?: webApi.RetryOptions;
  /** Longest question accepted (default 4,000 characters). */
  maxQuestionChars?: number;
  /** Minimum ms between progress updates of an answer being written (default 1,500). */
  progressIntervalMs?: number;
  /** Thread replies: ms before a placeholder is posted; faster answers are posted once, complete (default 700). */
  placeholderDelayMs?: number;
  /** Answers worked on at once; more wait in arrival order (default 32). */
  maxConcurrentAnswers?: number;
  /** On stop, how long answers already acknowledged may take to finish (default 10 s). */
  drainTimeoutMs?: number;
  /** How often escalations whose notification failed are retried (default 60 s; 0 turns the sweep off). */
  notificationRetryMs?: number;
  /** The use-case finder; absent, `/pilot usecases` and the App Home button say it is unavailable. */
  useCases?: UseCaseService;
  /** Weekly playbook digest to owners (LINT_DIGEST_CHANNEL / PLAYBOOK_OWNERS); absent or unconfigured → off. */
  lintDigest?: LintDigestSettings & { everyMs?: number; lint?: LintDigestDeps["lint"] };
  /** Extra App Home sections (referrals, check-ins, saved use cases), in order. */
  homeSections?: HomeSectionProvider[];
  /** Check-ins: the service and who the change managers are. */
  checkins?: CheckinSetup;
  /** Durable inbox: lease, sweep, retry backoff and attempts (defaults in DEFAULT_INBOX_SETTINGS). */
  inbox?: Partial<InboxSettings>;
  /** How long old rows are kept (defaults in DEFAULT_RETENTION), and how often they are pruned (default 1 h; 0 off). */
  retention?: RetentionPolicy;
  retentionEveryMs?: number;
  /** Web API request timeout (default 15 s). */
  webApiTimeoutMs?: number;
  /** First pause before posting a reply again after a failure (default 500 ms). */
  replyBackoffMs?: number;
  /** Readiness check of the search index; throws when it cannot answer. */
  checkIndex?: () => void | Promise<void>;
  /** `llm` or `offline`, for metrics labels. */
  engineName?: string;
  /** Certified-partner referrals (modal, partner cards, DMs, outbox delivery, SLA sweep); absent → the PMO escalation flow. */
  referrals?: SlackReferralsOptions;
  /** Epoch ms now for signature timestamps (tests move it); default Date.now. */
  requestClock?: () => number;
  /** Sees each acknowledgement's time inside the app, from the request's body arriving to the 200 (benchmarks). */
  onAck?: (kind: string, seconds: number) => void;
}

export interface SlackApp {
  app: App;
  inbox: Inbox;
  metrics: AppMetrics;
  readiness: Readiness;
  /** The referral feature, when configured (tests wait on `referrals.idle()`). */
  referrals?: SlackReferrals;
  /** One inbox sweep now (tests; replicas sweep on their own every `sweepEveryMs`). */
  sweepInbox(): Promise<void>;
  /** Connects (socket mode) or listens (HTTP mode; port 0 picks a free port, reported back). */
  start(): Promise<{ port?: number }>;
  /**
   * Stops taking requests, then waits (up to `drainTimeoutMs`) for the answers already acknowledged to be
   * delivered: Slack does not resend an event it got a 200 for, so stopping mid-answer would lose it.
   */
  stop(): Promise<void>;
}

/** A setup mistake that stops the start, with what to do about it. */
export class SlackSetupError extends Error {
  readonly code = "slack_setup_invalid";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SlackSetupError";
  }
}

export const EVENTS_PATH = "/slack/events";
export const HEALTH_PATH = "/healthz";
export const READY_PATH = "/readyz";
export const METRICS_PATH = "/metrics";

/** A few quick retries: a reply that arrives a minute late is worse than a clear failure message. */
export const DEFAULT_RETRY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 200, maxTimeout: 3000, randomize: true };

/** Who to tell about a failure, from the raw request body: the author of a message, or the user who acted. */
function tellForBody(client: App["client"], body: unknown): Tell | undefined {
  const b = body as { event?: { channel?: string; user?: string; ts?: string; thread_ts?: string; bot_id?: string }; user?: { id?: string } | string; user_id?: string };
  const e = b.event;
  if (e?.channel && e.user && !e.bot_id) return tellUserWhere(client, e.channel, e.user, e.thread_ts ?? e.ts);
  const user = typeof b.user === "object" ? b.user?.id : (b.user_id ?? undefined);
  return user ? tellDm(client, user) : undefined;
}

export function createSlackApp(deps: SlackAppDeps): SlackApp {
  const { config, logger } = deps;
  const socket = config.mode === "socket";
  if (socket && !config.appToken) {
    throw new SlackSetupError("Socket mode needs SLACK_APP_TOKEN: an app-level token (xapp-…) with the connections:write scope, from Basic Information → App-Level Tokens.");
  }
  if (!socket && !config.signingSecret) {
    throw new SlackSetupError("HTTP mode needs SLACK_SIGNING_SECRET, from Basic Information → App Credentials.");
  }

  const clock = deps.clock ?? systemClock;
  const metrics = createMetrics();
  const inbox = new Inbox(deps.store, clock, { ...DEFAULT_INBOX_SETTINGS, ...deps.inbox }, logger);
  const readiness = new Readiness(deps.store, logger, deps.checkIndex);
  const routes: Record<string, () => Promise<{ status: number; body: string; contentType: string }>> = {
    [READY_PATH]: async () => {
      const report = await readiness.check();
      return { status: report.ready ? 200 : 503, body: JSON.stringify(report), contentType: "application/json" };
    },
    [METRICS_PATH]: async () => ({ status: 200, body: await metrics.render(), contentType: metrics.contentType }),
  };
  const receiver = socket
    ? undefined
    : new SlackHttpReceiver({
        signingSecret: config.signingSecret!,
        path: EVENTS_PATH,
        healthPath: HEALTH_PATH,
        logger,
        routes,
        now: deps.requestClock,
        onAck: (kind, seconds) => {
          metrics.events.inc({ kind });
          metrics.ackSeconds.observe({ kind }, seconds);
          deps.onAck?.(kind, seconds);
        },
        // The event is a row in the inbox before Slack gets its 200.
        accept: async (body) => {
          const key = inboxKeyOf(body);
          if (!key) return { process: true };
          const accepted = await inbox.accept(key, body).catch(async (err: unknown) => {
            if (await readiness.repairIfMissing(err)) return inbox.accept(key, body);
            throw err;
          });
          if (accepted.outcome !== "claimed") {
            logger.info({ inboxKey: key, state: accepted.outcome }, "duplicate event delivery ignored");
            return { process: false };
          }
          return { process: true, customProperties: { inboxClaim: accepted.claim } };
        },
      });
  const app = new App({
    token: config.botToken,
    ...(socket ? { socketMode: true, appToken: config.appToken } : { receiver }),
    logger: boltLogger(logger),
    clientOptions: {
      ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
      retryConfig: deps.retryConfig ?? DEFAULT_RETRY,
      timeout: deps.webApiTimeoutMs ?? 15_000,
    },
    // Conversation state lives in our store, not in Bolt's per-process memory.
    convoStore: false,
    // auth.test runs in start(), not in the constructor, so a bad token fails there with a clear message.
    deferInitialization: true,
    ignoreSelf: true,
    // The error handler gets the request body, so it can tell the user who was affected.
    extendedErrorHandler: true,
  });

  if (!config.escalationChannel) {
    logger.warn("ESCALATION_CHANNEL is not set: escalations and playbook flags are stored, but nobody is notified in Slack");
  }
  const referrals = deps.referrals
    ? new SlackReferrals(deps.referrals, { client: app.client, store: deps.store, clock, logger, pmoChannel: config.escalationChannel })
    : undefined;
  const services: SlackServices = {
    engine: deps.engine,
    store: deps.store,
    logger,
    clock,
    notifier: new SlackNotifier(app.client, config.escalationChannel, logger),
    rateLimitPerMinute: config.rateLimitPerMinute,
    maxQuestionChars: deps.maxQuestionChars ?? 4000,
    progressIntervalMs: deps.progressIntervalMs ?? 1500,
    placeholderDelayMs: deps.placeholderDelayMs ?? 700,
    answering: new WorkLimiter(deps.maxConcurrentAnswers ?? 32),
    homeSections: [...(deps.homeSections ?? []), ...(referrals?.homeSections ?? [])],
    checkins: deps.checkins ? checkinSlack(deps.checkins, app.client, deps.clock ?? systemClock) : undefined,
    ...(deps.useCases ? { useCases: deps.useCases } : {}),
    ...(referrals ? { referrals } : {}),
    // Replies go through a client that never re-posts by itself: a post that timed out may exist already.
    replies: new ReplyPoster({
      postClient: new webApi.WebClient(config.botToken, {
        ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
        retryConfig: { retries: 0 },
        timeout: deps.webApiTimeoutMs ?? 15_000,
        logger: boltLogger(logger),
      }),
      readClient: app.client,
      logger,
      backoffMs: deps.replyBackoffMs,
    }),
    metrics,
    engineName: deps.engineName,
  };
  metrics.gauge("partnerpilot_inbox_pending", "Accepted Slack events not yet finished", [], async () => [{ value: (await deps.store.inboxStats()).pending }]);
  metrics.gauge("partnerpilot_inbox_oldest_pending_seconds", "Age of the oldest pending inbox item", [], async () => {
    const { oldestPendingAt } = await deps.store.inboxStats();
    return [{ value: oldestPendingAt ? Math.max(0, (clock().getTime() - oldestPendingAt.getTime()) / 1000) : 0 }];
  });
  metrics.gauge("partnerpilot_referrals", "Referrals by lifecycle state (the last 1,000 created)", ["state"], async () => {
    const counts = new Map<string, number>(REFERRAL_STATES.map((state) => [state, 0]));
    for (const r of await deps.store.referrals.list({ limit: 1000 })) counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
    return [...counts].map(([state, value]) => ({ labels: { state }, value }));
  });
  metrics.gauge("partnerpilot_checkin_participants", "Check-in participants of active campaigns by state", ["state"], async () => {
    const counts = new Map<string, number>(["pending", "sent", "answered", "skipped", "expired"].map((state) => [state, 0]));
    for (const campaign of await deps.store.checkins.listCampaigns({ status: "active" })) {
      for (const p of await deps.store.checkins.listParticipations(campaign.id)) counts.set(p.state, (counts.get(p.state) ?? 0) + 1);
    }
    return [...counts].map(([state, value]) => ({ labels: { state }, value }));
  });

  // Every request Bolt is working on, from the first middleware to the last listener (answers included): stop()
  // waits for these, because Slack does not resend what it got a 200 for.
  let inFlight = 0;
  app.use(async ({ next }) => {
    inFlight += 1;
    try {
      await next();
    } finally {
      inFlight -= 1;
    }
  });
  app.use(yieldAfterAck);
  // Before anything may drop an event: every event callback is inbox work that ends settled.
  app.use(runThroughInbox(inbox, logger));
  app.use(ignoreNoise(services));
  registerListeners(app, services);
  // Bolt's index does not export ExtendedErrorHandlerArgs; this is its shape.
  const onError = async ({ error, body }: { error: Error; body: unknown }): Promise<void> => {
    // Listeners report their own failures; this catches what escaped them (e.g. the store failing in middleware).
    const tell = tellForBody(app.client, body);
    await reportFailure(logger, "handling a Slack request", error, tell);
  };
  app.error(onError as Parameters<App["error"]>[0]);

  let started = false;
  let sweep: NodeJS.Timeout | undefined;
  let sweeping: Promise<void> | undefined;
  const retryNotifications = async () => {
    if (!services.notifier.configured) return;
    try {
      const outcome = await retryPendingNotifications(services.store, services.notifier, services.clock);
      if (outcome.attempted > 0) logger.info(outcome, "retried escalation notifications");
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "retrying escalation notifications failed; will try again");
    }
  };
  const startSweep = () => {
    const every = deps.notificationRetryMs ?? 60_000;
    if (every <= 0) return;
    sweep = setInterval(() => {
      // One sweep at a time: a slow one must not overlap the next (it could claim the same escalation twice).
      if (!sweeping) sweeping = retryNotifications().finally(() => (sweeping = undefined));
    }, every);
    sweep.unref();
  };
  const digest = deps.lintDigest
    ? new LintDigestSender({ store: deps.store, client: app.client, logger, clock: services.clock, settings: deps.lintDigest, lint: deps.lintDigest.lint ?? lintOffThread })
    : undefined;
  let digestTimer: NodeJS.Timeout | undefined;
  let digesting: Promise<void> | undefined;
  const startDigest = () => {
    if (!digest?.configured) return;
    const run = () => {
      // One sweep at a time; a failure is logged and the next interval tries again.
      digesting ??= digest
        .sweep()
        .then((outcome) => {
          if (outcome && outcome.sent > 0) logger.info(outcome, "sent playbook digests");
        })
        .catch((err) => logger.warn({ err: (err as Error).message }, "playbook digest sweep failed; will try again"))
        .finally(() => (digesting = undefined));
    };
    digestTimer = setInterval(run, deps.lintDigest?.everyMs ?? 60 * 60_000);
    digestTimer.unref();
    run();
  };
  const sweeper = new InboxSweeper(
    app,
    inbox,
    logger,
    // Take over only what this process has room for.
    () => Math.max(0, services.answering.limit - services.answering.busy),
    (err) => void readiness.repairIfMissing(err),
  );
  const retention = new RetentionSchedule(deps.store, deps.retention ?? DEFAULT_RETENTION, clock, logger, deps.retentionEveryMs);
  // Socket mode has no HTTP server of its own: health, readiness and metrics get a small one on PORT.
  let opsServer: Server | undefined;
  const startOpsServer = () =>
    new Promise<number>((resolve, reject) => {
      opsServer = createServer((req, res) => {
        const path = (req.url ?? "").split("?")[0] ?? "";
        if (req.method === "GET" && path === HEALTH_PATH) return void res.writeHead(200, { "content-type": "text/plain" }).end("ok");
        const route = req.method === "GET" ? routes[path] : undefined;
        if (!route) return void res.writeHead(404).end();
        route().then(
          (r) => res.writeHead(r.status, { "content-type": r.contentType }).end(r.body),
          () => res.writeHead(500).end(),
        );
      });
      opsServer.once("error", reject);
      opsServer.listen(config.port, () => resolve((opsServer!.address() as AddressInfo).port));
    });
  const idle = () => inFlight === 0 && (receiver?.inFlight ?? 0) === 0 && services.answering.busy === 0;
  return {
    app,
    inbox,
    metrics,
    readiness,
    referrals,
    sweepInbox: () => sweeper.sweepOnce(),
    async start() {
      try {
        await app.init();
      } catch (err) {
        throw new SlackSetupError(
          `Could not verify SLACK_BOT_TOKEN with Slack (auth.test: ${(err as Error).message}). Check the token, the network, or SLACK_API_URL if set.`,
          { cause: err },
        );
      }
      if (socket) {
        try {
          // Socket mode asks Slack for a WebSocket URL with the app token (apps.connections.open), then connects.
          await app.start();
        } catch (err) {
          throw new SlackSetupError(
            `Could not open the socket mode connection (apps.connections.open: ${(err as Error).message}). Check SLACK_APP_TOKEN (an app-level token with the connections:write scope, for an app with socket mode turned on), the network, or SLACK_API_URL if set.`,
            { cause: err },
          );
        }
        started = true;
        startSweep();
        sweeper.start();
        startDigest();
        retention.start();
        referrals?.start();
        const opsPort = await startOpsServer();
        logger.info({ mode: "socket", opsPort }, "Slack app connected");
        return { port: opsPort };
      }
      const server = (await app.start(config.port)) as Server;
      started = true;
      startSweep();
      sweeper.start();
      retention.start();
      referrals?.start();
      startDigest();
      const port = (server.address() as AddressInfo).port;
      logger.info({ mode: "http", port, path: EVENTS_PATH }, "Slack app listening");
      return { port };
    },
    async stop() {
      if (!started) return;
      started = false;
      clearInterval(sweep);
      clearInterval(digestTimer);
      await sweeper.stop();
      await retention.stop();
      await referrals?.stop();
      if (opsServer) await new Promise<void>((resolve) => opsServer!.close(() => resolve()));
      await app.stop();
      const timeoutMs = deps.drainTimeoutMs ?? 10_000;
      if (!(await quiet(idle, timeoutMs))) {
        logger.warn({ requests: inFlight, answers: services.answering.busy, timeoutMs }, "stopped with work still in progress");
      }
      await sweeping;
      await digesting;
    },
  };
}

/**
 * Resolves true once `isIdle` has held on two checks in a row (work about to be handed over between two
 * turns is caught too), or false when `timeoutMs` passes first.
 */
async function quiet(isIdle: () => boolean, timeoutMs: number, pollMs = 25): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let quietChecks = 0;
  while (performance.now() < deadline) {
    quietChecks = isIdle() ? quietChecks + 1 : 0;
    if (quietChecks >= 2) return true;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return isIdle();
}
