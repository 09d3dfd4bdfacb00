/**
 * Delivers outbox messages: claims due messages with a lease, hands each to the handler for its kind, and
 * marks it done, schedules a retry with exponential backoff, or buries it (a permanent failure, or too many
 * attempts). Any number of workers (replicas) may run; the store's claim makes each message go to one.
 * Delivery is at least once: a worker that dies after sending but before `complete` leaves the message to be
 * claimed again when its lease ends, so handlers pass the message key on (webhook delivery id) where they can.
 */
import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import type { Outbox, OutboxMessage } from "../store/outbox.ts";

/** Thrown by a handler when retrying cannot help (a 4xx from a webhook, a channel that does not exist). */
export class PermanentDeliveryError extends Error {
  readonly code = "delivery_permanent";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentDeliveryError";
  }
}

/** Thrown by a handler to be retried no earlier than `retryAfterMs` (a 429 with Retry-After). */
export class RetryLaterError extends Error {
  readonly code = "delivery_retry_later";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = "RetryLaterError";
  }
}

export type OutboxHandler = (message: OutboxMessage) => Promise<void>;

export interface OutboxWorkerOptions {
  outbox: Outbox;
  /** One handler per kind; messages of other kinds are left for workers that handle them. */
  handlers: Record<string, OutboxHandler>;
  clock: Clock;
  logger?: Logger;
  /** This worker's name in claims (default: a random id per process). */
  owner?: string;
  /** How long a claim holds before another worker may take it (default 2 min: longer than a handler's own retries). */
  leaseMs?: number;
  /** Messages per claim (default 20). */
  batchSize?: number;
  /** First retry delay (default 10 s); doubles per attempt up to maxBackoffMs (default 1 h). */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** Attempts before a message is buried (default 10). */
  maxAttempts?: number;
}

export interface OutboxRunOutcome {
  claimed: number;
  done: number;
  retried: number;
  dead: number;
}

/** Delay before the attempt after `attempts` failed ones: base * 2^(attempts-1), capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}

export class OutboxWorker {
  readonly owner: string;
  private readonly o: Required<Omit<OutboxWorkerOptions, "logger" | "owner">> & { logger: Logger };
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<OutboxRunOutcome> | undefined;
  private stopped = false;

  constructor(options: OutboxWorkerOptions) {
    this.owner = options.owner ?? `worker-${randomUUID()}`;
    this.o = {
      outbox: options.outbox,
      handlers: options.handlers,
      clock: options.clock,
      logger: options.logger ?? silentLogger,
      leaseMs: options.leaseMs ?? 120_000,
      batchSize: options.batchSize ?? 20,
      baseBackoffMs: options.baseBackoffMs ?? 10_000,
      maxBackoffMs: options.maxBackoffMs ?? 3_600_000,
      maxAttempts: options.maxAttempts ?? 10,
    };
  }

  /** Claims and delivers due messages until none are left (or a batch delivers nothing new). */
  async drain(): Promise<OutboxRunOutcome> {
    const total: OutboxRunOutcome = { claimed: 0, done: 0, retried: 0, dead: 0 };
    for (;;) {
      const once = await this.runOnce();
      total.claimed += once.claimed;
      total.done += once.done;
      total.retried += once.retried;
      total.dead += once.dead;
      if (once.claimed < this.o.batchSize || this.stopped) return total;
    }
  }

  /** One claim and the deliveries it gives. Never overlaps itself on one worker. */
  runOnce(): Promise<OutboxRunOutcome> {
    if (!this.running) this.running = this.deliverBatch().finally(() => (this.running = undefined));
    return this.running;
  }

  private async deliverBatch(): Promise<OutboxRunOutcome> {
    const { outbox, handlers, clock, logger } = this.o;
    const outcome: OutboxRunOutcome = { claimed: 0, done: 0, retried: 0, dead: 0 };
    const kinds = Object.keys(handlers);
    const batch = await outbox.claim({ owner: this.owner, at: clock(), leaseMs: this.o.leaseMs, limit: this.o.batchSize, kinds });
    outcome.claimed = batch.length;
    for (const message of batch) {
      const log = { outbox: { id: message.id, kind: message.kind, attempt: message.attempts } };
      try {
        await handlers[message.kind]!(message);
      } catch (err) {
        const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        if (err instanceof PermanentDeliveryError || message.attempts >= this.o.maxAttempts) {
          await outbox.bury(message.id, this.owner, reason, clock());
          outcome.dead++;
          logger.error({ ...log, reason }, "outbox message given up");
        } else {
          const delay =
            err instanceof RetryLaterError
              ? Math.max(err.retryAfterMs, 0)
              : backoffMs(message.attempts, this.o.baseBackoffMs, this.o.maxBackoffMs);
          await outbox.retry(message.id, this.owner, reason, new Date(clock().getTime() + delay));
          outcome.retried++;
          logger.warn({ ...log, reason, retryInMs: delay }, "outbox delivery failed; will retry");
        }
        continue;
      }
      if (await outbox.complete(message.id, this.owner, clock())) outcome.done++;
      else logger.warn(log, "outbox message delivered after its lease ended (another worker may deliver it too)");
    }
    return outcome;
  }

  /** Drains every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.stopped = false;
    const tick = () => {
      this.timer = undefined;
      void this.drain()
        .catch((err) => this.o.logger.error({ err: { message: (err as Error).message } }, "outbox sweep failed"))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops the timer and waits for a delivery in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
