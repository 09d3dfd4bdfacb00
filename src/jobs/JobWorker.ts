/**
 * The one worker loop over the durable jobs table: claims due jobs with a lease, runs the handler registered for
 * each job's kind, and completes, retries (with backoff, or after the delay a handler asks for) or fails them.
 * Several workers (threads of one process, or replicas) can run against the same store: the claim hands each
 * job to one of them, and `once` makes each side effect inside a handler happen once even when a job is retried.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import type { Job, JobStore } from "../store/JobStore.ts";

export interface JobContext {
  /** The clock's time when the job was claimed. */
  now: Date;
  /**
   * Runs `effect` once for `key` across every retry and worker: skipped when already done; when another worker
   * is doing it right now the job is retried later. A failure gives the claim back (so a retry does it) and rethrows.
   */
  once<T extends Record<string, unknown> | void>(key: string, effect: () => Promise<T>): Promise<T | undefined>;
}

export type JobHandler = (job: Job, context: JobContext) => Promise<void>;

/** Thrown by a handler: retry after `delayMs` (e.g. Slack's Retry-After), not after the usual backoff. */
export class RetryLater extends Error {
  readonly code = "job_retry_later";
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = "RetryLater";
  }
}

/** Thrown by a handler: retrying cannot help (bad payload, a thing that no longer exists). */
export class PermanentJobError extends Error {
  readonly code = "job_permanent";
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export interface JobWorkerOptions {
  jobs: JobStore;
  handlers: Record<string, JobHandler>;
  clock: Clock;
  logger?: Logger;
  /** Unique per worker; default `worker-<random>`. */
  owner?: string;
  /** How long a claim holds (default 2 minutes). A job whose worker died is picked up again after this. */
  leaseMs?: number;
  /** Jobs claimed per round trip (default 20). */
  batchSize?: number;
  /** Jobs run at once (default 8). */
  concurrency?: number;
  /** Wait between polls when nothing was due (default 1 s). */
  idleMs?: number;
  /** First retry delay, doubled per attempt (default 30 s), capped by maxBackoffMs (default 1 h). */
  backoffMs?: number;
  maxBackoffMs?: number;
}

export interface WorkerStats {
  done: number;
  retried: number;
  failed: number;
}

export class JobWorker {
  readonly owner: string;
  readonly stats: WorkerStats = { done: 0, retried: 0, failed: 0 };
  private readonly jobs: JobStore;
  private readonly handlers: Map<string, JobHandler>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly idleMs: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(options: JobWorkerOptions) {
    this.jobs = options.jobs;
    this.handlers = new Map(Object.entries(options.handlers));
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    this.owner = options.owner ?? `worker-${randomBytes(4).toString("hex")}`;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.batchSize = options.batchSize ?? 20;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.idleMs = options.idleMs ?? 1000;
    this.backoffMs = options.backoffMs ?? 30_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
  }

  /** Claims one batch of due jobs and runs them; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const claimed = await this.jobs.claim({ owner: this.owner, now: this.clock(), leaseMs: this.leaseMs, limit: this.batchSize });
    let next = 0;
    const lanes = Array.from({ length: Math.min(this.concurrency, claimed.length) }, async () => {
      while (next < claimed.length) await this.run(claimed[next++]!);
    });
    await Promise.all(lanes);
    return claimed.length;
  }

  /** Runs batches until nothing is due (tests, the CLI). Returns how many jobs were claimed in total. */
  async drain(maxBatches = 10_000): Promise<number> {
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  /** Starts the loop: batches back to back while work is due, then a poll every `idleMs`. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        let n = 0;
        try {
          n = await this.runOnce();
        } catch (err) {
          this.logger.warn({ err: (err as Error).message, worker: this.owner }, "claiming jobs failed; will try again");
        }
        if (n === 0 && this.running) await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.idleMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  /** Lets the current batch finish, then stops. Jobs not finished are picked up again when their lease runs out. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  /** Delay before retry number `attempts` (1-based): backoff doubled per attempt, capped. */
  backoff(attempts: number): number {
    return Math.min(this.maxBackoffMs, this.backoffMs * 2 ** Math.max(0, attempts - 1));
  }

  private async run(job: Job): Promise<void> {
    const handler = this.handlers.get(job.kind);
    const log = { job: job.id, kind: job.kind, attempt: job.attempts, worker: this.owner };
    try {
      if (!handler) throw new PermanentJobError(`no handler for job kind ${job.kind}`);
      if (job.attempts > job.maxAttempts) throw new PermanentJobError(`gave up after ${job.maxAttempts} attempts (last: ${job.lastError ?? "lease expired"})`);
      const now = this.clock();
      await handler(job, { now, once: (key, effect) => this.once(key, effect) });
      if (await this.jobs.complete(job.id, this.owner, this.clock())) this.stats.done += 1;
      else this.logger.warn(log, "job finished after its lease ran out (another worker may have taken it)");
    } catch (err) {
      const message = (err as Error)?.message ?? String(err);
      if (err instanceof PermanentJobError) {
        this.stats.failed += 1;
        this.logger.error({ ...log, err: message }, "job failed");
        await this.jobs.fail(job.id, this.owner, message, this.clock()).catch(() => undefined);
        return;
      }
      const delay = err instanceof RetryLater ? err.delayMs : this.backoff(job.attempts);
      const now = this.clock();
      this.stats.retried += 1;
      this.logger.warn({ ...log, err: message, retryInMs: delay }, "job will be retried");
      await this.jobs.retry(job.id, this.owner, message, new Date(now.getTime() + delay), now).catch((e: unknown) => {
        this.logger.warn({ ...log, err: (e as Error).message }, "could not reschedule the job; its lease will bring it back");
      });
    }
  }

  private async once<T extends Record<string, unknown> | void>(key: string, effect: () => Promise<T>): Promise<T | undefined> {
    const claim = await this.jobs.claimEffect(key, this.owner, this.clock(), this.leaseMs);
    if (claim === "done") return undefined;
    if (claim === "busy") throw new RetryLater(`effect ${key} is being done by another worker`, this.leaseMs);
    let result: T;
    try {
      result = await effect();
    } catch (err) {
      await this.jobs.releaseEffect(key, this.owner).catch(() => undefined);
      throw err;
    }
    await this.jobs.completeEffect(key, this.clock(), (result ?? undefined) as Record<string, unknown> | undefined);
    return result;
  }
}
