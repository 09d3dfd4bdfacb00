/** The outbox on SQLite: claims run in an IMMEDIATE transaction, so two connections never claim the same row. */
import type Database from "better-sqlite3";
import { prepared } from "./sqlite-statements.ts";
import { OUTBOX_STATES, checkClaim, checkOutboxMessage, clipError, mapOutbox } from "./outbox.ts";
import type { NewOutboxMessage, Outbox, OutboxClaim, OutboxMessage, OutboxState } from "./outbox.ts";
import { requireDate, requireId, requireLimit, requireOneOf, requireText } from "./rows.ts";

type Row = Record<string, unknown>;

/** Inserts (or finds) an outbox row on `db`; callable inside another transaction (referral + its messages). */
export function enqueueOutboxSqlite(
  db: Database.Database,
  message: NewOutboxMessage,
  at: Date,
): { message: OutboxMessage; created: boolean } {
  const m = checkOutboxMessage(message, at);
  const inserted = prepared(
    db,
    `INSERT INTO outbox (kind, key, payload, state, attempts, next_attempt_at, created_at)
       VALUES (?, ?, ?, 'pending', 0, ?, ?)
       ON CONFLICT (key) DO NOTHING RETURNING *`,
  ).get(m.kind, m.key, m.payload, m.notBefore.getTime(), at.getTime()) as Row | undefined;
  if (inserted) return { message: mapOutbox(inserted), created: true };
  const existing = prepared(db, "SELECT * FROM outbox WHERE key = ?").get(m.key) as Row;
  return { message: mapOutbox(existing), created: false };
}

export class SqliteOutbox implements Outbox {
  constructor(private readonly db: Database.Database) {}

  async enqueue(message: NewOutboxMessage, at: Date) {
    return enqueueOutboxSqlite(this.db, message, at);
  }

  async claim(claim: OutboxClaim): Promise<OutboxMessage[]> {
    const { owner, at, leaseMs, limit, kinds } = checkClaim(claim);
    if (limit === 0 || kinds?.length === 0) return [];
    const now = at.getTime();
    const kindFilter = kinds ? `AND kind IN (${kinds.map(() => "?").join(", ")})` : "";
    const run = this.db.transaction(() => {
      const ids = (
        this.db
          .prepare(
            `SELECT id FROM outbox
             WHERE state = 'pending' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?) ${kindFilter}
             ORDER BY next_attempt_at, id LIMIT ?`,
          )
          .all(now, now, ...(kinds ?? []), Math.floor(limit)) as { id: number }[]
      ).map((r) => r.id);
      const update = this.db.prepare(
        `UPDATE outbox SET locked_by = ?, locked_until = ?, attempts = attempts + 1 WHERE id = ? RETURNING *`,
      );
      return ids.map((id) => mapOutbox(update.get(owner, now + leaseMs, id) as Row));
    });
    return run.immediate();
  }

  async complete(id: number, owner: string, at: Date): Promise<boolean> {
    requireId("id", id);
    requireText("owner", owner);
    const r = this.db
      .prepare(
        `UPDATE outbox SET state = 'done', done_at = ?, locked_by = NULL, locked_until = NULL
         WHERE id = ? AND locked_by = ? AND state = 'pending'`,
      )
      .run(requireDate("at", at).getTime(), id, owner);
    return r.changes === 1;
  }

  async retry(id: number, owner: string, error: string, nextAttemptAt: Date): Promise<boolean> {
    requireId("id", id);
    requireText("owner", owner);
    const r = this.db
      .prepare(
        `UPDATE outbox SET next_attempt_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
         WHERE id = ? AND locked_by = ? AND state = 'pending'`,
      )
      .run(requireDate("nextAttemptAt", nextAttemptAt).getTime(), clipError(error), id, owner);
    return r.changes === 1;
  }

  async bury(id: number, owner: string, error: string, at: Date): Promise<boolean> {
    requireId("id", id);
    requireText("owner", owner);
    const r = this.db
      .prepare(
        `UPDATE outbox SET state = 'dead', done_at = ?, last_error = ?, locked_by = NULL, locked_until = NULL
         WHERE id = ? AND locked_by = ? AND state = 'pending'`,
      )
      .run(requireDate("at", at).getTime(), clipError(error), id, owner);
    return r.changes === 1;
  }

  async get(key: string): Promise<OutboxMessage | undefined> {
    const row = this.db.prepare("SELECT * FROM outbox WHERE key = ?").get(requireText("key", key)) as Row | undefined;
    return row ? mapOutbox(row) : undefined;
  }

  async list(filter: { kind?: string; state?: OutboxState; limit?: number } = {}): Promise<OutboxMessage[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind !== undefined) {
      where.push("kind = ?");
      params.push(requireText("filter.kind", filter.kind));
    }
    if (filter.state !== undefined) {
      where.push("state = ?");
      params.push(requireOneOf("filter.state", filter.state, OUTBOX_STATES));
    }
    const limit = requireLimit("filter.limit", filter.limit ?? 100);
    const rows = this.db
      .prepare(`SELECT * FROM outbox ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT ?`)
      .all(...params, limit) as Row[];
    return rows.map(mapOutbox);
  }

  async counts(): Promise<Record<OutboxState, number>> {
    const counts: Record<OutboxState, number> = { pending: 0, done: 0, dead: 0 };
    for (const r of this.db.prepare("SELECT state, count(*) AS n FROM outbox GROUP BY state").all() as Row[]) {
      counts[r.state as OutboxState] = Number(r.n);
    }
    return counts;
  }
}
