/** JobStore on SQLite: a claim is one UPDATE … RETURNING, atomic under SQLite's single writer lock. */
import type Database from "better-sqlite3";
import { checkJob, mapJob, shortError } from "./checkin-rows.ts";
import type { ClaimOptions, EffectClaim, Job, JobStatus, JobStore, NewJob } from "./JobStore.ts";
import { requireDate, requireId, requireText } from "./rows.ts";

type Row = Record<string, unknown>;

export class SqliteJobs implements JobStore {
  constructor(private readonly db: Database.Database) {}

  async enqueue(jobs: NewJob[], at: Date): Promise<number> {
    const now = requireDate("at", at).getTime();
    const checked = jobs.map(checkJob);
    const insert = this.db.prepare(
      `INSERT INTO jobs (kind, key, payload, due_at, status, attempts, max_attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
    );
    return this.db.transaction(() => {
      let created = 0;
      for (const j of checked) created += insert.run(j.kind, j.key, JSON.stringify(j.payload), j.dueAt.getTime(), j.maxAttempts, now, now).changes;
      return created;
    })();
  }

  async claim(options: ClaimOptions): Promise<Job[]> {
    requireText("owner", options.owner);
    const now = requireDate("now", options.now).getTime();
    if (options.limit <= 0) return [];
    const rows = this.db
      .prepare(
        `UPDATE jobs SET status = 'running', locked_by = ?, locked_until = ?, attempts = attempts + 1, updated_at = ?
         WHERE id IN (
           SELECT id FROM jobs
           WHERE (status = 'pending' AND due_at <= ?) OR (status = 'running' AND locked_until <= ?)
           ORDER BY due_at, id LIMIT ?
         )
         RETURNING *`,
      )
      .all(options.owner, now + options.leaseMs, now, now, now, Math.floor(options.limit)) as Row[];
    return rows.map(mapJob).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id - b.id);
  }

  async complete(id: number, owner: string, at: Date): Promise<boolean> {
    requireId("id", id);
    const r = this.db
      .prepare("UPDATE jobs SET status = 'done', locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ? AND locked_by = ? AND status = 'running'")
      .run(requireDate("at", at).getTime(), id, owner);
    return r.changes === 1;
  }

  async retry(id: number, owner: string, error: string, dueAt: Date, at: Date): Promise<boolean> {
    requireId("id", id);
    const r = this.db
      .prepare(
        `UPDATE jobs SET status = CASE WHEN attempts >= max_attempts THEN 'failed' ELSE 'pending' END,
           due_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = ?
         WHERE id = ? AND locked_by = ? AND status = 'running'`,
      )
      .run(requireDate("dueAt", dueAt).getTime(), shortError(error), requireDate("at", at).getTime(), id, owner);
    return r.changes === 1;
  }

  async fail(id: number, owner: string, error: string, at: Date): Promise<boolean> {
    requireId("id", id);
    const r = this.db
      .prepare(
        "UPDATE jobs SET status = 'failed', last_error = ?, locked_by = NULL, locked_until = NULL, updated_at = ? WHERE id = ? AND locked_by = ? AND status = 'running'",
      )
      .run(shortError(error), requireDate("at", at).getTime(), id, owner);
    return r.changes === 1;
  }

  async getJob(key: string): Promise<Job | undefined> {
    const row = this.db.prepare("SELECT * FROM jobs WHERE key = ?").get(requireText("key", key)) as Row | undefined;
    return row ? mapJob(row) : undefined;
  }

  async countJobs(filter: { kind?: string; keyPrefix?: string } = {}): Promise<Record<JobStatus, number>> {
    const rows = this.db
      .prepare(
        `SELECT status, count(*) AS n FROM jobs
         WHERE (? IS NULL OR kind = ?) AND (? IS NULL OR substr(key, 1, length(?)) = ?)
         GROUP BY status`,
      )
      .all(filter.kind ?? null, filter.kind ?? null, filter.keyPrefix ?? null, filter.keyPrefix ?? null, filter.keyPrefix ?? null) as Row[];
    const out: Record<JobStatus, number> = { pending: 0, running: 0, done: 0, failed: 0 };
    for (const r of rows) out[r.status as JobStatus] = Number(r.n);
    return out;
  }

  async nextDue(kind: string, keyPrefix: string): Promise<Date | undefined> {
    const row = this.db
      .prepare("SELECT min(due_at) AS due FROM jobs WHERE status = 'pending' AND kind = ? AND substr(key, 1, length(?)) = ?")
      .get(kind, keyPrefix, keyPrefix) as Row | undefined;
    return row?.due != null ? new Date(Number(row.due)) : undefined;
  }

  async claimEffect(key: string, owner: string, at: Date, staleMs: number): Promise<EffectClaim> {
    requireText("key", key);
    requireText("owner", owner);
    const now = requireDate("at", at).getTime();
    const claimed = this.db
      .prepare(
        `INSERT INTO job_effects (key, owner, claimed_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, claimed_at = excluded.claimed_at
           WHERE job_effects.done_at IS NULL AND job_effects.claimed_at <= ?
         RETURNING key`,
      )
      .get(key, owner, now, now - staleMs);
    if (claimed) return "claimed";
    const row = this.db.prepare("SELECT done_at FROM job_effects WHERE key = ?").get(key) as Row | undefined;
    return row?.done_at != null ? "done" : "busy";
  }

  async completeEffect(key: string, at: Date, result?: Record<string, unknown>): Promise<void> {
    this.db
      .prepare("UPDATE job_effects SET done_at = COALESCE(done_at, ?), result = COALESCE(result, ?) WHERE key = ?")
      .run(requireDate("at", at).getTime(), result === undefined ? null : JSON.stringify(result), requireText("key", key));
  }

  async releaseEffect(key: string, owner: string): Promise<void> {
    this.db.prepare("DELETE FROM job_effects WHERE key = ? AND owner = ? AND done_at IS NULL").run(requireText("key", key), owner);
  }

  async countEffects(keyPrefix: string): Promise<number> {
    const row = this.db
      .prepare("SELECT count(*) AS n FROM job_effects WHERE substr(key, 1, length(?)) = ? AND done_at IS NOT NULL")
      .get(keyPrefix, keyPrefix) as Row;
    return Number(row.n);
  }
}
