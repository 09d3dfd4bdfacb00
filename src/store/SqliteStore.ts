/**
 * The embedded Store: one SQLite file (WAL) via better-sqlite3. Several connections (processes) may open the
 * same file; writers wait on each other through busy_timeout, and every idempotent write is a single statement
 * keyed by its natural id (INSERT ... ON CONFLICT), so "exactly one wins" holds across connections.
 */
import Database from "better-sqlite3";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import { systemClock, type Clock } from "../clock.ts";
import { SqliteOutbox } from "./SqliteOutbox.ts";
import type { Outbox } from "./outbox.ts";
import { SqlitePartners } from "./SqlitePartners.ts";
import { SqliteReferrals } from "./SqliteReferrals.ts";
import type { PartnerStore } from "./partners.ts";
import type { ReferralStore } from "./referrals.ts";
import { migrations, migrationsTable, latestVersion, type AppliedMigration } from "./migrations.ts";
import {
  checkPartners,
  checkStrings,
  DEFAULT_ESCALATION_LIST_LIMIT,
  DEFAULT_RATE_LIMIT_RETENTION_MS,
  ESCALATION_STATUSES,
  FEEDBACK_KINDS,
  mapEscalation,
  mapFeedback,
  mapInboxItem,
  mapQuestion,
  mapSavedUseCase,
  DEFAULT_SAVED_USE_CASE_LIMIT,
  SAVED_USE_CASE_STATUSES,
  mapTurn,
  optionalText,
  PROCESSED_EVENT_CLAIMS,
  PROCESSED_EVENT_RETENTION_MS,
  PRUNE_EVERY_MS,
  type PrunedTable,
  RATE_LIMIT_WINDOWS,
  recentQuestionsSql,
  requireDate,
  requireId,
  requireLimit,
  requireOneOf,
  requireLeaseMs,
  requireText,
  requireWeek,
  requireCorpus,
  CORPUS_SNAPSHOT_WEEKS,
  WEEK_MS,
  RETENTION_TABLES,
  TURN_ROLES,
} from "./rows.ts";
import type { CheckinStore } from "./CheckinStore.ts";
import type { JobStore } from "./JobStore.ts";
import { SqliteCheckins } from "./SqliteCheckins.ts";
import { SqliteJobs } from "./SqliteJobs.ts";
import type {
  Escalation,
  Feedback,
  InboxAcceptance,
  InboxItem,
  RetentionPolicy,
  NewEscalation,
  NewFeedback,
  NewTurn,
  QuestionSummary,
  SavedUseCase,
  SavedUseCaseStatus,
  CorpusFile,
  Store,
  Turn,
} from "./Store.ts";

export interface SqliteStoreOptions {
  /** Path of the database file, or `:memory:`. The directory must exist (openStore creates it). */
  filename: string;
  logger?: Logger;
  /** Used only for `schema_migrations.applied_at`; every other instant comes from the method's argument. */
  clock?: Clock;
  /** How long a writer waits for another connection's lock before failing (default 5000 ms). */
  busyTimeoutMs?: number;
  /** Rate-limit windows older than this before the newest window seen are pruned (default 48 h). */
  rateLimitRetentionMs?: number;
}

type Row = Record<string, unknown>;

export class SqliteStore implements Store {
  readonly filename: string;
  readonly jobs: JobStore;
  readonly checkins: CheckinStore;
  private readonly db: Database.Database;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly statements = new Map<string, Database.Statement>();
  /** Per pruned table, the caller's time of its last pruning. */
  private readonly lastPruned = new Map<string, number>();
  private closed = false;
  readonly outbox: Outbox;
  readonly partners: PartnerStore;
  readonly referrals: ReferralStore;

  constructor(options: SqliteStoreOptions) {
    this.filename = options.filename;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.retentionMs = options.rateLimitRetentionMs ?? DEFAULT_RATE_LIMIT_RETENTION_MS;
    try {
      this.db = new Database(options.filename);
    } catch (err) {
      throw new Error(`Cannot open the SQLite store at ${options.filename}: ${(err as Error).message}`, { cause: err });
    }
    this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    if (options.filename !== ":memory:" && options.filename !== "") {
      this.db.pragma("journal_mode = WAL");
      // NORMAL is durable across application crashes in WAL mode (only an OS crash can lose the last commits).
      this.db.pragma("synchronous = NORMAL");
    }
    this.db.pragma("foreign_keys = ON");
    this.jobs = new SqliteJobs(this.db);
    this.checkins = new SqliteCheckins(this.db);
    this.outbox = new SqliteOutbox(this.db);
    this.partners = new SqlitePartners(this.db);
    this.referrals = new SqliteReferrals(this.db);
  }

  /** The journal mode in effect (`wal` for files, `memory` for `:memory:`). */
  get journalMode(): string {
    return String(this.db.pragma("journal_mode", { simple: true }));
  }

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  async migrate(): Promise<void> {
    const applied: AppliedMigration[] = [];
    const run = this.db.transaction(() => {
      this.db.exec(migrationsTable.sqlite);
      const done = new Set(
        (this.db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[]).map((r) => r.version),
      );
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        this.db.exec(m.sqlite);
        const appliedAt = this.clock();
        this.db
          .prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .run(m.version, m.name, appliedAt.toISOString());
        applied.push({ version: m.version, name: m.name, appliedAt });
      }
      return Math.max(0, ...done);
    });
    // IMMEDIATE takes the write lock up front, so two processes starting at once apply each version once.
    const newest = run.immediate();
    for (const m of applied) this.logger.info({ store: "sqlite", version: m.version, name: m.name }, "store migration applied");
    if (newest > latestVersion) {
      this.logger.warn(
        { store: "sqlite", databaseVersion: newest, codeVersion: latestVersion },
        "store schema is newer than this code; continuing",
      );
    }
  }

  /** The versions recorded in schema_migrations, oldest first. */
  async appliedMigrations(): Promise<AppliedMigration[]> {
    const rows = this.db
      .prepare("SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
      .all() as { version: number; name: string; applied_at: string }[];
    return rows.map((r) => ({ version: r.version, name: r.name, appliedAt: new Date(r.applied_at) }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.db.close();
  }

  async appendTurn(turn: NewTurn): Promise<Turn> {
    const conversationId = requireText("turn.conversationId", turn.conversationId);
    const role = requireOneOf("turn.role", turn.role, TURN_ROLES);
    if (typeof turn.text !== "string") throw new TypeError("Store: turn.text must be a string");
    const at = requireDate("turn.at", turn.at);
    const row = this.stmt(
      `INSERT INTO turns (conversation_id, role, text, user_id, answer_id, meta, at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    ).get(
      conversationId,
      role,
      turn.text,
      optionalText("turn.userId", turn.userId),
      optionalText("turn.answerId", turn.answerId),
      turn.meta === undefined ? null : JSON.stringify(turn.meta),
      at.getTime(),
    ) as Row;
    return mapTurn(row);
  }

  async recentTurns(conversationId: string, limit: number): Promise<Turn[]> {
    requireText("conversationId", conversationId);
    const n = requireLimit("limit", limit);
    if (n === 0) return [];
    const rows = this.stmt(
      `SELECT * FROM (
         SELECT * FROM turns WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT ?
       ) ORDER BY at, id`,
    ).all(conversationId, n) as Row[];
    return rows.map(mapTurn);
  }

  async claimEvent(key: string, at: Date, holder?: string): Promise<boolean> {
    requireText("key", key);
    requireDate("at", at);
    // A claim by the same holder again is a no-op update, which RETURNING reports like an insert.
    const row = this.stmt(
      `INSERT INTO processed_events (key, claimed_at, holder) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET claimed_at = processed_events.claimed_at
       WHERE processed_events.holder IS NOT NULL AND processed_events.holder = excluded.holder
       RETURNING key`,
    ).get(key, at.getTime(), optionalText("holder", holder));
    this.maybePrune(PROCESSED_EVENT_CLAIMS, at.getTime(), PROCESSED_EVENT_RETENTION_MS);
    return row !== undefined;
  }

  async recordFeedback(feedback: NewFeedback): Promise<Feedback> {
    const answerId = requireText("feedback.answerId", feedback.answerId);
    const userId = requireText("feedback.userId", feedback.userId);
    const kind = requireOneOf("feedback.kind", feedback.kind, FEEDBACK_KINDS);
    const at = requireDate("feedback.at", feedback.at);
    const paths = feedback.paths === undefined ? null : JSON.stringify(checkStrings("feedback.paths", feedback.paths));
    // A repeat (same answer, user, kind) updates what it brings and keeps what it leaves out.
    const row = this.stmt(
      `INSERT INTO feedback (answer_id, user_id, kind, reason, paths, question, at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (answer_id, user_id, kind) DO UPDATE SET
         reason = COALESCE(excluded.reason, feedback.reason),
         paths = COALESCE(excluded.paths, feedback.paths),
         question = COALESCE(excluded.question, feedback.question),
         at = excluded.at
       RETURNING *`,
    ).get(
      answerId,
      userId,
      kind,
      optionalText("feedback.reason", feedback.reason),
      paths,
      optionalText("feedback.question", feedback.question),
      at.getTime(),
    ) as Row;
    return mapFeedback(row);
  }

  async feedbackFor(answerId: string): Promise<Feedback[]> {
    requireText("answerId", answerId);
    const rows = this.stmt("SELECT * FROM feedback WHERE answer_id = ? ORDER BY at, id").all(answerId) as Row[];
    return rows.map(mapFeedback);
  }

  async createEscalation(escalation: NewEscalation): Promise<{ escalation: Escalation; created: boolean }> {
    const key = requireText("escalation.key", escalation.key);
    const userId = requireText("escalation.userId", escalation.userId);
    if (typeof escalation.need !== "string") throw new TypeError("Store: escalation.need must be a string");
    const reasons = checkStrings("escalation.reasons", escalation.reasons);
    const partners = checkPartners(escalation.partners);
    const at = requireDate("escalation.at", escalation.at);
    const inserted = this.stmt(
      `INSERT INTO escalations (key, user_id, conversation_id, need, reasons, partners, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'open', ?)
       ON CONFLICT (key) DO NOTHING
       RETURNING *`,
    ).get(
      key,
      userId,
      optionalText("escalation.conversationId", escalation.conversationId),
      escalation.need,
      JSON.stringify(reasons),
      JSON.stringify(partners),
      at.getTime(),
    ) as Row | undefined;
    if (inserted) return { escalation: mapEscalation(inserted), created: true };
    const existing = this.stmt("SELECT * FROM escalations WHERE key = ?").get(key) as Row | undefined;
    if (!existing) throw new Error(`Store: escalation ${key} was neither inserted nor found`);
    return { escalation: mapEscalation(existing), created: false };
  }

  async markEscalationNotified(id: number, at: Date): Promise<void> {
    requireId("id", id);
    requireDate("at", at);
    // Idempotent: a second call keeps the first notifiedAt; a closed escalation stays closed.
    const result = this.stmt(
      `UPDATE escalations SET status = 'notified', notified_at = COALESCE(notified_at, ?)
       WHERE id = ? AND status <> 'closed'`,
    ).run(at.getTime(), id);
    if (result.changes === 0 && !this.stmt("SELECT 1 FROM escalations WHERE id = ?").get(id)) {
      throw new Error(`Store: escalation ${id} does not exist`);
    }
  }

  async listEscalations(
    filter: { userId?: string; status?: Escalation["status"]; limit?: number } = {},
  ): Promise<Escalation[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.userId !== undefined) {
      where.push("user_id = ?");
      params.push(requireText("filter.userId", filter.userId));
    }
    if (filter.status !== undefined) {
      where.push("status = ?");
      params.push(requireOneOf("filter.status", filter.status, ESCALATION_STATUSES));
    }
    const limit = requireLimit("filter.limit", filter.limit ?? DEFAULT_ESCALATION_LIST_LIMIT);
    if (limit === 0) return [];
    const rows = this.stmt(
      `SELECT * FROM escalations ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY created_at DESC, id DESC LIMIT ?`,
    ).all(...params, limit) as Row[];
    return rows.map(mapEscalation);
  }

  async recentQuestions(userId: string, limit: number): Promise<QuestionSummary[]> {
    requireText("userId", userId);
    const n = requireLimit("limit", limit);
    if (n === 0) return [];
    const rows = this.stmt(recentQuestionsSql("?", "?")).all(userId, n) as Row[];
    return rows.map(mapQuestion);
  }

  async turnsSince(since: Date, limit: number): Promise<Turn[]> {
    requireDate("since", since);
    const rows = this.stmt("SELECT * FROM turns WHERE at >= ? ORDER BY at, id LIMIT ?").all(since.getTime(), requireLimit("limit", limit)) as Row[];
    return rows.map(mapTurn);
  }

  async feedbackSince(since: Date, limit: number): Promise<Feedback[]> {
    requireDate("since", since);
    const rows = this.stmt("SELECT * FROM feedback WHERE at >= ? ORDER BY at, id LIMIT ?").all(since.getTime(), requireLimit("limit", limit)) as Row[];
    return rows.map(mapFeedback);
  }

  async claimDigest(key: string, at: Date, leaseUntil: Date): Promise<boolean> {
    requireText("key", key);
    requireDate("at", at);
    requireDate("leaseUntil", leaseUntil);
    const row = this.stmt(
      `INSERT INTO lint_digests (key, claimed_at, lease_until) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET claimed_at = excluded.claimed_at, lease_until = excluded.lease_until
         WHERE lint_digests.sent_at IS NULL AND lint_digests.lease_until <= excluded.claimed_at
       RETURNING key`,
    ).get(key, at.getTime(), leaseUntil.getTime());
    return row !== undefined;
  }

  async markDigestSent(key: string, at: Date): Promise<void> {
    requireText("key", key);
    this.stmt("UPDATE lint_digests SET sent_at = ? WHERE key = ?").run(requireDate("at", at).getTime(), key);
  }

  async saveCorpusSnapshot(week: string, files: readonly CorpusFile[], at: Date, keepWeeks = CORPUS_SNAPSHOT_WEEKS): Promise<boolean> {
    const taken = requireDate("at", at).getTime();
    const inserted = this.stmt("INSERT INTO corpus_snapshots (week, files, taken_at) VALUES (?, ?, ?) ON CONFLICT (week) DO NOTHING").run(
      requireWeek(week),
      JSON.stringify(requireCorpus(files)),
      taken,
    ).changes;
    this.stmt("DELETE FROM corpus_snapshots WHERE taken_at < ?").run(taken - keepWeeks * WEEK_MS);
    return inserted === 1;
  }

  async corpusSnapshotBefore(week: string): Promise<{ week: string; files: CorpusFile[] } | undefined> {
    // ISO weeks written "2026-W09" sort as text in time order.
    const row = this.stmt("SELECT week, files FROM corpus_snapshots WHERE week < ? ORDER BY week DESC LIMIT 1").get(requireWeek(week)) as
      | { week: string; files: string }
      | undefined;
    return row ? { week: row.week, files: JSON.parse(row.files) as CorpusFile[] } : undefined;
  }

  async hitRateLimit(key: string, windowStart: Date): Promise<number> {
    requireText("key", key);
    const ws = requireDate("windowStart", windowStart).getTime();
    const row = this.stmt(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
       RETURNING hits`,
    ).get(key, ws) as { hits: number };
    this.maybePrune(RATE_LIMIT_WINDOWS, ws, this.retentionMs);
    return row.hits;
  }

  /** Deletes rows of `t` older than `keepMs` before `nowMs`, at most once per PRUNE_EVERY_MS per table. */
  private maybePrune(t: PrunedTable, nowMs: number, keepMs: number): void {
    if (nowMs - (this.lastPruned.get(t.table) ?? Number.NEGATIVE_INFINITY) < PRUNE_EVERY_MS) return;
    this.lastPruned.set(t.table, nowMs);
    try {
      const { changes } = this.stmt(`DELETE FROM ${t.table} WHERE ${t.column} < ?`).run(nowMs - keepMs);
      if (changes > 0) this.logger.debug({ store: "sqlite", pruned: changes }, `old ${t.rows} pruned`);
    } catch (err) {
      this.logger.warn({ store: "sqlite", err }, `pruning ${t.rows} failed; will retry later`);
    }
  }

  async saveUseCase(userId: string, useCaseId: string, at: Date): Promise<{ saved: SavedUseCase; created: boolean }> {
    requireText("userId", userId);
    requireText("useCaseId", useCaseId);
    const ms = requireDate("at", at).getTime();
    const inserted = this.stmt(
      `INSERT INTO saved_use_cases (user_id, use_case_id, status, saved_at, updated_at) VALUES (?, ?, 'to_try', ?, ?)
       ON CONFLICT (user_id, use_case_id) DO NOTHING RETURNING *`,
    ).get(userId, useCaseId, ms, ms) as Row | undefined;
    if (inserted) return { saved: mapSavedUseCase(inserted), created: true };
    const row = this.stmt(
      `UPDATE saved_use_cases SET status = CASE WHEN status = 'dropped' THEN 'to_try' ELSE status END,
         updated_at = CASE WHEN status = 'dropped' THEN ? ELSE updated_at END
       WHERE user_id = ? AND use_case_id = ? RETURNING *`,
    ).get(ms, userId, useCaseId) as Row;
    return { saved: mapSavedUseCase(row), created: false };
  }

  async setSavedUseCaseStatus(userId: string, useCaseId: string, status: SavedUseCaseStatus, at: Date): Promise<SavedUseCase | undefined> {
    requireText("userId", userId);
    requireText("useCaseId", useCaseId);
    requireOneOf("status", status, SAVED_USE_CASE_STATUSES);
    const row = this.stmt(`UPDATE saved_use_cases SET status = ?, updated_at = ? WHERE user_id = ? AND use_case_id = ? RETURNING *`).get(
      status,
      requireDate("at", at).getTime(),
      userId,
      useCaseId,
    ) as Row | undefined;
    return row ? mapSavedUseCase(row) : undefined;
  }

  async savedUseCases(userId: string, limit = DEFAULT_SAVED_USE_CASE_LIMIT): Promise<SavedUseCase[]> {
    requireText("userId", userId);
    const n = requireLimit("limit", limit);
    if (n === 0) return [];
    const rows = this.stmt(`SELECT * FROM saved_use_cases WHERE user_id = ? ORDER BY updated_at DESC, use_case_id LIMIT ?`).all(userId, n) as Row[];
    return rows.map(mapSavedUseCase);
  }

  async acceptInbox(input: { key: string; payload: unknown; owner: string; at: Date; leaseMs: number }): Promise<InboxAcceptance> {
    const key = requireText("inbox.key", input.key);
    const owner = requireText("inbox.owner", input.owner);
    const at = requireDate("inbox.at", input.at).getTime();
    const leaseMs = requireLeaseMs(input.leaseMs);
    const row = this.stmt(
      `INSERT INTO inbox (key, payload, state, attempts, owner, available_at, received_at)
       VALUES (?, ?, 'pending', 1, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, available_at = excluded.available_at, attempts = inbox.attempts + 1
       WHERE inbox.state = 'pending' AND inbox.available_at <= excluded.received_at
       RETURNING *`,
    ).get(key, JSON.stringify(input.payload ?? null), owner, at + leaseMs, at) as Row | undefined;
    if (row) return { outcome: "claimed", item: mapInboxItem(row) };
    const existing = this.stmt("SELECT state FROM inbox WHERE key = ?").get(key) as { state: string } | undefined;
    return { outcome: existing?.state === "pending" ? "busy" : "finished" };
  }

  async claimDueInbox(input: { owner: string; at: Date; leaseMs: number; limit: number }): Promise<InboxItem[]> {
    const owner = requireText("inbox.owner", input.owner);
    const at = requireDate("inbox.at", input.at).getTime();
    const limit = requireLimit("limit", input.limit);
    if (limit === 0) return [];
    const rows = this.stmt(
      `UPDATE inbox SET owner = ?, available_at = ?, attempts = attempts + 1
       WHERE key IN (SELECT key FROM inbox WHERE state = 'pending' AND available_at <= ? ORDER BY available_at LIMIT ?)
       RETURNING *`,
    ).all(owner, at + requireLeaseMs(input.leaseMs), at, limit) as Row[];
    return rows.map(mapInboxItem).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  async renewInboxLease(key: string, owner: string, until: Date): Promise<boolean> {
    const { changes } = this.stmt("UPDATE inbox SET available_at = ? WHERE key = ? AND owner = ? AND state = 'pending'").run(
      requireDate("until", until).getTime(),
      requireText("key", key),
      requireText("owner", owner),
    );
    return changes === 1;
  }

  async deferInbox(key: string, owner: string, retryAt: Date): Promise<void> {
    this.stmt("UPDATE inbox SET available_at = ?, owner = NULL WHERE key = ? AND owner = ? AND state = 'pending'").run(
      requireDate("retryAt", retryAt).getTime(),
      requireText("key", key),
      requireText("owner", owner),
    );
  }

  async finishInbox(key: string, owner: string, state: "done" | "failed", at: Date): Promise<void> {
    // Only the lease holder: a worker that lost the event must not close it under the one that took it over.
    this.stmt("UPDATE inbox SET state = ?, payload = NULL, owner = NULL, finished_at = ? WHERE key = ? AND owner = ? AND state = 'pending'").run(
      requireOneOf("state", state, ["done", "failed"] as const),
      requireDate("at", at).getTime(),
      requireText("key", key),
      requireText("owner", owner),
    );
  }

  async inboxStats(): Promise<{ pending: number; oldestPendingAt?: Date }> {
    const row = this.stmt("SELECT count(*) AS n, min(received_at) AS oldest FROM inbox WHERE state = 'pending'").get() as { n: number; oldest: number | null };
    return { pending: Number(row.n), ...(row.oldest != null ? { oldestPendingAt: new Date(Number(row.oldest)) } : {}) };
  }

  async pruneOld(policy: RetentionPolicy, at: Date): Promise<Record<string, number>> {
    const now = requireDate("at", at).getTime();
    const deleted: Record<string, number> = {};
    for (const t of RETENTION_TABLES) {
      const keepMs = policy[t.policy];
      if (!(keepMs > 0)) continue;
      deleted[t.table] = this.stmt(`DELETE FROM ${t.table} WHERE ${t.column} < ?`).run(now - keepMs).changes;
    }
    return deleted;
  }

  async ping(): Promise<void> {
    this.db.prepare("SELECT max(version) FROM schema_migrations").get();
    this.db.prepare("SELECT 1 FROM processed_events LIMIT 1").get();
    this.db.prepare("SELECT 1 FROM inbox WHERE state = 'pending' LIMIT 1").get();
  }
}
