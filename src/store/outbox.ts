/**
 * The outbox: every side effect (a Slack post or DM, a partner webhook, a check-in reminder) is a row committed
 * before it is attempted, claimed by one worker at a time with a lease, retried with backoff, and marked done
 * once. Generic on purpose: `kind` says which handler sends it, `key` (unique) makes enqueueing idempotent, and
 * `payload` is whatever that handler needs. Both engines implement `Outbox`; instants come from the caller.
 */
import { fromJson, requireDate, requireLimit, requireText, toDate, toId } from "./rows.ts";

export const OUTBOX_STATES = ["pending", "done", "dead"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface NewOutboxMessage {
  /** Which handler delivers it, e.g. `referral.partner_card`, `referral.webhook`. */
  kind: string;
  /** Unique across the outbox: the same key again is not enqueued twice (retried requests, replicas). */
  key: string;
  /** JSON-serialisable; what the handler needs to deliver (ids, not message text, where possible). */
  payload: unknown;
  /** Not before this instant (defaults to the enqueue time). */
  notBefore?: Date;
}

export interface OutboxMessage {
  id: number;
  kind: string;
  key: string;
  payload: unknown;
  state: OutboxState;
  /** Claims so far (a claim counts as an attempt even if the worker then died). */
  attempts: number;
  nextAttemptAt: Date;
  lockedBy?: string;
  lockedUntil?: Date;
  lastError?: string;
  createdAt: Date;
  doneAt?: Date;
}

export interface OutboxClaim {
  /** Who claims (process/replica id); only the owner may complete or retry a claimed message. */
  owner: string;
  at: Date;
  /** How long the claim holds; after it, another worker may claim the message again (crash recovery). */
  leaseMs: number;
  limit: number;
  /** Only these kinds (default: all). */
  kinds?: string[];
}

export interface Outbox {
  /** Enqueues a message, or returns the existing one with the same key (`created: false`). */
  enqueue(message: NewOutboxMessage, at: Date): Promise<{ message: OutboxMessage; created: boolean }>;
  /**
   * Claims up to `limit` due messages (pending, next attempt due, not under someone else's live lease), oldest
   * due first, incrementing their attempts. Two workers claiming at once never get the same message.
   */
  claim(claim: OutboxClaim): Promise<OutboxMessage[]>;
  /** Marks a claimed message done. False when `owner` no longer holds it (lease expired and taken over). */
  complete(id: number, owner: string, at: Date): Promise<boolean>;
  /** Releases a claimed message for another attempt at `nextAttemptAt`, recording the error. */
  retry(id: number, owner: string, error: string, nextAttemptAt: Date): Promise<boolean>;
  /** Gives up on a claimed message (state `dead`), recording why; it is never attempted again. */
  bury(id: number, owner: string, error: string, at: Date): Promise<boolean>;
  get(key: string): Promise<OutboxMessage | undefined>;
  list(filter?: { kind?: string; state?: OutboxState; limit?: number }): Promise<OutboxMessage[]>;
  /** Messages per state (for /metrics and the PMO view). */
  counts(): Promise<Record<OutboxState, number>>;
}

/** Longest error text kept per message (the handler's error message, never a payload). */
export const OUTBOX_ERROR_MAX_CHARS = 500;

type Row = Record<string, unknown>;

export interface CheckedOutboxMessage {
  kind: string;
  key: string;
  payload: string;
  notBefore: Date;
}

export function checkOutboxMessage(message: NewOutboxMessage, at: Date): CheckedOutboxMessage {
  const kind = requireText("outbox.kind", message?.kind);
  const key = requireText("outbox.key", message.key);
  requireDate("at", at);
  const notBefore = message.notBefore === undefined ? at : requireDate("outbox.notBefore", message.notBefore);
  let payload: string | undefined;
  try {
    payload = JSON.stringify(message.payload ?? null);
  } catch (err) {
    throw new TypeError(`Store: outbox.payload must be JSON-serialisable (${(err as Error).message})`);
  }
  return { kind, key, payload: payload ?? "null", notBefore };
}

export function checkClaim(claim: OutboxClaim): OutboxClaim {
  requireText("claim.owner", claim.owner);
  requireDate("claim.at", claim.at);
  if (typeof claim.leaseMs !== "number" || !(claim.leaseMs > 0)) throw new TypeError("Store: claim.leaseMs must be > 0");
  requireLimit("claim.limit", claim.limit);
  if (claim.kinds !== undefined && (!Array.isArray(claim.kinds) || claim.kinds.some((k) => typeof k !== "string"))) {
    throw new TypeError("Store: claim.kinds must be an array of strings");
  }
  return claim;
}

export function clipError(error: unknown): string {
  const text = typeof error === "string" ? error : String(error);
  return text.length <= OUTBOX_ERROR_MAX_CHARS ? text : `${text.slice(0, OUTBOX_ERROR_MAX_CHARS - 1)}…`;
}

export function mapOutbox(row: Row): OutboxMessage {
  const message: OutboxMessage = {
    id: toId(row.id),
    kind: row.kind as string,
    key: row.key as string,
    payload: fromJson<unknown>(row.payload) ?? null,
    state: row.state as OutboxState,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    createdAt: toDate(row.created_at),
  };
  if (row.locked_by != null) message.lockedBy = row.locked_by as string;
  if (row.locked_until != null) message.lockedUntil = toDate(row.locked_until);
  if (row.last_error != null) message.lastError = row.last_error as string;
  if (row.done_at != null) message.doneAt = toDate(row.done_at);
  return message;
}
