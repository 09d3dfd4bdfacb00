/** Referrals on PostgreSQL: each transition is one transaction (row, event, outbox, firm counters). */
import type pg from "pg";
import { enqueueOutboxPostgres } from "./PostgresOutbox.ts";
import { STATS_COLUMNS, type FirmStats, type FirmStatsDelta } from "./partners.ts";
import type {
  NewReferral,
  Referral,
  ReferralChange,
  ReferralCreateChange,
  ReferralEvent,
  ReferralFilter,
  ReferralMessage,
  ReferralPatch,
  ReferralStore,
} from "./referrals.ts";
import { mapReferral, mapReferralEvent, PATCH_COLUMNS, REFERRAL_STATES } from "./referrals.ts";
import { checkOutboxMessage } from "./outbox.ts";
import { requireDate, requireId, requireLimit, requireOneOf, requireText, toId } from "./rows.ts";

type Row = Record<string, unknown>;

/** Prepared statement names by SQL text (a name must always mean the same text on a connection). */
const STATEMENT_NAMES = new Map<string, string>();

/** Deltas for the same firm summed into one (a statement may change a row once). */
function mergeStats(deltas: FirmStatsDelta[]): FirmStatsDelta[] {
  const byFirm = new Map<string, FirmStatsDelta>();
  for (const d of deltas) {
    const sum = byFirm.get(d.firmId) ?? { firmId: d.firmId };
    for (const k of Object.keys(STATS_COLUMNS) as (keyof FirmStats)[]) if (d[k]) sum[k] = (sum[k] ?? 0) + d[k]!;
    byFirm.set(d.firmId, sum);
  }
  return [...byFirm.values()];
}

/**
 * One upsert per delta adding it to the firm's counters to the counters (never below zero), as SQL appended to \`params\`.
 * \`from\` makes it conditional on a CTE (\`FROM ins\`: only when the referral was inserted).
 */
function statsUpserts(deltas: FirmStatsDelta[], params: unknown[], from: string): string[] {
  const out: string[] = [];
  for (const d of deltas) {
    const cols: string[] = [];
    const values: string[] = [];
    const sets: string[] = [];
    for (const [k, col] of Object.entries(STATS_COLUMNS) as [keyof FirmStats, string][]) {
      const v = d[k];
      if (v === undefined || v === 0) continue;
      params.push(v);
      const p = `$${params.length}::${k === "acceptHoursSum" ? "float8" : "int"}`;
      cols.push(col);
      values.push(`GREATEST(0, ${p})`);
      sets.push(`${col} = GREATEST(0, partner_firm_stats.${col} + ${p})`);
    }
    if (cols.length === 0) continue;
    params.push(requireText("stats.firmId", d.firmId));
    out.push(
      `INSERT INTO partner_firm_stats (firm_id, ${cols.join(", ")}) SELECT $${params.length}, ${values.join(", ")} ${from}
       ON CONFLICT (firm_id) DO UPDATE SET ${sets.join(", ")}`,
    );
  }
  return out;
}

function toPostgres(kind: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === "json") return JSON.stringify(value);
  return value;
}

export class PostgresReferrals implements ReferralStore {
  constructor(private readonly pool: pg.Pool) {}

  private async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  private async applyChange(client: pg.PoolClient, referralId: number, change: ReferralChange, at: Date): Promise<void> {
    for (const e of change.events ?? []) {
      await client.query(
        `INSERT INTO referral_events (referral_id, at, actor, from_state, to_state, firm_id, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [referralId, requireDate("event.at", e.at), requireText("event.actor", e.actor), e.from ?? null, e.to, e.firmId ?? null, e.reason ?? null],
      );
    }
    for (const m of change.outbox ?? []) await enqueueOutboxPostgres(client, m, at);
    for (const d of change.stats ?? []) {
      const params: unknown[] = [];
      const [sql] = statsUpserts([d], params, "");
      if (sql) await client.query(sql, params);
    }
  }

  /**
   * One statement (so one round trip and one commit): the referral, its audit events, its outbox messages and the
   * firm counters, each later part inserting only if the referral row was. The id is drawn first so the outbox
   * messages, built from the referral, can carry it. A key seen before inserts nothing and returns that referral.
   */
  async create(r: NewReferral, change: ReferralCreateChange): Promise<{ referral: Referral; created: boolean }> {
    const key = requireText("referral.key", r.key);
    requireText("referral.requesterId", r.requesterId);
    requireOneOf("referral.state", r.state, REFERRAL_STATES);
    requireDate("referral.consentAt", r.consentAt);
    const at = requireDate("referral.createdAt", r.createdAt);
    const { rows: ids } = await this.pool.query<{ id: string }>({
      name: "referral_next_id",
      text: "SELECT nextval(pg_get_serial_sequence('referrals', 'id')) AS id",
    });
    const id = toId(ids[0]!.id);
    const events = (change.events ?? []).map((e, ord) => ({
      ord,
      at: requireDate("event.at", e.at).toISOString(),
      actor: requireText("event.actor", e.actor),
      from_state: e.from ?? null,
      to_state: e.to,
      firm_id: e.firmId ?? null,
      reason: e.reason ?? null,
    }));
    const outbox = (change.outbox?.({ ...r, id, version: 1, updatedAt: at }) ?? []).map((m) => {
      const c = checkOutboxMessage(m, at);
      return { kind: c.kind, key: c.key, payload: c.payload, not_before: c.notBefore.toISOString() };
    });
    const params: unknown[] = [
      id, key, r.requesterId, r.teamId ?? null, r.conversationId ?? null, r.state, r.summary, JSON.stringify(r.details),
      JSON.stringify(r.candidates), r.offerIndex, r.firmId ?? null, r.offeredAt ?? null, r.remindAt ?? null, r.slaDueAt ?? null,
      r.remindedAt ?? null, r.duplicateOf ?? null, r.escalationId ?? null, r.consentAt, at, JSON.stringify(events), JSON.stringify(outbox),
    ];
    const stats = statsUpserts(mergeStats(change.stats ?? []), params, "FROM ins");
    const text = `WITH ins AS (
         INSERT INTO referrals (id, key, requester_id, team_id, conversation_id, state, summary, details, candidates, offer_index,
           firm_id, offered_at, remind_at, sla_due_at, reminded_at, duplicate_of, escalation_id, consent_at, created_at, updated_at, version)
         OVERRIDING SYSTEM VALUE
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, 1)
         ON CONFLICT (key) DO NOTHING RETURNING *),
       ev AS (
         INSERT INTO referral_events (referral_id, at, actor, from_state, to_state, firm_id, reason)
         SELECT ins.id, e.at, e.actor, e.from_state, e.to_state, e.firm_id, e.reason
         FROM ins, jsonb_to_recordset($20::jsonb) AS e(ord int, at timestamptz, actor text, from_state text, to_state text, firm_id text, reason text)
         ORDER BY e.ord),
       ob AS (
         INSERT INTO outbox (kind, key, payload, state, attempts, next_attempt_at, created_at)
         SELECT m.kind, m.key, m.payload::jsonb, 'pending', 0, m.not_before, $19
         FROM ins, jsonb_to_recordset($21::jsonb) AS m(kind text, key text, payload text, not_before timestamptz)
         ON CONFLICT (key) DO NOTHING)
       ${stats.map((s, i) => `, st${i} AS (${s})`).join("")}
       SELECT * FROM ins`;
    // Named, so each connection plans it once (one name per distinct text: the counters it adds vary).
    let name = STATEMENT_NAMES.get(text);
    if (!name) STATEMENT_NAMES.set(text, (name = `referral_create_${STATEMENT_NAMES.size + 1}`));
    const { rows } = await this.pool.query({ name, text, values: params });
    if (rows[0]) return { referral: mapReferral(rows[0] as Row), created: true };
    const existing = await this.pool.query("SELECT * FROM referrals WHERE key = $1", [key]);
    return { referral: mapReferral(existing.rows[0] as Row), created: false };
  }

  async get(id: number): Promise<Referral | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM referrals WHERE id = $1", [requireId("id", id)]);
    return rows[0] ? mapReferral(rows[0] as Row) : undefined;
  }

  async getByKey(key: string): Promise<Referral | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM referrals WHERE key = $1", [requireText("key", key)]);
    return rows[0] ? mapReferral(rows[0] as Row) : undefined;
  }

  async update(id: number, expectedVersion: number, patch: ReferralPatch, change: ReferralChange): Promise<Referral | undefined> {
    requireId("id", id);
    const at = requireDate("patch.updatedAt", patch.updatedAt);
    const sets: string[] = ["version = version + 1"];
    const params: unknown[] = [];
    for (const [k, v] of Object.entries(patch) as [keyof ReferralPatch, unknown][]) {
      if (v === undefined) continue;
      const spec = PATCH_COLUMNS[k];
      params.push(toPostgres(spec.kind, v));
      sets.push(`${spec.column} = $${params.length}`);
    }
    params.push(id, expectedVersion);
    return this.inTransaction(async (client) => {
      const { rows } = await client.query(
        `UPDATE referrals SET ${sets.join(", ")} WHERE id = $${params.length - 1} AND version = $${params.length} RETURNING *`,
        params,
      );
      if (!rows[0]) return undefined;
      await this.applyChange(client, id, change, at);
      return mapReferral(rows[0] as Row);
    });
  }

  async list(filter: ReferralFilter = {}): Promise<Referral[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.states?.length) {
      params.push(filter.states.map((s) => requireOneOf("filter.states", s, REFERRAL_STATES)));
      where.push(`state = ANY($${params.length}::text[])`);
    }
    for (const [field, column] of [
      ["requesterId", "requester_id"],
      ["teamId", "team_id"],
      ["firmId", "firm_id"],
    ] as const) {
      if (filter[field] !== undefined) {
        params.push(requireText(`filter.${field}`, filter[field]));
        where.push(`${column} = $${params.length}`);
      }
    }
    if (filter.createdSince) {
      params.push(requireDate("filter.createdSince", filter.createdSince));
      where.push(`created_at >= $${params.length}`);
    }
    params.push(requireLimit("filter.limit", filter.limit ?? 100));
    const { rows } = await this.pool.query(
      `SELECT * FROM referrals ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return (rows as Row[]).map(mapReferral);
  }

  async dueForSla(at: Date, limit: number): Promise<Referral[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM referrals WHERE state = 'offered' AND (sla_due_at <= $1 OR (reminded_at IS NULL AND remind_at <= $1))
       ORDER BY COALESCE(remind_at, sla_due_at), id LIMIT $2`,
      [requireDate("at", at), requireLimit("limit", limit)],
    );
    return (rows as Row[]).map(mapReferral);
  }

  async events(referralId: number): Promise<ReferralEvent[]> {
    const { rows } = await this.pool.query("SELECT * FROM referral_events WHERE referral_id = $1 ORDER BY id", [requireId("referralId", referralId)]);
    return (rows as Row[]).map(mapReferralEvent);
  }

  async saveMessage(m: ReferralMessage): Promise<void> {
    await this.pool.query(
      `INSERT INTO referral_messages (referral_id, target, channel, ts) VALUES ($1, $2, $3, $4)
       ON CONFLICT (referral_id, target) DO UPDATE SET channel = EXCLUDED.channel, ts = EXCLUDED.ts`,
      [requireId("referralId", m.referralId), requireText("target", m.target), requireText("channel", m.channel), requireText("ts", m.ts)],
    );
  }

  async messages(referralId: number): Promise<ReferralMessage[]> {
    const { rows } = await this.pool.query("SELECT * FROM referral_messages WHERE referral_id = $1 ORDER BY target", [requireId("referralId", referralId)]);
    return (rows as Row[]).map((r) => ({ referralId: Number(r.referral_id), target: r.target as string, channel: r.channel as string, ts: r.ts as string }));
  }
}
