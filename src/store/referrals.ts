/**
 * Referrals in the store: the row, its audit trail (one event per transition), and the Slack messages that
 * show it (card per partner, the requester's DM) so they are updated in place. The store does not decide
 * transitions (src/referrals/lifecycle.ts does); it applies one atomically: the referral's new fields, the
 * audit event, the outbox messages it causes and the firms' counters, in one transaction, and only if nobody
 * changed the referral since it was read (optimistic: `version`).
 */
import type { NewOutboxMessage } from "./outbox.ts";
import type { FirmStatsDelta } from "./partners.ts";
import { fromJson, toDate, toId } from "./rows.ts";

export const REFERRAL_STATES = [
  "submitted",
  "offered",
  "accepted",
  "in_progress",
  "won",
  "lost",
  "declined",
  "expired",
  "withdrawn",
  "duplicate",
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export interface ReferralCandidate {
  id: string;
  name: string;
  score: number;
  reasons: string[];
}

/** What the requester confirmed in the form (all already redacted). */
export interface ReferralDetails {
  goal?: string;
  systems: string[];
  sensitivity?: string;
  timeline?: string;
  budget?: string;
  region?: string;
  language?: string;
}

export interface Referral {
  id: number;
  /** Natural key (one per consented submission): a retried submit returns the same referral. */
  key: string;
  requesterId: string;
  /** The requester's team (Slack team id, or a department) for duplicate linking. */
  teamId?: string;
  conversationId?: string;
  state: ReferralState;
  /** The redacted need the requester approved: what partners see. */
  summary: string;
  details: ReferralDetails;
  /** Ranked matches; offers go down this list. */
  candidates: ReferralCandidate[];
  /** Index into candidates of the current (or last) offer; -1 before the first. */
  offerIndex: number;
  firmId?: string;
  offeredAt?: Date;
  remindAt?: Date;
  slaDueAt?: Date;
  remindedAt?: Date;
  duplicateOf?: number;
  /** Set for referrals migrated from the escalations table. */
  escalationId?: number;
  consentAt: Date;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped by every transition (optimistic concurrency). */
  version: number;
  outcomeRating?: number;
  outcomeRecommend?: boolean;
}

export interface ReferralEvent {
  id: number;
  referralId: number;
  at: Date;
  /** Slack user id, or `system` (SLA sweep), or `migration`. */
  actor: string;
  from?: ReferralState;
  to: ReferralState;
  firmId?: string;
  reason?: string;
}

export type NewReferralEvent = Omit<ReferralEvent, "id" | "referralId">;

export type NewReferral = Omit<Referral, "id" | "version" | "updatedAt">;

type PatchKey =
  | "state" | "candidates" | "offerIndex" | "firmId" | "offeredAt" | "remindAt" | "slaDueAt" | "remindedAt"
  | "duplicateOf" | "outcomeRating" | "outcomeRecommend" | "summary" | "details";

/** Fields to set; `null` clears one (e.g. the reminder of an old offer). */
export type ReferralPatch = { [K in PatchKey]?: Referral[K] | null } & { updatedAt: Date };

/** Everything one transition writes together. */
export interface ReferralCreateChange extends Omit<ReferralChange, "outbox"> {
  /** Built from the inserted referral, so messages can carry its id. */
  outbox?: (referral: Referral) => NewOutboxMessage[];
}

export interface ReferralChange {
  /** Audit events, in order (a decline and the re-offer it causes are two). */
  events?: NewReferralEvent[];
  outbox?: NewOutboxMessage[];
  stats?: FirmStatsDelta[];
}

export interface ReferralFilter {
  states?: ReferralState[];
  requesterId?: string;
  teamId?: string;
  firmId?: string;
  createdSince?: Date;
  limit?: number;
}

export interface ReferralMessage {
  referralId: number;
  /** `dm`, or `card:<firmId>`. */
  target: string;
  channel: string;
  ts: string;
}

export interface ReferralStore {
  /** Creates the referral with its first event and messages, or returns the one with the same key. */
  create(referral: NewReferral, change: ReferralCreateChange): Promise<{ referral: Referral; created: boolean }>;
  get(id: number): Promise<Referral | undefined>;
  getByKey(key: string): Promise<Referral | undefined>;
  /**
   * Applies `patch` and `change` if the referral is still at `expectedVersion`; returns the updated referral,
   * or undefined when it moved on (the caller re-reads and decides again).
   */
  update(id: number, expectedVersion: number, patch: ReferralPatch, change: ReferralChange): Promise<Referral | undefined>;
  list(filter?: ReferralFilter): Promise<Referral[]>;
  /** Offered referrals whose reminder or SLA deadline is at or before `at`, oldest deadline first. */
  dueForSla(at: Date, limit: number): Promise<Referral[]>;
  events(referralId: number): Promise<ReferralEvent[]>;
  saveMessage(message: ReferralMessage): Promise<void>;
  messages(referralId: number): Promise<ReferralMessage[]>;
}

type Row = Record<string, unknown>;

const optDate = (v: unknown) => (v == null ? undefined : toDate(v));

export function mapReferral(row: Row): Referral {
  const r: Referral = {
    id: toId(row.id),
    key: row.key as string,
    requesterId: row.requester_id as string,
    state: row.state as ReferralState,
    summary: row.summary as string,
    details: fromJson<ReferralDetails>(row.details) ?? { systems: [] },
    candidates: fromJson<ReferralCandidate[]>(row.candidates) ?? [],
    offerIndex: Number(row.offer_index),
    consentAt: toDate(row.consent_at),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    version: Number(row.version),
  };
  if (row.team_id != null) r.teamId = row.team_id as string;
  if (row.conversation_id != null) r.conversationId = row.conversation_id as string;
  if (row.firm_id != null) r.firmId = row.firm_id as string;
  for (const [k, col] of [
    ["offeredAt", "offered_at"],
    ["remindAt", "remind_at"],
    ["slaDueAt", "sla_due_at"],
    ["remindedAt", "reminded_at"],
  ] as const) {
    const d = optDate(row[col]);
    if (d) r[k] = d;
  }
  if (row.duplicate_of != null) r.duplicateOf = toId(row.duplicate_of);
  if (row.escalation_id != null) r.escalationId = toId(row.escalation_id);
  if (row.outcome_rating != null) r.outcomeRating = Number(row.outcome_rating);
  if (row.outcome_recommend != null) r.outcomeRecommend = row.outcome_recommend === true || row.outcome_recommend === 1;
  return r;
}

export function mapReferralEvent(row: Row): ReferralEvent {
  const e: ReferralEvent = {
    id: toId(row.id),
    referralId: toId(row.referral_id),
    at: toDate(row.at),
    actor: row.actor as string,
    to: row.to_state as ReferralState,
  };
  if (row.from_state != null) e.from = row.from_state as ReferralState;
  if (row.firm_id != null) e.firmId = row.firm_id as string;
  if (row.reason != null) e.reason = row.reason as string;
  return e;
}

/** Patch field → column, and how each engine stores it. */
export const PATCH_COLUMNS: Record<keyof ReferralPatch, { column: string; kind: "text" | "int" | "date" | "json" | "bool" | "real" }> = {
  state: { column: "state", kind: "text" },
  candidates: { column: "candidates", kind: "json" },
  offerIndex: { column: "offer_index", kind: "int" },
  firmId: { column: "firm_id", kind: "text" },
  offeredAt: { column: "offered_at", kind: "date" },
  remindAt: { column: "remind_at", kind: "date" },
  slaDueAt: { column: "sla_due_at", kind: "date" },
  remindedAt: { column: "reminded_at", kind: "date" },
  duplicateOf: { column: "duplicate_of", kind: "int" },
  outcomeRating: { column: "outcome_rating", kind: "int" },
  outcomeRecommend: { column: "outcome_recommend", kind: "bool" },
  summary: { column: "summary", kind: "text" },
  details: { column: "details", kind: "json" },
  updatedAt: { column: "updated_at", kind: "date" },
};
