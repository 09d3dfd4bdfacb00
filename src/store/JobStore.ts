/**
 * Durable scheduled work (the `jobs` table) and claimed side effects (the `job_effects` table), shared by every
 * feature: a job is a row before it is acted on, claimed with a lease (on PostgreSQL `FOR UPDATE SKIP LOCKED`),
 * done once, retried after a crash (its lease runs out) or a failure, never run by two workers at the same time.
 * Handlers must be idempotent; the effect claims make each outward action (a DM, a post) happen once even when a
 * handler is run again.
 */

export type JobStatus = "pending" | "running" | "done" | "failed";

export interface NewJob {
  /** Handler name, e.g. `checkins.send_dm`. */
  kind: string;
  /** Natural key: enqueueing the same key again does nothing (so re-planning a round is safe). */
  key: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  /** Attempts before the job is marked failed (default 8). */
  maxAttempts?: number;
}

export interface Job {
  id: number;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  dueAt: Date;
  status: JobStatus;
  /** Attempts started so far (the running one included). */
  attempts: number;
  maxAttempts: number;
  lockedBy?: string;
  lockedUntil?: Date;
  lastError?: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ClaimOptions {
  /** Who claims (worker id, unique per process). */
  owner: string;
  now: Date;
  /** How long the claim holds; a worker that dies is replaced after this. */
  leaseMs: number;
  limit: number;
}

/** Outcome of claiming a side effect. */
export type EffectClaim = "claimed" | "done" | "busy";

export interface JobStore {
  /** Inserts the jobs whose keys are new; returns how many were new. */
  enqueue(jobs: NewJob[], at: Date): Promise<number>;
  /**
   * Claims up to `limit` jobs that are due (pending with dueAt <= now, or running with an expired lease), oldest due
   * first, and marks them running for `owner` until now + leaseMs, counting an attempt.
   */
  claim(options: ClaimOptions): Promise<Job[]>;
  /** Marks the job done; false when `owner` no longer holds it (its lease ran out and another worker took it). */
  complete(id: number, owner: string, at: Date): Promise<boolean>;
  /** Puts the job back as pending, due at `dueAt`, or marks it failed when out of attempts. False when not held. */
  retry(id: number, owner: string, error: string, dueAt: Date, at: Date): Promise<boolean>;
  /** Marks the job failed now (an error retrying cannot fix). False when not held. */
  fail(id: number, owner: string, error: string, at: Date): Promise<boolean>;
  getJob(key: string): Promise<Job | undefined>;
  /** Jobs by status (for metrics, the bench and tests). */
  countJobs(filter?: { kind?: string; keyPrefix?: string }): Promise<Record<JobStatus, number>>;
  /** Earliest due pending job of `kind` whose key starts with `keyPrefix` (next run shown on App Home). */
  nextDue(kind: string, keyPrefix: string): Promise<Date | undefined>;

  /**
   * Claims a side effect by key before doing it. "claimed": do it, then `completeEffect`. "done": it already
   * happened, skip it. "busy": another worker claimed it less than `staleMs` ago (it may still be doing it).
   * A claim older than `staleMs` that was never completed (its worker died mid-way) is taken over: "claimed".
   */
  claimEffect(key: string, owner: string, at: Date, staleMs: number): Promise<EffectClaim>;
  /** Records the effect as done (with what it produced, e.g. the message ts). */
  completeEffect(key: string, at: Date, result?: Record<string, unknown>): Promise<void>;
  /** Gives a claim back after the effect definitely did not happen (the call failed), so a retry can do it. */
  releaseEffect(key: string, owner: string): Promise<void>;
  /** How many effects with the key prefix are done (tests and the bench count duplicates and losses with it). */
  countEffects(keyPrefix: string): Promise<number>;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
