/**
 * Retention: conversation turns (user ids and question text), processed-event claims, rate-limit windows and
 * finished inbox items are deleted once older than their setting, on a schedule. Every replica runs it; the
 * deletes are idempotent, so overlapping runs only repeat work. Pending inbox work is never pruned.
 */
import type { Clock } from "../clock.ts";
import type { Logger } from "../logging.ts";
import type { RetentionPolicy, Store } from "../store/Store.ts";

const DAY = 24 * 60 * 60 * 1000;

export const DEFAULT_RETENTION: RetentionPolicy = {
  turnsMs: 30 * DAY, // the ceiling knowledge/governance/data-privacy.md states for PartnerPilot
  processedEventsMs: 7 * DAY,
  rateLimitWindowsMs: 2 * DAY,
  inboxMs: 7 * DAY,
};

export class RetentionSchedule {
  private timer?: NodeJS.Timeout;
  private running?: Promise<Record<string, number> | undefined>;

  constructor(
    private readonly store: Store,
    private readonly policy: RetentionPolicy,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** How often to prune (default 1 h; 0 turns the schedule off). */
    private readonly everyMs = 60 * 60 * 1000,
  ) {}

  /** Prunes once now (in the background), then every `everyMs`. */
  start(): void {
    if (this.everyMs <= 0 || this.timer) return;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), this.everyMs);
    this.timer.unref();
  }

  /** One pruning pass (never two at once); resolves with the rows deleted per table. */
  runOnce(): Promise<Record<string, number> | undefined> {
    this.running ??= this.store
      .pruneOld(this.policy, this.clock())
      .then((deleted) => {
        if (Object.values(deleted).some((n) => n > 0)) this.logger.info({ deleted }, "retention: old rows deleted");
        return deleted;
      })
      .catch((err: unknown) => {
        this.logger.warn({ err }, "retention pruning failed; will try again");
        return undefined;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
