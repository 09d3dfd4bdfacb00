/**
 * The shared Store: PostgreSQL through a `pg` Pool, safe with several replicas. Every idempotent write is one
 * statement keyed by its natural id (INSERT ... ON CONFLICT), the rate-limit counter is an atomic upsert, and
 * migrations run under a transaction-scoped advisory lock so replicas starting together apply each version once.
 */
import pg from "pg";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import { systemClock, type Clock } from "../clock.ts";
import { PostgresOutbox } from "./PostgresOutbox.ts";
import type { Outbox } from "./outbox.ts";
import { PostgresPartners } from "./PostgresPartners.ts";
import { PostgresReferrals } from "./PostgresReferrals.ts";
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
import { PostgresCheckins } from "./PostgresCheckins.ts";
import { PostgresJobs } from "./PostgresJobs.ts";
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

export interface PostgresStoreOptions {
  /** postgres:// or postgresql:// URL (DATABASE_URL). */
  connectionString: string;
  /**
   * Keep every table in this schema (created by migrate() if missing; search_path is set on each connection).
   * Lower-case letters, digits and underscores. Tests use a unique schema per file.
   */
  schema?: string;
  logger?: Logger;
  /** Used only for `schema_migrations.applied_at`; every other instant comes from the method's argument. */
  clock?: Clock;
  /** Pool size (default 10). */
  maxConnections?: number;
  /** How long to wait for a connection before failing (default 10000 ms; pg's own default waits forever). */
  connectionTimeoutMs?: number;
  /** Rate-limit windows older than this before the newest window seen are pruned (default 48 h). */
  rateLimitRetentionMs?: number;
}

/** Raised when PostgreSQL cannot be reached or refuses us; the message names DATABASE_URL and the host, never the password. */
export class StoreConnectionError extends Error {
  readonly code = "store_unreachable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreConnectionError";
  }
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

type Row = Record<string, unknown>;

/** `host:port/database` of a connection URL, for messages and logs (no user, no password). */
export function describePostgresUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    const host = url.hostname || url.searchParams.get("host") || "localhost";
    const port = url.port || "5432";
    const database = decodeURIComponent(url.pathname.replace(/^\//, "")) || "(default database)";
    return `${host}:${port}/${database}`;
  } catch {
    return "(unparseable URL)";
  }
}

/** Turns a connection failure into one clear line naming DATABASE_URL and the host, with any password scrubbed. */
export function connectionErrorFor(connectionString: string, err: unknown): StoreConnectionError {
  const e = err as { message?: string; code?: string; errors?: { message?: string }[] };
  let reason = e?.message || e?.errors?.[0]?.message || e?.code || String(err);
  if (e?.code && !reason.includes(e.code)) reason = `${reason} (${e.code})`;
  try {
    const password = new URL(connectionString).password;
    for (const secret of [password, password && decodeURIComponent(password)]) {
      if (secret) reason = reason.split(secret).join("***");
    }
  } catch {
    /* unparseable URL: nothing to scrub beyond the URL itself, which is never included */
  }
  return new StoreConnectionError(
    `Cannot connect to PostgreSQL at ${describePostgresUrl(connectionString)} (from DATABASE_URL): ${reason}`,
    { cause: err },
  );
}

/** The `options` query parameter of a connection URL, if any. */
function urlStartupOptions(connectionString: string): string | undefined {
  try {
    return new URL(connectionString).searchParams.get("options") ?? undefined;
  } catch {
    return undefined;
  }
}

export class PostgresStore implements Store {
  readonly schema: string | undefined;
  readonly jobs: JobStore;
  readonly checkins: CheckinStore;
  private readonly pool: pg.Pool;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly retentionMs: number;
  private readonly where: string;
  private readonly connectionError: (err: unknown) => StoreConnectionError;
  /** Per pruned table, the caller's time of its last pruning. */
  private readonly lastPruned = new Map<string, number>();
  private closed = false;
  readonly outbox: Outbox;
  readonly partners: PartnerStore;
  readonly referrals: ReferralStore;

  constructor(options: PostgresStoreOptions) {
    if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
      throw new TypeError(
        `PostgresStore: schema "${options.schema}" must be lower-case letters, digits and underscores (max 63)`,
      );
    }
    this.schema = options.schema;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.retentionMs = options.rateLimitRetentionMs ?? DEFAULT_RATE_LIMIT_RETENTION_MS;
    this.where = describePostgresUrl(options.connectionString);
    // A closure, not a field holding the URL, so logging or inspecting the store never shows the password.
    this.connectionError = (err) => connectionErrorFor(options.connectionString, err);
    let connectionString = options.connectionString;
    let startupOptions: string | undefined;
    if (this.schema) {
      // search_path as a startup parameter: set by the server for every new connection before any query.
      const searchPath = `-c search_path=${this.schema}`;
      const fromUrl = urlStartupOptions(connectionString);
      if (fromUrl === undefined) {
        startupOptions = searchPath;
      } else {
        // pg lets the URL's own `options` win over the config, so merge into the URL instead.
        const url = new URL(connectionString);
        url.searchParams.set("options", `${fromUrl} ${searchPath}`.trim());
        connectionString = url.toString();
      }
    }
    this.pool = new pg.Pool({
      connectionString,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
      application_name: "partnerpilot",
      ...(startupOptions ? { options: startupOptions } : {}),
    });
    this.jobs = new PostgresJobs(this.pool);
    this.checkins = new PostgresCheckins(this.pool);
    this.outbox = new PostgresOutbox(this.pool);
    this.partners = new PostgresPartners(this.pool);
    this.referrals = new PostgresReferrals(this.pool);
    // Without a listener an idle client's error (server restart, network drop) would crash the process.
    this.pool.on("error", (err) => {
      this.logger.warn({ store: "postgres", host: this.where, err: { message: err.message } }, "idle PostgreSQL connection failed");
    });
  }

  /** Runs `SELECT 1`; throws StoreConnectionError (naming DATABASE_URL and host) when the server cannot be used. */
  async checkConnection(): Promise<void> {
    try {
      await this.pool.query("SELECT 1");
    } catch (err) {
      throw this.connectionError(err);
    }
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    const applied: AppliedMigration[] = [];
    let newest = 0;
    try {
      await client.query("BEGIN");
      // Serialises concurrent migrate() calls (replicas starting together) on the same schema.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`partnerpilot:migrate:${this.schema ?? ""}`]);
      if (this.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
      await client.query(migrationsTable.postgres);
      const { rows } = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
      const done = new Set(rows.map((r) => Number(r.version)));
      newest = Math.max(0, ...done);
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await client.query(m.postgres);
        const appliedAt = this.clock();
        await client.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
          m.version,
          m.name,
          appliedAt,
        ]);
        applied.push({ version: m.version, name: m.name, appliedAt });
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    for (const m of applied) {
      this.logger.info({ store: "postgres", schema: this.schema, version: m.version, name: m.name }, "store migration applied");
    }
    if (newest > latestVersion) {
      this.logger.warn(
        { store: "postgres", databaseVersion: newest, codeVersion: latestVersion },
        "store schema is newer than this code; continuing",
      );
    }
  }

  /** The versions recorded in schema_migrations, oldest first. */
  async appliedMigrations(): Promise<AppliedMigration[]> {
    const { rows } = await this.pool.query<{ version: number; name: string; applied_at: Date }>(
      "SELECT version, name, applied_at FROM schema_migrations ORDER BY version",
    );
    return rows.map((r) => ({ version: Number(r.version), name: r.name, appliedAt: r.applied_at }));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  private async query(sql: string, params: unknown[]): Promise<Row[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as Row[];
  }

  async appendTurn(turn: NewTurn): Promise<Turn> {
    const conversationId = requireText("turn.conversationId", turn.conversationId);
    const role = requireOneOf("turn.role", turn.role, TURN_ROLES);
    if (typeof turn.text !== "string") throw new TypeError("Store: turn.text must be a string");
    const at = requireDate("turn.at", turn.at);
    const [row] = await this.query(
      `INSERT INTO turns (conversation_id, role, text, user_id, answer_id, meta, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
      [
        conversationId,
        role,
        turn.text,
        optionalText("turn.userId", turn.userId),
        optionalText("turn.answerId", turn.answerId),
        turn.meta === undefined ? null : JSON.stringify(turn.meta),
        at,
      ],
    );
    return mapTurn(row!);
  }

  async recentTurns(conversationId: string, limit: number): Promise<Turn[]> {
    requireText("conversationId", conversationId);
    const n = requireLimit("limit", limit);
    if (n === 0) return [];
    const rows = await this.query(
      `SELECT * FROM (
         SELECT * FROM turns WHERE conversation_id = $1 ORDER BY at DESC, id DESC LIMIT $2
       ) last ORDER BY at, id`,
      [conversationId, n],
    );
    return rows.map(mapTurn);
  }

  async claimEvent(key: string, at: Date, holder?: string): Promise<boolean> {
    requireText("key", key);
    requireDate("at", at);
    // A claim by the same holder again is a no-op update, which RETURNING reports like an insert.
    const rows = await this.query(
      `INSERT INTO processed_events (key, claimed_at, holder) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET claimed_at = processed_events.claimed_at
       WHERE processed_events.holder IS NOT NULL AND processed_events.holder = EXCLUDED.holder
       RETURNING key`,
      [key, at, optionalText("holder", holder)],
    );
    await this.maybePrune(PROCESSED_EVENT_CLAIMS, at.getTime(), PROCESSED_EVENT_RETENTION_MS);
    return rows.length === 1;
  }

  async recordFeedback(feedback: NewFeedback): Promise<Feedback> {
    const answerId = requireText("feedback.answerId", feedback.answerId);
    const userId = requireText("feedback.userId", feedback.userId);
    const kind = requireOneOf("feedback.kind", feedback.kind, FEEDBACK_KINDS);
    const at = requireDate("feedback.at", feedback.at);
    const paths = feedback.paths === undefined ? null : JSON.stringify(checkStrings("feedback.paths", feedback.paths));
    // A repeat (same answer, user, kind) updates what it brings and keeps what it leaves out.
    const [row] = await this.query(
      `INSERT INTO feedback (answer_id, user_id, kind, reason, paths, question, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (answer_id, user_id, kind) DO UPDATE SET
         reason = COALESCE(EXCLUDED.reason, feedback.reason),
         paths = COALESCE(EXCLUDED.paths, feedback.paths),
         question = COALESCE(EXCLUDED.question, feedback.question),
         at = EXCLUDED.at
       RETURNING *`,
      [
        answerId,
        userId,
        kind,
        optionalText("feedback.reason", feedback.reason),
        paths,
        optionalText("feedback.question", feedback.question),
        at,
      ],
    );
    return mapFeedback(row!);
  }

  async feedbackFor(answerId: string): Promise<Feedback[]> {
    requireText("answerId", answerId);
    const rows = await this.query("SELECT * FROM feedback WHERE answer_id = $1 ORDER BY at, id", [answerId]);
    return rows.map(mapFeedback);
  }

  async createEscalation(escalation: NewEscalation): Promise<{ escalation: Escalation; created: boolean }> {
    const key = requireText("escalation.key", escalation.key);
    const userId = requireText("escalation.userId", escalation.userId);
    if (typeof escalation.need !== "string") throw new TypeError("Store: escalation.need must be a string");
    const reasons = checkStrings("escalation.reasons", escalation.reasons);
    const partners = checkPartners(escalation.partners);
    const at = requireDate("escalation.at", escalation.at);
    const inserted = await this.query(
      `INSERT INTO escalations (key, user_id, conversation_id, need, reasons, partners, status, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7)
       ON CONFLICT (key) DO NOTHING
       RETURNING *`,
      [
        key,
        userId,
        optionalText("escalation.conversationId", escalation.conversationId),
        escalation.need,
        JSON.stringify(reasons),
        JSON.stringify(partners),
        at,
      ],
    );
    if (inserted[0]) return { escalation: mapEscalation(inserted[0]), created: true };
    // The conflicting row is committed (ON CONFLICT waited for it), so this statement's snapshot sees it.
    const [existing] = await this.query("SELECT * FROM escalations WHERE key = $1", [key]);
    if (!existing) throw new Error(`Store: escalation ${key} was neither inserted nor found`);
    return { escalation: mapEscalation(existing), created: false };
  }

  async markEscalationNotified(id: number, at: Date): Promise<void> {
    requireId("id", id);
    requireDate("at", at);
    // Idempotent: a second call keeps the first notifiedAt; a closed escalation stays closed.
    const result = await this.pool.query(
      `UPDATE escalations SET status = 'notified', notified_at = COALESCE(notified_at, $1)
       WHERE id = $2 AND status <> 'closed'`,
      [at, id],
    );
    if (result.rowCount === 0) {
      const found = await this.query("SELECT 1 FROM escalations WHERE id = $1", [id]);
      if (found.length === 0) throw new Error(`Store: escalation ${id} does not exist`);
    }
  }

  async listEscalations(
    filter: { userId?: string; status?: Escalation["status"]; limit?: number } = {},
  ): Promise<Escalation[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.userId !== undefined) {
      params.push(requireText("filter.userId", filter.userId));
      where.push(`user_id = $${params.length}`);
    }
    if (filter.status !== undefined) {
      params.push(requireOneOf("filter.status", filter.status, ESCALATION_STATUSES));
      where.push(`status = $${params.length}`);
    }
    const limit = requireLimit("filter.limit", filter.limit ?? DEFAULT_ESCALATION_LIST_LIMIT);
    if (limit === 0) return [];
    params.push(limit);
    const rows = await this.query(
      `SELECT * FROM escalations ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(mapEscalation);
  }

  async recentQuestions(userId: string, limit: number): Promise<QuestionSummary[]> {
    requireText("userId", userId);
    const n = requireLimit("limit", limit);
    if (n === 0) return [];
    const rows = await this.query(recentQuestionsSql("$1", "$2"), [userId, n]);
    return rows.map(mapQuestion);
  }

  async turnsSince(since: Date, limit: number): Promise<Turn[]> {
    requireDate("since", since);
    const rows = await this.query("SELECT * FROM turns WHERE at >= $1 ORDER BY at, id LIMIT $2", [since, requireLimit("limit", limit)]);
    return rows.map(mapTurn);
  }

  async feedbackSince(since: Date, limit: number): Promise<Feedback[]> {
    requireDate("since", since);
    const rows = await this.query("SELECT * FROM feedback WHERE at >= $1 ORDER BY at, id LIMIT $2", [since, requireLimit("limit", limit)]);
    return rows.map(mapFeedback);
  }

  async claimDigest(key: string, at: Date, leaseUntil: Date): Promise<boolean> {
    requireText("key", key);
    requireDate("at", at);
    requireDate("leaseUntil", leaseUntil);
    const rows = await this.query(
      `INSERT INTO lint_digests (key, claimed_at, lease_until) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET claimed_at = EXCLUDED.claimed_at, lease_until = EXCLUDED.lease_until
         WHERE lint_digests.sent_at IS NULL AND lint_digests.lease_until <= EXCLUDED.claimed_at
       RETURNING key`,
      [key, at, leaseUntil],
    );
    return rows.length === 1;
  }

  async markDigestSent(key: string, at: Date): Promise<void> {
    requireText("key", key);
    await this.query("UPDATE lint_digests SET sent_at = $1 WHERE key = $2", [requireDate("at", at), key]);
  }

  async saveCorpusSnapshot(week: string, files: readonly CorpusFile[], at: Date, keepWeeks = CORPUS_SNAPSHOT_WEEKS): Promise<boolean> {
    const taken = requireDate("at", at);
    const rows = await this.query("INSERT INTO corpus_snapshots (week, files, taken_at) VALUES ($1, $2, $3) ON CONFLICT (week) DO NOTHING RETURNING week", [
      requireWeek(week),
      JSON.stringify(requireCorpus(files)),
      taken,
    ]);
    await this.query("DELETE FROM corpus_snapshots WHERE taken_at < $1", [new Date(taken.getTime() - keepWeeks * WEEK_MS)]);
    return rows.length === 1;
  }

  async corpusSnapshotBefore(week: string): Promise<{ week: string; files: CorpusFile[] } | undefined> {
    // ISO weeks written "2026-W09" sort as text in time order (COLLATE "C": byte order, whatever the database's locale).
    const [row] = await this.query('SELECT week, files FROM corpus_snapshots WHERE week < $1 COLLATE "C" ORDER BY week COLLATE "C" DESC LIMIT 1', [requireWeek(week)]);
    return row ? { week: row.week as string, files: row.files as CorpusFile[] } : undefined;
  }

  async hitRateLimit(key: string, windowStart: Date): Promise<number> {
    requireText("key", key);
    const ws = requireDate("windowStart", windowStart);
    const [row] = await this.query(
      `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, $2, 1)
       ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
       RETURNING hits`,
      [key, ws],
    );
    await this.maybePrune(RATE_LIMIT_WINDOWS, ws.getTime(), this.retentionMs);
    return Number(row!.hits);
  }

  /** Deletes rows of `t` older than `keepMs` before `nowMs`, at most once per PRUNE_EVERY_MS per table. */
  private async maybePrune(t: PrunedTable, nowMs: number, keepMs: number): Promise<void> {
    if (nowMs - (this.lastPruned.get(t.table) ?? Number.NEGATIVE_INFINITY) < PRUNE_EVERY_MS) return;
    this.lastPruned.set(t.table, nowMs);
    try {
      const result = await this.pool.query(`DELETE FROM ${t.table} WHERE ${t.column} < $1`, [new Date(nowMs - keepMs)]);
      if (result.rowCount) this.logger.debug({ store: "postgres", pruned: result.rowCount }, `old ${t.rows} pruned`);
    } catch (err) {
      this.logger.warn({ store: "postgres", err: { message: (err as Error).message } }, `pruning ${t.rows} failed; will retry later`);
    }
  }

  async saveUseCase(userId: string, useCaseId: string, at: Date): Promise<{ saved: SavedUseCase; created: boolean }> {
    requireText("userId", userId);
    requireText("useCaseId", useCaseId);
    const when = requireDate("at", at);
    const [inserted] = await this.query(
      `INSERT INTO saved_use_cases (user_id, use_case_id, status, saved_at, updated_at) VALUES ($1, $2, 'to_try', $3, $3)
       ON CONFLICT (user_id, use_case_id) DO NOTHING RETURNING *`,
      [userId, useCaseId, when],
    );
    if (inserted) return { saved: mapSavedUseCase(inserted), created: true };
    const [row] = await this.query(
      `UPDATE saved_use_cases SET status = CASE WHEN status = 'dropped' THEN 'to_try' ELSE status END,
         updated_at = CASE WHEN status = 'dropped' THEN $1 ELSE updated_at END
       WHERE user_id = $2 AND use_case_id = $3 RETURNING *`,
      [when, userId, useCaseId],
    );
    if (!row) throw new Error(`Store: saved use case ${useCaseId} was neither inserted nor found`);
    return { saved: mapSavedUseCase(row), created: false };
  }

  async setSavedUseCaseStatus(userId: string, useCaseId: string, status: SavedUseCaseStatus, at: Date): Promise<SavedUseCase | undefined> {
    requireText("userId", userId);
    requireText("useCaseId", useCaseId);
    requireOneOf("status", status, SAVED_USE_CASE_STATUSES);
    const [row] = await this.query(
      `UPDATE saved_use_cases SET status = $1, updated_at = $2 WHERE user_id = $3 AND use_case_id = $4 RETURNING *`,
      [status, requireDate("at", at), userId, useCaseId],
    );
    return row ? mapSavedUseCase(row) : undefined;
  }

  async savedUseCases(userId: string, limit = DEFAULT_SAVED_USE_CASE_LIMIT): Promise<SavedUseCase[]> {
    requireText("userId", userId);
    const n = requireLimit("limit", limit);
    if (n === 0) return [];
    const rows = await this.query(`SELECT * FROM saved_use_cases WHERE user_id = $1 ORDER BY updated_at DESC, use_case_id LIMIT $2`, [userId, n]);
    return rows.map(mapSavedUseCase);
  }

  async acceptInbox(input: { key: string; payload: unknown; owner: string; at: Date; leaseMs: number }): Promise<InboxAcceptance> {
    const key = requireText("inbox.key", input.key);
    const owner = requireText("inbox.owner", input.owner);
    const at = requireDate("inbox.at", input.at);
    const leaseMs = requireLeaseMs(input.leaseMs);
    // Two replicas accepting the same event at once: the second waits for the first's row, then finds it leased.
    const [row] = await this.query(
      `INSERT INTO inbox (key, payload, state, attempts, owner, available_at, received_at)
       VALUES ($1, $2, 'pending', 1, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET owner = EXCLUDED.owner, available_at = EXCLUDED.available_at, attempts = inbox.attempts + 1
       WHERE inbox.state = 'pending' AND inbox.available_at <= EXCLUDED.received_at
       RETURNING *`,
      [key, JSON.stringify(input.payload ?? null), owner, new Date(at.getTime() + leaseMs), at],
    );
    if (row) return { outcome: "claimed", item: mapInboxItem(row) };
    const [existing] = await this.query("SELECT state FROM inbox WHERE key = $1", [key]);
    return { outcome: existing?.state === "pending" ? "busy" : "finished" };
  }

  async claimDueInbox(input: { owner: string; at: Date; leaseMs: number; limit: number }): Promise<InboxItem[]> {
    const owner = requireText("inbox.owner", input.owner);
    const at = requireDate("inbox.at", input.at);
    const limit = requireLimit("limit", input.limit);
    if (limit === 0) return [];
    // SKIP LOCKED: replicas sweeping at once take different items instead of waiting for each other.
    const rows = await this.query(
      // (A CTE, not `key IN (subquery LIMIT n)`: the planner may rescan such a subquery and take more than n.)
      `WITH due AS (
         SELECT key FROM inbox WHERE state = 'pending' AND available_at <= $3
         ORDER BY available_at LIMIT $4 FOR UPDATE SKIP LOCKED
       )
       UPDATE inbox SET owner = $1, available_at = $2, attempts = inbox.attempts + 1
       FROM due WHERE inbox.key = due.key
       RETURNING inbox.*`,
      [owner, new Date(at.getTime() + requireLeaseMs(input.leaseMs)), at, limit],
    );
    return rows.map(mapInboxItem).sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  async renewInboxLease(key: string, owner: string, until: Date): Promise<boolean> {
    const result = await this.pool.query("UPDATE inbox SET available_at = $1 WHERE key = $2 AND owner = $3 AND state = 'pending'", [
      requireDate("until", until),
      requireText("key", key),
      requireText("owner", owner),
    ]);
    return result.rowCount === 1;
  }

  async deferInbox(key: string, owner: string, retryAt: Date): Promise<void> {
    await this.pool.query("UPDATE inbox SET available_at = $1, owner = NULL WHERE key = $2 AND owner = $3 AND state = 'pending'", [
      requireDate("retryAt", retryAt),
      requireText("key", key),
      requireText("owner", owner),
    ]);
  }

  async finishInbox(key: string, owner: string, state: "done" | "failed", at: Date): Promise<void> {
    // Only the lease holder: a worker that lost the event must not close it under the one that took it over.
    await this.pool.query("UPDATE inbox SET state = $1, payload = NULL, owner = NULL, finished_at = $2 WHERE key = $3 AND owner = $4 AND state = 'pending'", [
      requireOneOf("state", state, ["done", "failed"] as const),
      requireDate("at", at),
      requireText("key", key),
      requireText("owner", owner),
    ]);
  }

  async inboxStats(): Promise<{ pending: number; oldestPendingAt?: Date }> {
    const [row] = await this.query("SELECT count(*) AS n, min(received_at) AS oldest FROM inbox WHERE state = 'pending'", []);
    return { pending: Number(row!.n), ...(row!.oldest != null ? { oldestPendingAt: row!.oldest as Date } : {}) };
  }

  async pruneOld(policy: RetentionPolicy, at: Date): Promise<Record<string, number>> {
    const now = requireDate("at", at).getTime();
    const deleted: Record<string, number> = {};
    for (const t of RETENTION_TABLES) {
      const keepMs = policy[t.policy];
      if (!(keepMs > 0)) continue;
      const result = await this.pool.query(`DELETE FROM ${t.table} WHERE ${t.column} < $1`, [new Date(now - keepMs)]);
      deleted[t.table] = result.rowCount ?? 0;
    }
    return deleted;
  }

  async ping(): Promise<void> {
    await this.pool.query(
      `SELECT (SELECT max(version) FROM schema_migrations),
              (SELECT 1 FROM processed_events LIMIT 1),
              (SELECT 1 FROM inbox WHERE state = 'pending' LIMIT 1)`,
    );
  }
}
