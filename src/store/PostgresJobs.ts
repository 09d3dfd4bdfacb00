/** JobStore on PostgreSQL: claims with `FOR UPDATE SKIP LOCKED`, so replicas never take the same job. */
import type pg from "pg";
import { checkJob, mapJob, shortError } from "./checkin-rows.ts";
import type { ClaimOptions, EffectClaim, Job, JobStatus, JobStore, NewJob } from "./JobStore.ts";
import { requireDate, requireId, requireText } from "./rows.ts";

const INSERT_CHUNK = 500;

export class PostgresJobs implements JobStore {
  constructor(private readonly pool: pg.Pool) {}

  async enqueue(jobs: NewJob[], at: Date): Promise<number> {
    requireDate("at", at);
    const checked = jobs.map(checkJob);
    let created = 0;
    for (let i = 0; i < checked.length; i += INSERT_CHUNK) {
      const chunk = checked.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [at];
      const values = chunk.map((j) => {
        params.push(j.kind, j.key, JSON.stringify(j.payload), j.dueAt, j.maxAttempts);
        const n = params.length;
        return `($${n - 4}, $${n - 3}, $${n - 2}::jsonb, $${n - 1}, 'pending', 0, $${n}, $1, $1)`;
      });
      const result = await this.pool.query(
        `INSERT INTO jobs (kind, key, payload, due_at, status, attempts, max_attempts, created_at, updated_at)
         VALUES ${values.join(", ")} ON CONFLICT (key) DO NOTHING`,
        params,
      );
      created += result.rowCount ?? 0;
    }
    return created;
  }

  async claim(options: ClaimOptions): Promise<Job[]> {
    requireText("owner", options.owner);
    const now = requireDate("now", options.now);
    if (options.limit <= 0) return [];
    const { rows } = await this.pool.query(
      `WITH picked AS (
         SELECT id FROM jobs
         WHERE (status = 'pending' AND due_at <= $1) OR (status = 'running' AND locked_until <= $1)
         ORDER BY due_at, id
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs j SET status = 'running', locked_by = $3, locked_until = $4, attempts = j.attempts + 1, updated_at = $1
       FROM picked WHERE j.id = picked.id
       RETURNING j.*`,
      [now, Math.floor(options.limit), options.owner, new Date(now.getTime() + options.leaseMs)],
    );
    return rows.map(mapJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
  }

  async complete(id: number, owner: string, at: Date): Promise<boolean> {
    requireId("id", id);
    const result = await this.pool.query(
      `UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, updated_at = $3
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [id, owner, requireDate("at", at)],
    );
    return result.rowCount === 1;
  }

  async retry(id: number, owner: string, error: string, dueAt: Date, at: Date): Promise<boolean> {
    requireId("id", id);
    const result = await this.pool.query(
      `UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
         due_at = $3, last_error = $4, locked_by = NULL, locked_until = NULL, updated_at = $5
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [id, owner, requireDate("dueAt", dueAt), shortError(error), requireDate("at", at)],
    );
    return result.rowCount === 1;
  }

  async fail(id: number, owner: string, error: string, at: Date): Promise<boolean> {
    requireId("id", id);
    const result = await this.pool.query(
      `UPDATE jobs SET status = 'failed', last_error = $3, locked_by = NULL, locked_until = NULL, updated_at = $4
       WHERE id = $1 AND locked_by = $2 AND status = 'running'`,
      [id, owner, shortError(error), requireDate("at", at)],
    );
    return result.rowCount === 1;
  }

  async getJob(key: string): Promise<Job | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM jobs WHERE key = $1", [requireText("key", key)]);
    return rows[0] ? mapJob(rows[0]) : undefined;
  }

  async countJobs(filter: { kind?: string; keyPrefix?: string } = {}): Promise<Record<JobStatus, number>> {
    const { rows } = await this.pool.query(
      `SELECT status, count(*) AS n FROM jobs
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR starts_with(key, $2))
       GROUP BY status`,
      [filter.kind ?? null, filter.keyPrefix ?? null],
    );
    const out: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) out[r.status as JobStatus] = Number(r.n);
    return out;
  }

  async nextDue(kind: string, keyPrefix: string): Promise<Date | undefined> {
    const { rows } = await this.pool.query(
      "SELECT min(due_at) AS due FROM jobs WHERE status = 'pending' AND kind = $1 AND starts_with(key, $2)",
      [kind, keyPrefix],
    );
    return rows[0]?.due ? new Date(rows[0].due) : undefined;
  }

  async claimEffect(key: string, owner: string, at: Date, staleMs: number): Promise<EffectClaim> {
    requireText("key", key);
    requireText("owner", owner);
    requireDate("at", at);
    const { rows } = await this.pool.query(
      `INSERT INTO job_effects (key, owner, claimed_at) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, claimed_at = EXCLUDED.claimed_at
         WHERE job_effects.done_at IS NULL AND job_effects.claimed_at <= $4
       RETURNING key`,
      [key, owner, at, new Date(at.getTime() - staleMs)],
    );
    if (rows.length === 1) return "claimed";
    const existing = await this.pool.query("SELECT done_at FROM job_effects WHERE key = $1", [key]);
    return existing.rows[0]?.done_at ? "done" : "busy";
  }

  async completeEffect(key: string, at: Date, result?: Record<string, unknown>): Promise<void> {
    await this.pool.query("UPDATE job_effects SET done_at = COALESCE(done_at, $2), result = COALESCE(result, $3::jsonb) WHERE key = $1", [
      requireText("key", key),
      requireDate("at", at),
      result === undefined ? null : JSON.stringify(result),
    ]);
  }

  async releaseEffect(key: string, owner: string): Promise<void> {
    await this.pool.query("DELETE FROM job_effects WHERE key = $1 AND owner = $2 AND done_at IS NULL", [requireText("key", key), owner]);
  }

  async countEffects(keyPrefix: string): Promise<number> {
    const { rows } = await this.pool.query("SELECT count(*) AS n FROM job_effects WHERE starts_with(key, $1) AND done_at IS NOT NULL", [keyPrefix]);
    return Number(rows[0]!.n);
  }
}
