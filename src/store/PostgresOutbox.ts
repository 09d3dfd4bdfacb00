/** The outbox on PostgreSQL: claims use FOR UPDATE SKIP LOCKED, so replicas claiming at once split the work. */
import type pg from "pg";
import { OUTBOX_STATES, checkClaim, checkOutboxMessage, clipError, mapOutbox } from "./outbox.ts";
import type { NewOutboxMessage, Outbox, OutboxClaim, OutboxMessage, OutboxState } from "./outbox.ts";
import { requireDate, requireId, requireLimit, requireOneOf, requireText } from "./rows.ts";

type Row = Record<string, unknown>;
/** A pool or a client inside a transaction. */
type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** Inserts (or finds) an outbox row; pass a client inside BEGIN … COMMIT to enqueue with other writes. */
export async function enqueueOutboxPostgres(
  db: Queryable,
  message: NewOutboxMessage,
  at: Date,
): Promise<{ message: OutboxMessage; created: boolean }> {
  const m = checkOutboxMessage(message, at);
  const inserted = await db.query(
    `INSERT INTO outbox (kind, key, payload, state, attempts, next_attempt_at, created_at)
     VALUES ($1, $2, $3::jsonb, 'pending', 0, $4, $5)
     ON CONFLICT (key) DO NOTHING RETURNING *`,
    [m.kind, m.key, m.payload, m.notBefore, at],
  );
  if (inserted.rows[0]) return { message: mapOutbox(inserted.rows[0] as Row), created: true };
  const existing = await db.query("SELECT * FROM outbox WHERE key = $1", [m.key]);
  return { message: mapOutbox(existing.rows[0] as Row), created: false };
}

export class PostgresOutbox implements Outbox {
  constructor(private readonly pool: pg.Pool) {}

  async enqueue(message: NewOutboxMessage, at: Date) {
    return enqueueOutboxPostgres(this.pool, message, at);
  }

  async claim(claim: OutboxClaim): Promise<OutboxMessage[]> {
    const { owner, at, leaseMs, limit, kinds } = checkClaim(claim);
    if (limit === 0 || kinds?.length === 0) return [];
    const { rows } = await this.pool.query(
      `UPDATE outbox SET locked_by = $1, locked_until = $2, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox
         WHERE state = 'pending' AND next_attempt_at <= $3 AND (locked_until IS NULL OR locked_until <= $3)
           AND ($5::text[] IS NULL OR kind = ANY($5::text[]))
         ORDER BY next_attempt_at, id
         LIMIT $4
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [owner, new Date(at.getTime() + leaseMs), at, Math.floor(limit), kinds ?? null],
    );
    return (rows as Row[]).map(mapOutbox).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
  }

  async complete(id: number, owner: string, at: Date): Promise<boolean> {
    requireId("id", id);
    requireText("owner", owner);
    const r = await this.pool.query(
      `UPDATE outbox SET state = 'done', done_at = $1, locked_by = NULL, locked_until = NULL
       WHERE id = $2 AND locked_by = $3 AND state = 'pending'`,
      [requireDate("at", at), id, owner],
    );
    return r.rowCount === 1;
  }

  async retry(id: number, owner: string, error: string, nextAttemptAt: Date): Promise<boolean> {
    requireId("id", id);
    requireText("owner", owner);
    const r = await this.pool.query(
      `UPDATE outbox SET next_attempt_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL
       WHERE id = $3 AND locked_by = $4 AND state = 'pending'`,
      [requireDate("nextAttemptAt", nextAttemptAt), clipError(error), id, owner],
    );
    return r.rowCount === 1;
  }

  async bury(id: number, owner: string, error: string, at: Date): Promise<boolean> {
    requireId("id", id);
    requireText("owner", owner);
    const r = await this.pool.query(
      `UPDATE outbox SET state = 'dead', done_at = $1, last_error = $2, locked_by = NULL, locked_until = NULL
       WHERE id = $3 AND locked_by = $4 AND state = 'pending'`,
      [requireDate("at", at), clipError(error), id, owner],
    );
    return r.rowCount === 1;
  }

  async get(key: string): Promise<OutboxMessage | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM outbox WHERE key = $1", [requireText("key", key)]);
    return rows[0] ? mapOutbox(rows[0] as Row) : undefined;
  }

  async list(filter: { kind?: string; state?: OutboxState; limit?: number } = {}): Promise<OutboxMessage[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind !== undefined) {
      params.push(requireText("filter.kind", filter.kind));
      where.push(`kind = $${params.length}`);
    }
    if (filter.state !== undefined) {
      params.push(requireOneOf("filter.state", filter.state, OUTBOX_STATES));
      where.push(`state = $${params.length}`);
    }
    params.push(requireLimit("filter.limit", filter.limit ?? 100));
    const { rows } = await this.pool.query(
      `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id LIMIT $${params.length}`,
      params,
    );
    return (rows as Row[]).map(mapOutbox);
  }

  async counts(): Promise<Record<OutboxState, number>> {
    const counts: Record<OutboxState, number> = { pending: 0, done: 0, dead: 0 };
    const { rows } = await this.pool.query("SELECT state, count(*) AS n FROM outbox GROUP BY state");
    for (const r of rows as Row[]) counts[r.state as OutboxState] = Number(r.n);
    return counts;
  }
}
