/**
 * The referral feature as the Slack app holds it: the service, the directory, and the outbox worker that
 * delivers referral messages (kicked after every change, and polled as a safety net), plus the SLA sweep.
 */
import type { webApi } from "@slack/bolt";
import type { Clock } from "../../clock.ts";
import type { Logger } from "../../logging.ts";
import { OutboxWorker } from "../../outbox/OutboxWorker.ts";
import type { PartnerDirectory } from "../../partners/PartnerDirectory.ts";
import type { ReferralService } from "../../referrals/ReferralService.ts";
import type { Store } from "../../store/Store.ts";
import { referralDeliveryHandlers } from "./delivery.ts";
import { buildPartnerOffersSection, buildPmoSection } from "../blocks/referral.ts";
import type { HomeSection } from "../blocks/home.ts";

export interface SlackReferralsOptions {
  service: ReferralService;
  directory: PartnerDirectory;
  webhookSecret?: string;
  /** Outbox poll and SLA sweep interval (default 30 s; 0 = only kicks, for tests). */
  sweepEveryMs?: number;
}

export class SlackReferrals {
  readonly service: ReferralService;
  readonly directory: PartnerDirectory;
  private readonly worker: OutboxWorker;
  private timer: NodeJS.Timeout | undefined;
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly o: SlackReferralsOptions,
    deps: { client: webApi.WebClient; store: Store; clock: Clock; logger: Logger; pmoChannel?: string },
  ) {
    this.service = o.service;
    this.directory = o.directory;
    this.worker = new OutboxWorker({
      outbox: deps.store.outbox,
      clock: deps.clock,
      logger: deps.logger,
      handlers: referralDeliveryHandlers({ client: deps.client, store: deps.store, directory: o.directory, clock: deps.clock, pmoChannel: deps.pmoChannel, webhookSecret: o.webhookSecret }),
    });
    this.logger = deps.logger;
    this.store = deps.store;
    this.clock = deps.clock;
  }

  private readonly store: Store;
  private readonly clock: Clock;

  /** App Home sections: offers for a partner's managers, the pipeline for the PMO; nothing for everyone else. */
  readonly homeSections = [
    async (userId: string): Promise<HomeSection | undefined> => {
      const actor = this.service.actor(userId);
      if (actor.kind !== "user" || actor.managerOf.length === 0) return undefined;
      const offers = (await Promise.all(actor.managerOf.map((firmId) => this.store.referrals.list({ firmId, states: ["offered"], limit: 20 })))).flat();
      return buildPartnerOffersSection(offers, this.clock());
    },
    async (userId: string): Promise<HomeSection | undefined> => {
      if (!this.service.isPmo(userId)) return undefined;
      const recent = await this.store.referrals.list({ limit: 500 });
      return buildPmoSection(recent, this.clock(), (id) => this.directory.get(id)?.firm.name ?? id);
    },
  ];

  private readonly logger: Logger;

  /** Delivers what is due now (after a change), without making the caller wait. */
  kick(): void {
    this.pending = this.pending
      .then(() => this.worker.drain())
      .catch((err) => this.logger.error({ err: { message: (err as Error).message } }, "referral delivery failed; the next sweep retries"));
  }

  /** Resolves when the kicks so far have finished (tests, shutdown). */
  idle(): Promise<unknown> {
    return this.pending;
  }

  start(): void {
    const every = this.o.sweepEveryMs ?? 30_000;
    if (every <= 0) return;
    const tick = async () => {
      try {
        await this.o.service.sweep();
      } catch (err) {
        this.logger.error({ err: { message: (err as Error).message } }, "referral SLA sweep failed");
      }
      this.kick();
      await this.pending;
      this.timer = setTimeout(tick, every);
    };
    this.timer = setTimeout(tick, every);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pending;
    await this.worker.stop();
  }
}
