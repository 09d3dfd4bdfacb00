/**
 * One storage interface for every surface. Implementations: SQLite (embedded default, a file under data/)
 * and PostgreSQL (shared by several replicas). Keep it free of engine-specific semantics: every write is
 * idempotent where a natural key exists, and time always comes from the caller's clock.
 */
import type { CheckinStore } from "./CheckinStore.ts";
import type { JobStore } from "./JobStore.ts";
import type { Outbox } from "./outbox.ts";
import type { PartnerStore } from "./partners.ts";
import type { ReferralStore } from "./referrals.ts";

export type TurnRole = "user" | "assistant";

export interface NewTurn {
  conversationId: string;
  role: TurnRole;
  text: string;
  userId?: string;
  /** Free-form JSON (intent, citations, confidence) kept with assistant turns. */
  meta?: Record<string, unknown>;
  /**
   * On assistant turns: the id users rate it by (the `answerId` of feedback, e.g. `channel:ts` of the bot's
   * message). Lets `recentQuestions` find the feedback given on the answer to each question.
   */
  answerId?: string;
  at: Date;
}

export interface Turn extends NewTurn {
  id: number;
}

export type FeedbackKind = "up" | "down" | "flag";

export interface NewFeedback {
  /** Identifies the rated answer (e.g. `channel:ts` of the bot's message). */
  answerId: string;
  userId: string;
  kind: FeedbackKind;
  reason?: string;
  /** Knowledge paths the answer cited (for notifying playbook owners). */
  paths?: string[];
  question?: string;
  at: Date;
}

export interface Feedback extends NewFeedback {
  id: number;
}

export interface NewEscalation {
  /** Natural key so a retried click does not create two (e.g. `channel:thread_ts:user`). */
  key: string;
  userId: string;
  conversationId?: string;
  /** The need in one paragraph (already redacted). */
  need: string;
  reasons: string[];
  partners: { id: string; name: string; score: number }[];
  at: Date;
}

export interface Escalation extends NewEscalation {
  id: number;
  status: "open" | "notified" | "closed";
  notifiedAt?: Date;
}

export interface QuestionSummary {
  conversationId: string;
  text: string;
  at: Date;
  /** Latest feedback kind on the answer to it, if any. */
  feedback?: FeedbackKind;
}

export type * from "./outbox.ts";
export type * from "./partners.ts";
export type * from "./referrals.ts";

/** A user's progress on a use case they saved: to try, trying it, adopted (in use), dropped. */
export type SavedUseCaseStatus = "to_try" | "trying" | "adopted" | "dropped";

export interface SavedUseCase {
  userId: string;
  useCaseId: string;
  status: SavedUseCaseStatus;
  savedAt: Date;
  updatedAt: Date;
}

/** One file of a knowledge directory: its path relative to the directory and its text. */
export interface CorpusFile {
  path: string;
  text: string;
}

export interface Store {
  /** Durable scheduled work and claimed side effects (see JobStore.ts). */
  readonly jobs: JobStore;
  /** Check-in campaigns, rounds and answers (see CheckinStore.ts). */
  readonly checkins: CheckinStore;
  /** Durable side effects (Slack posts, DMs, webhooks): see outbox.ts. */
  readonly outbox: Outbox;
  /** The partner directory (firms, consultants, live stats): see partners.ts. */
  readonly partners: PartnerStore;
  /** Referrals, their audit events and Slack messages: see referrals.ts. */
  readonly referrals: ReferralStore;

  /** Applies pending migrations (versioned, idempotent). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  appendTurn(turn: NewTurn): Promise<Turn>;
  /** The last `limit` turns of a conversation, oldest first. */
  recentTurns(conversationId: string, limit: number): Promise<Turn[]>;

  /**
   * Claims a processing key (Slack `event_id`, or `channel:ts`). Returns true only for the first caller,
   * across processes and replicas; later calls with the same key return false. Claims are kept for a week
   * (PROCESSED_EVENT_RETENTION_MS after the newest claim), then pruned: Slack's retries come within hours.
   * With a `holder` (the inbox key of the work claiming it), the same holder claiming again also gets true: a
   * question re-run after a crash is not mistaken for a duplicate of itself.
   */
  claimEvent(key: string, at: Date, holder?: string): Promise<boolean>;

  /** Records feedback; the same (answerId, userId, kind) again updates the reason instead of duplicating. */
  recordFeedback(feedback: NewFeedback): Promise<Feedback>;
  feedbackFor(answerId: string): Promise<Feedback[]>;

  /** Creates an escalation, or returns the existing one with the same key. */
  createEscalation(escalation: NewEscalation): Promise<{ escalation: Escalation; created: boolean }>;
  markEscalationNotified(id: number, at: Date): Promise<void>;
  listEscalations(filter?: { userId?: string; status?: Escalation["status"]; limit?: number }): Promise<Escalation[]>;

  /**
   * The user's recent questions (user turns) with the feedback they gave, newest first. The answer to a question
   * is the next assistant turn in the same conversation; its feedback is the user's latest on that turn's
   * `answerId`, or, when that turn has no `answerId` (or there is none), the user's latest feedback whose
   * `question` equals the question's text.
   */
  recentQuestions(userId: string, limit: number): Promise<QuestionSummary[]>;

  /**
   * Counts a hit for `key` in the fixed window starting at `windowStart` and returns the count including it.
   * Shared across replicas, so a per-user rate limit holds however many processes run.
   */
  hitRateLimit(key: string, windowStart: Date): Promise<number>;

  /** Turns (both roles) at or after `since`, oldest first, at most `limit` (for the weekly playbook digest). */
  turnsSince(since: Date, limit: number): Promise<Turn[]>;
  /** Feedback given at or after `since`, oldest first, at most `limit`. */
  feedbackSince(since: Date, limit: number): Promise<Feedback[]>;
  /**
   * Claims the delivery `key` (e.g. `lint-digest:2026-W49:Revenue Operations`) until `leaseUntil`. True for one
   * caller across replicas; a claim whose lease ran out without `markDigestSent` can be claimed again (the
   * sender crashed), a sent one never.
   */
  claimDigest(key: string, at: Date, leaseUntil: Date): Promise<boolean>;
  markDigestSent(key: string, at: Date): Promise<void>;
  /**
   * Keeps the knowledge files the playbook digest linted in ISO week `week` (e.g. `2026-W49`), unless that week
   * already has one (the first sweep of a week wins, on every replica); snapshots more than `keepWeeks` weeks older are
   * dropped. True when this call stored it.
   */
  saveCorpusSnapshot(week: string, files: readonly CorpusFile[], at: Date, keepWeeks?: number): Promise<boolean>;
  /** The latest snapshot kept for a week before `week` (last week's, or an older one if the digest did not run). */
  corpusSnapshotBefore(week: string): Promise<{ week: string; files: CorpusFile[] } | undefined>;
  /**
   * Saves a use case to the user's list (status `to_try`). Saving again is a no-op (`created: false`), except
   * that a dropped one comes back as `to_try`.
   */
  saveUseCase(userId: string, useCaseId: string, at: Date): Promise<{ saved: SavedUseCase; created: boolean }>;
  /** Sets the user's progress on a saved use case; undefined when it is not on their list. */
  setSavedUseCaseStatus(userId: string, useCaseId: string, status: SavedUseCaseStatus, at: Date): Promise<SavedUseCase | undefined>;
  /** The user's saved use cases, most recently changed first. */
  savedUseCases(userId: string, limit?: number): Promise<SavedUseCase[]>;

  // Durable inbox (src/slack/inbox/): every accepted Slack event is a row before it is acted on.

  /**
   * Records an accepted event and leases it to `owner`, or re-claims a pending one whose lease has run out
   * (a Slack retry after a crash). `busy`: pending and leased to someone else; `finished`: done or failed.
   */
  acceptInbox(input: { key: string; payload: unknown; owner: string; at: Date; leaseMs: number }): Promise<InboxAcceptance>;
  /** Leases up to `limit` pending items that are due (lease expired, or retry time reached), oldest first. */
  claimDueInbox(input: { owner: string; at: Date; leaseMs: number; limit: number }): Promise<InboxItem[]>;
  /** Extends the lease while work goes on; false when `owner` no longer holds it. */
  renewInboxLease(key: string, owner: string, until: Date): Promise<boolean>;
  /** Gives the item back for another attempt at `retryAt` (the payload is kept). */
  deferInbox(key: string, owner: string, retryAt: Date): Promise<void>;
  /** Ends the item for good (only the lease holder can); its payload (what the person wrote) is deleted. */
  finishInbox(key: string, owner: string, state: "done" | "failed", at: Date): Promise<void>;
  /** Pending items and the oldest one's arrival (metrics). */
  inboxStats(): Promise<{ pending: number; oldestPendingAt?: Date }>;
  /** Deletes what the retention policy says is old enough (scheduled); returns rows deleted per table. */
  pruneOld(policy: RetentionPolicy, at: Date): Promise<Record<string, number>>;
  /** A cheap query on a migrated table (readiness); throws when the schema is missing or the database is down. */
  ping(): Promise<void>;
}

export type InboxState = "pending" | "done" | "failed";

export interface InboxItem {
  key: string;
  payload: unknown;
  state: InboxState;
  /** Claims so far, this one included (1 on first acceptance). */
  attempts: number;
  owner?: string;
  availableAt: Date;
  receivedAt: Date;
}

export type InboxAcceptance = { outcome: "claimed"; item: InboxItem } | { outcome: "busy" | "finished" };

/** How long each kind of row is kept (ms); 0 keeps it forever. */
export interface RetentionPolicy {
  turnsMs: number;
  processedEventsMs: number;
  rateLimitWindowsMs: number;
  /** Finished inbox items (their payload is already gone; the row keeps Slack retries deduplicated). */
  inboxMs: number;
}
