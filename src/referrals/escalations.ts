/**
 * "Talk to a partner" before the referral lifecycle exists: record who needs what and why (committed first,
 * idempotent by key), then notify, then mark notified. No Slack imports: the surfaces call this.
 */
import { redactText } from "../assistant/redaction.ts";
import type { Clock } from "../clock.ts";
import type { Escalation, Store } from "../store/Store.ts";
import type { Notifier } from "./notifier.ts";

/** Longest need kept: one paragraph. */
export const NEED_MAX_CHARS = 1500;

export interface EscalationRequest {
  userId: string;
  /** Thread the need came from (`channel:thread_ts`), if any. */
  conversationId?: string;
  /** The need in the requester's words (redacted and collapsed to one paragraph here). */
  need: string;
  reasons: string[];
  partners: { id: string; name: string; score: number }[];
  /**
   * Natural key: the same key again returns the existing escalation. Defaults to one per user and thread
   * (`conversationId:userId`); callers without a thread pass something unique to the request.
   */
  key?: string;
}

export interface EscalationOutcome {
  escalation: Escalation;
  /** False when the key already existed (a retried click, a second request in the same thread). */
  created: boolean;
  notified: boolean;
  /** Set when notifying failed; the escalation is recorded and stays open. */
  notifyError?: unknown;
  /** What to tell the requester, in Slack mrkdwn-safe plain words. */
  reply: string;
}

export class EscalationInputError extends Error {
  readonly code = "escalation_invalid";
  constructor(message: string) {
    super(message);
    this.name = "EscalationInputError";
  }
}

/** Collapses whitespace to one paragraph, masks personal data, and caps the length. */
export function summariseNeed(need: string): string {
  const one = redactText(need).replace(/\s+/g, " ").trim();
  return one.length <= NEED_MAX_CHARS ? one : `${one.slice(0, NEED_MAX_CHARS - 1)}…`;
}

export async function recordEscalation(
  store: Store,
  notifier: Notifier,
  input: EscalationRequest,
  clock: Clock,
): Promise<EscalationOutcome> {
  const need = summariseNeed(input.need);
  if (need.length === 0) throw new EscalationInputError("The need is empty: say in a sentence what you need help with.");
  const key = input.key ?? `${input.conversationId ?? "direct"}:${input.userId}`;
  const reasons = input.reasons.length > 0 ? input.reasons : ["Requested by the employee"];
  const { escalation, created } = await store.createEscalation({
    key,
    userId: input.userId,
    conversationId: input.conversationId,
    need,
    reasons,
    partners: input.partners.map((p) => ({ id: p.id, name: p.name, score: p.score })),
    at: clock(),
  });

  if (escalation.status !== "open") {
    return {
      escalation,
      created,
      notified: true,
      reply: `You already asked for a partner here (escalation #${escalation.id}); the Partner Management Office has it and will contact you.`,
    };
  }

  try {
    await notifier.notifyEscalation(escalation);
  } catch (notifyError) {
    return {
      escalation,
      created,
      notified: false,
      notifyError,
      reply: `I've recorded your request (escalation #${escalation.id}), but could not reach the partner team just now. It is saved and will be passed on; you don't need to ask again.`,
    };
  }
  const at = clock();
  await store.markEscalationNotified(escalation.id, at);
  return {
    escalation: { ...escalation, status: "notified", notifiedAt: at },
    created,
    notified: true,
    reply: `Thanks, I've passed this to the Partner Management Office (escalation #${escalation.id}). A partner manager will match it with a certified implementation partner and contact you here in Slack.`,
  };
}

export interface NotificationRetryOptions {
  /**
   * Only escalations at least this old are retried: the first attempt may still be running (the Slack client
   * retries for up to ~80 s, longer when Slack asks it to wait). Default 5 min.
   */
  minAgeMs?: number;
  /** Across all replicas, at most one attempt per escalation per slot of this length. Default 5 min. */
  slotMs?: number;
  /** Most escalations looked at per sweep (the newest open ones). Default 500. */
  limit?: number;
}

export interface NotificationRetryOutcome {
  attempted: number;
  notified: number;
  failed: number;
}

/**
 * Delivers escalations that were recorded but never notified: the first attempt failed (Slack down, channel
 * not reachable) or the process stopped between recording and notifying. Each attempt is claimed in the store
 * first (`escalation-notify:<id>:<slot>`), so several replicas sweeping at once make one attempt per escalation
 * per slot. Delivery is at least once: a crash between posting and marking it notified posts it again later.
 */
export async function retryPendingNotifications(
  store: Store,
  notifier: Notifier,
  clock: Clock,
  options: NotificationRetryOptions = {},
): Promise<NotificationRetryOutcome> {
  const now = clock();
  const minAgeMs = options.minAgeMs ?? 5 * 60_000;
  const slot = Math.floor(now.getTime() / (options.slotMs ?? 5 * 60_000));
  const open = await store.listEscalations({ status: "open", limit: options.limit ?? 500 });
  const outcome: NotificationRetryOutcome = { attempted: 0, notified: 0, failed: 0 };
  // Oldest first: the people who have waited longest.
  for (const escalation of open.reverse()) {
    if (now.getTime() - escalation.at.getTime() < minAgeMs) continue;
    if (!(await store.claimEvent(`escalation-notify:${escalation.id}:${slot}`, now))) continue;
    outcome.attempted++;
    try {
      await notifier.notifyEscalation(escalation);
    } catch {
      outcome.failed++;
      continue;
    }
    await store.markEscalationNotified(escalation.id, clock());
    outcome.notified++;
  }
  return outcome;
}
