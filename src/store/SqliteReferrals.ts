/** Referrals on SQLite: each transition is one IMMEDIATE transaction (row, event, outbox, firm counters). */
import type Database from "better-sqlite3";
import { enqueueOutboxSqlite } from "./SqliteOutbox.ts";
import { prepared } from "./sqlite-statements.ts";
import { STATS_COLUMNS, type FirmStats } from "./partners.ts";
import type {
  NewReferral,
  Referral,
  ReferralChange,
  ReferralCreateChange,
  ReferralFilter,
  ReferralMessage,
  ReferralPatch,
  ReferralStore,
  ReferralEvent,
} from "./referrals.ts";
import { mapReferral, mapReferralEvent, PATCH_COLUMNS, REFERRAL_STATES } from "./referrals.ts";
import { requireDate, requireId, requireLimit, requireOneOf, requireText } from "./rows.ts";

type Row = Record<string, unknown>;

function toSqlite(kind: string, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (kind === "date") return (value as Date).getTime();
  if (kind === "json") return JSON.stringify(value);
  if (kind === "bool") return value ? 1 : 0;
  return value;
}

export class SqliteReferrals implements ReferralStore {
  constructor(private readonly db: Database.Database) {}

  private applyChange(referralId: number, change: ReferralChange, at: Date): void {
    for (const e of change.events ?? []) {
      prepared(this.db, `INSERT INTO referral_events (referral_id, at, actor, from_state, to_state, firm_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(referralId, requireDate("event.at", e.at).getTime(), requireText("event.actor", e.actor), e.from ?? null, e.to, e.firmId ?? null, e.reason ?? null);
    }
    for (const m of change.outbox ?? []) enqueueOutboxSqlite(this.db, m, at);
    for (const d of change.stats ?? []) {
      const sets: string[] = [];
      const params: unknown[] = [];
      for (const [k, col] of Object.entries(STATS_COLUMNS) as [keyof FirmStats, string][]) {
        const v = d[k];
        if (v === undefined || v === 0) continue;
        sets.push(`${col} = MAX(0, ${col} + ?)`);
        params.push(v);
      }
      if (sets.length === 0) continue;
      prepared(this.db, "INSERT INTO partner_firm_stats (firm_id) VALUES (?) ON CONFLICT (firm_id) DO NOTHING").run(d.firmId);
      prepared(this.db, `UPDATE partner_firm_stats SET ${sets.join(", ")} WHERE firm_id = ?`).run(...params, d.firmId);
    }
  }

  async create(r: NewReferral, change: ReferralCreateChange): Promise<{ referral: Referral; created: boolean }> {
    const key = requireText("referral.key", r.key);
    requireText("referral.requesterId", r.requesterId);
    requireOneOf("referral.state", r.state, REFERRAL_STATES);
    const run = this.db.transaction(() => {
      const row = prepared(
        this.db,
        `INSERT INTO referrals (key, requester_id, team_id, conversation_id, state, summary, details, candidates, offer_index,
             firm_id, offered_at, remind_at, sla_due_at, reminded_at, duplicate_of, escalation_id, consent_at, created_at, updated_at, version)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
           ON CONFLICT (key) DO NOTHING RETURNING *`,
      ).get(
          key,
          r.requesterId,
          r.teamId ?? null,
          r.conversationId ?? null,
          r.state,
          r.summary,
          JSON.stringify(r.details),
          JSON.stringify(r.candidates),
          r.offerIndex,
          r.firmId ?? null,
          r.offeredAt?.getTime() ?? null,
          r.remindAt?.getTime() ?? null,
          r.slaDueAt?.getTime() ?? null,
          r.remindedAt?.getTime() ?? null,
          r.duplicateOf ?? null,
          r.escalationId ?? null,
          requireDate("referral.consentAt", r.consentAt).getTime(),
          requireDate("referral.createdAt", r.createdAt).getTime(),
          r.createdAt.getTime(),
        ) as Row | undefined;
      if (!row) return { referral: mapReferral(prepared(this.db, "SELECT * FROM referrals WHERE key = ?").get(key) as Row), created: false };
      const referral = mapReferral(row);
      this.applyChange(referral.id, { ...change, outbox: change.outbox?.(referral) }, r.createdAt);
      return { referral, created: true };
    });
    return run.immediate();
  }

  async get(id: number): Promise<Referral | undefined> {
    const row = prepared(this.db, "SELECT * FROM referrals WHERE id = ?").get(requireId("id", id)) as Row | undefined;
    return row ? mapReferral(row) : undefined;
  }

  async getByKey(key: string): Promise<Referral | undefined> {
    const row = prepared(this.db, "SELECT * FROM referrals WHERE key = ?").get(requireText("key", key)) as Row | undefined;
    return row ? mapReferral(row) : undefined;
  }

  async update(id: number, expectedVersion: number, patch: ReferralPatch, change: ReferralChange): Promise<Referral | undefined> {
    requireId("id", id);
    const at = requireDate("patch.updatedAt", patch.updatedAt);
    const sets: string[] = ["version = version + 1"];
    const params: unknown[] = [];
    for (const [k, v] of Object.entries(patch) as [keyof ReferralPatch, unknown][]) {
      if (v === undefined) continue;
      const spec = PATCH_COLUMNS[k];
      sets.push(`${spec.column} = ?`);
      params.push(toSqlite(spec.kind, v));
    }
    const run = this.db.transaction(() => {
      const row = prepared(this.db, `UPDATE referrals SET ${sets.join(", ")} WHERE id = ? AND version = ? RETURNING *`)
        .get(...params, id, expectedVersion) as Row | undefined;
      if (!row) return undefined;
      this.applyChange(id, change, at);
      return mapReferral(row);
    });
    return run.immediate();
  }

  async list(filter: ReferralFilter = {}): Promise<Referral[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.states?.length) {
      where.push(`state IN (${filter.states.map(() => "?").join(", ")})`);
      params.push(...filter.states.map((s) => requireOneOf("filter.states", s, REFERRAL_STATES)));
    }
    for (const [field, column] of [
      ["requesterId", "requester_id"],
      ["teamId", "team_id"],
      ["firmId", "firm_id"],
    ] as const) {
      if (filter[field] !== undefined) {
        where.push(`${column} = ?`);
        params.push(requireText(`filter.${field}`, filter[field]));
      }
    }
    if (filter.createdSince) {
      where.push("created_at >= ?");
      params.push(requireDate("filter.createdSince", filter.createdSince).getTime());
    }
    const limit = requireLimit("filter.limit", filter.limit ?? 100);
    const rows = this.db
      .prepare(`SELECT * FROM referrals ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...params, limit) as Row[];
    return rows.map(mapReferral);
  }

  async dueForSla(at: Date, limit: number): Promise<Referral[]> {
    const now = requireDate("at", at).getTime();
    const rows = this.db
      .prepare(
        `SELECT * FROM referrals WHERE state = 'offered' AND (sla_due_at <= ? OR (reminded_at IS NULL AND remind_at <= ?))
         ORDER BY COALESCE(remind_at, sla_due_at), id LIMIT ?`,
      )
      .all(now, now, requireLimit("limit", limit)) as Row[];
    return rows.map(mapReferral);
  }

  async events(referralId: number): Promise<ReferralEvent[]> {
    const rows = prepared(this.db, "SELECT * FROM referral_events WHERE referral_id = ? ORDER BY id").all(requireId("referralId", referralId)) as Row[];
    return rows.map(mapReferralEvent);
  }

  async saveMessage(m: ReferralMessage): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO referral_messages (referral_id, target, channel, ts) VALUES (?, ?, ?, ?)
         ON CONFLICT (referral_id, target) DO UPDATE SET channel = excluded.channel, ts = excluded.ts`,
      )
      .run(requireId("referralId", m.referralId), requireText("target", m.target), requireText("channel", m.channel), requireText("ts", m.ts));
  }

  async messages(referralId: number): Promise<ReferralMessage[]> {
    const rows = prepared(this.db, "SELECT * FROM referral_messages WHERE referral_id = ? ORDER BY target").all(requireId("referralId", referralId)) as Row[];
    return rows.map((r) => ({ referralId: Number(r.referral_id), target: r.target as string, channel: r.channel as string, ts: r.ts as string }));
  }
}
