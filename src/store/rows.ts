/**
 * Shared between the engines: input checks (bad input fails with a clear message before touching the
 * database) and row → domain mapping. SQLite hands back epoch ms and JSON text, PostgreSQL Date objects,
 * parsed jsonb and bigint ids as strings; the mappers accept both.
 */
import type { Escalation, Feedback, FeedbackKind, InboxItem, QuestionSummary, SavedUseCase, Turn } from "./Store.ts";

export const TURN_ROLES = ["user", "assistant"] as const;
export const FEEDBACK_KINDS = ["up", "down", "flag"] as const;
export const ESCALATION_STATUSES = ["open", "notified", "closed"] as const;

/** Rate-limit windows older than this (relative to the newest window seen) are deleted. */
export const DEFAULT_RATE_LIMIT_RETENTION_MS = 48 * 60 * 60 * 1000;
/** Pruning of a table runs at most once per this much (caller's clock) time per store instance. */
export const PRUNE_EVERY_MS = 10 * 60 * 1000;
/**
 * Claimed event keys older than this (relative to the newest claim seen) are deleted, pruned at most every
 * PRUNE_EVERY_MS. Slack stops retrying an event within hours, so a week keeps every retry deduplicated.
 */
export const PROCESSED_EVENT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** A table whose old rows the stores delete as they go (the column holds an instant). */
export interface PrunedTable {
  table: "rate_limits" | "processed_events";
  column: "window_start" | "claimed_at";
  /** What the rows are, for the log. */
  rows: string;
}

export const RATE_LIMIT_WINDOWS: PrunedTable = { table: "rate_limits", column: "window_start", rows: "rate-limit windows" };
export const PROCESSED_EVENT_CLAIMS: PrunedTable = { table: "processed_events", column: "claimed_at", rows: "processed-event claims" };
export const DEFAULT_ESCALATION_LIST_LIMIT = 100;

export function requireText(name: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`Store: ${name} must be a non-empty string`);
  }
  return value;
}

export function optionalText(name: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new TypeError(`Store: ${name} must be a string when given`);
  return value;
}

export function requireDate(name: string, value: unknown): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`Store: ${name} must be a valid Date (from the injected clock)`);
  }
  return value;
}

export function requireOneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new TypeError(`Store: ${name} must be one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** Non-negative whole number; fractions are floored. */
export function requireLimit(name: string, value: unknown): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new TypeError(`Store: ${name} must be a number >= 0`);
  }
  return Number.isFinite(value) ? Math.floor(value) : Number.MAX_SAFE_INTEGER;
}

export function requireId(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`Store: ${name} must be a positive integer id`);
  }
  return value;
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === "number") return new Date(value);
  if (typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "string") return /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  throw new TypeError(`Store: unexpected timestamp value ${String(value)}`);
}

export function toId(value: unknown): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`Store: id ${String(value)} is not a safe integer`);
  return n;
}

/** JSON column → value (SQLite gives text, PostgreSQL jsonb gives the parsed value). */
export function fromJson<T>(value: unknown): T | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return JSON.parse(value) as T;
  return value as T;
}

type Row = Record<string, unknown>;

export function mapTurn(row: Row): Turn {
  const turn: Turn = {
    id: toId(row.id),
    conversationId: row.conversation_id as string,
    role: row.role as Turn["role"],
    text: row.text as string,
    at: toDate(row.at),
  };
  if (row.user_id != null) turn.userId = row.user_id as string;
  if (row.answer_id != null) turn.answerId = row.answer_id as string;
  const meta = fromJson<Record<string, unknown>>(row.meta);
  if (meta !== undefined) turn.meta = meta;
  return turn;
}

export function mapFeedback(row: Row): Feedback {
  const feedback: Feedback = {
    id: toId(row.id),
    answerId: row.answer_id as string,
    userId: row.user_id as string,
    kind: row.kind as FeedbackKind,
    at: toDate(row.at),
  };
  if (row.reason != null) feedback.reason = row.reason as string;
  const paths = fromJson<string[]>(row.paths);
  if (paths !== undefined) feedback.paths = paths;
  if (row.question != null) feedback.question = row.question as string;
  return feedback;
}

export function mapEscalation(row: Row): Escalation {
  const escalation: Escalation = {
    id: toId(row.id),
    key: row.key as string,
    userId: row.user_id as string,
    need: row.need as string,
    reasons: fromJson<string[]>(row.reasons) ?? [],
    partners: fromJson<Escalation["partners"]>(row.partners) ?? [],
    status: row.status as Escalation["status"],
    at: toDate(row.created_at),
  };
  if (row.conversation_id != null) escalation.conversationId = row.conversation_id as string;
  if (row.notified_at != null) escalation.notifiedAt = toDate(row.notified_at);
  return escalation;
}

export function mapQuestion(row: Row): QuestionSummary {
  const q: QuestionSummary = {
    conversationId: row.conversation_id as string,
    text: row.text as string,
    at: toDate(row.at),
  };
  if (row.feedback != null) q.feedback = row.feedback as FeedbackKind;
  return q;
}

/** Checks and normalises a partner list before it is stored as JSON. */
export function checkPartners(value: unknown): { id: string; name: string; score: number }[] {
  if (!Array.isArray(value)) throw new TypeError("Store: escalation.partners must be an array (may be empty)");
  return value.map((p, i) => {
    const item = p as { id?: unknown; name?: unknown; score?: unknown };
    if (typeof item?.id !== "string" || typeof item.name !== "string" || typeof item.score !== "number") {
      throw new TypeError(`Store: escalation.partners[${i}] must be { id: string, name: string, score: number }`);
    }
    return { id: item.id, name: item.name, score: item.score };
  });
}

export function checkStrings(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) {
    throw new TypeError(`Store: ${name} must be an array of strings`);
  }
  return value as string[];
}

/**
 * recentQuestions in SQL both engines accept: `$user`/`$limit` are replaced by each engine's placeholders.
 * The answer to a question is the next assistant turn in the same conversation (by time, then id).
 */
export function recentQuestionsSql(userParam: string, limitParam: string): string {
  return `
    SELECT q.conversation_id, q.text, q.at,
      (SELECT f.kind FROM feedback f
        WHERE f.user_id = q.user_id
          AND (f.answer_id = q.answer_id OR (q.answer_id IS NULL AND f.question = q.text))
        ORDER BY f.at DESC, f.id DESC
        LIMIT 1) AS feedback
    FROM (
      SELECT t.id, t.conversation_id, t.text, t.at, t.user_id,
        (SELECT a.answer_id FROM turns a
          WHERE a.conversation_id = t.conversation_id
            AND a.role = 'assistant'
            AND (a.at > t.at OR (a.at = t.at AND a.id > t.id))
          ORDER BY a.at, a.id
          LIMIT 1) AS answer_id
      FROM turns t
      WHERE t.role = 'user' AND t.user_id = ${userParam}
      ORDER BY t.at DESC, t.id DESC
      LIMIT ${limitParam}
    ) q
    ORDER BY q.at DESC, q.id DESC`;
}

export const SAVED_USE_CASE_STATUSES = ["to_try", "trying", "adopted", "dropped"] as const;
export const DEFAULT_SAVED_USE_CASE_LIMIT = 50;

export function mapSavedUseCase(row: Row): SavedUseCase {
  return {
    userId: row.user_id as string,
    useCaseId: row.use_case_id as string,
    status: row.status as SavedUseCase["status"],
    savedAt: toDate(row.saved_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function mapInboxItem(row: Row): InboxItem {
  const item: InboxItem = {
    key: row.key as string,
    payload: fromJson<unknown>(row.payload) ?? null,
    state: row.state as InboxItem["state"],
    attempts: Number(row.attempts),
    availableAt: toDate(row.available_at),
    receivedAt: toDate(row.received_at),
  };
  if (row.owner != null) item.owner = row.owner as string;
  return item;
}

/** The tables retention prunes, each by its own instant column (finished inbox items by when they finished). */
export const RETENTION_TABLES = [
  { table: "turns", column: "at", policy: "turnsMs" },
  { table: "processed_events", column: "claimed_at", policy: "processedEventsMs" },
  { table: "rate_limits", column: "window_start", policy: "rateLimitWindowsMs" },
  { table: "inbox", column: "finished_at", policy: "inboxMs" },
] as const;

export function requireLeaseMs(value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) throw new TypeError("Store: leaseMs must be a positive number");
  return value;
}

/** Corpus snapshots are kept this many weeks (the digest needs last week's). */
export const CORPUS_SNAPSHOT_WEEKS = 4;
export const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** An ISO week as the digest names it ("2026-W49"). */
export function requireWeek(value: unknown): string {
  if (typeof value !== "string" || !/^\d{4}-W\d{2}$/.test(value)) throw new TypeError(`week must be an ISO week such as 2026-W49, got ${JSON.stringify(value)}`);
  return value;
}

/** A list of knowledge files ({ path, text }, both strings). */
export function requireCorpus(files: unknown): { path: string; text: string }[] {
  if (!Array.isArray(files) || files.some((f) => typeof f?.path !== "string" || typeof f?.text !== "string")) {
    throw new TypeError("files must be a list of { path, text } strings");
  }
  return files.map((f: { path: string; text: string }) => ({ path: f.path, text: f.text }));
}
