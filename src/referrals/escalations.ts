/**
 * "Talk to a partner" before the referral lifecycle exists: record who needs what and why (committed first,
 * idempotent by key), then notify, then mark notified. No Slack imports: the surfaces call this.
 */
import { redactText } from "../assistant/redaction.ts";
import type { Clock } from "../clock.ts";
import type { Escalation, Store } from "../store/Store.ts";
import { OutboxWorker } from "../outbox/OutboxWorker.ts";
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

/** The outbox kind of an escalation's post to the partner team (one message per escalation). */
export const ESCALATION_POST = "escalation.post";

const postKey = (id: number) => `escalation-post:${id}`;

/** The escalation as an outbox payload (JSON: the instant travels as ISO text). */
function toPayload(e: Escalation): unknown {
  return { ...e, at: e.at.toISOString(), notifiedAt: e.notifiedAt?.toISOString() };
}

function fromPayload(payload: unknown): Escalation {
  const p = payload as Escalation & { at: string; notifiedAt?: string };
  return { ...p, at: new Date(p.at), ...(p.notifiedAt ? { notifiedAt: new Date(p.notifiedAt) } : {}) } as Escalation;
}

export interface EscalationDeliveryOptions {
  /** Outbox retry schedule of a failed post: first delay (default 60 s), doubling; attempts (default 10). */
  baseBackoffMs?: number;
  maxAttempts?: number;
}

/** An outbox worker for escalation posts only: posts, then marks the escalation notified. */
function escalationWorker(store: Store, notifier: Notifier, clock: Clock, options: EscalationDeliveryOptions, onError?: (id: number, err: unknown) => void): OutboxWorker {
  return new OutboxWorker({
    outbox: store.outbox,
    clock,
    baseBackoffMs: options.baseBackoffMs ?? 60_000,
    maxAttempts: options.maxAttempts ?? 10,
    handlers: {
      [ESCALATION_POST]: async (message) => {
        const escalation = fromPayload(message.payload);
        try {
          await notifier.notifyEscalation(escalation);
        } catch (err) {
          onError?.(escalation.id, err);
          throw err;
        }
        await store.markEscalationNotified(escalation.id, clock());
      },
    },
  });
}

/**
 * Records the escalation (committed first, idempotent by key), then its post to the partner team goes through
 * the outbox: one message per escalation, so two submits at once (a double click, two replicas) post once; the
 * submit that enqueued it tries at once, and a failed post is retried by the outbox with backoff.
 */
export async function recordEscalation(
  store: Store,
  notifier: Notifier,
  input: EscalationRequest,
  clock: Clock,
  options: EscalationDeliveryOptions = {},
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

  const enqueued = await store.outbox.enqueue({ kind: ESCALATION_POST, key: postKey(escalation.id), payload: toPayload(escalation) }, clock());
  let notifyError: unknown;
  if (enqueued.created || enqueued.message.state === "pending") {
    // Delivers what is due (ours, unless another submit holds it right now, or its retry is not due yet).
    await escalationWorker(store, notifier, clock, options, (id, err) => {
      if (id === escalation.id) notifyError = err;
    }).runOnce();
  }
  const message = await store.outbox.get(postKey(escalation.id));
  if (message?.state === "done") {
    const at = clock();
    return {
      escalation: { ...escalation, status: "notified", notifiedAt: escalation.notifiedAt ?? at },
      created,
      notified: true,
      reply: `Thanks, I've passed this to the Partner Management Office (escalation #${escalation.id}). A partner manager will match it with a certified implementation partner and contact you here in Slack.`,
    };
  }
  return {
    escalation,
    created,
    notified: false,
    ...(notifyError !== undefined ? { notifyError } : {}),
    reply: notifyError
      ? `I've recorded your request (escalation #${escalation.id}), but could not reach the partner team just now. It is saved and will be passed on; you don't need to ask again.`
      : `I've recorded your request (escalation #${escalation.id}); it is being passed on to the Partner Management Office. You don't need to ask again.`,
  };
}

export interface NotificationRetryOptions extends EscalationDeliveryOptions {
  /**
   * Open escalations without an outbox message (recorded before the outbox, or the process stopped between
   * recording and enqueueing) are enqueued once at least this old. Default 5 min.
   */
  minAgeMs?: number;
  /** Most open escalations looked at per sweep (the newest). Default 500. */
  limit?: number;
}

export interface NotificationRetryOutcome {
  attempted: number;
  notified: number;
  failed: number;
}

/**
 * The sweep every replica runs: enqueues open escalations that have no post message yet, then delivers every
 * escalation post that is due (first attempts that failed are retried with the outbox's backoff). The outbox
 * claim makes each attempt happen on one replica only.
 */
export async function retryPendingNotifications(
  store: Store,
  notifier: Notifier,
  clock: Clock,
  options: NotificationRetryOptions = {},
): Promise<NotificationRetryOutcome> {
  const now = clock();
  const minAgeMs = options.minAgeMs ?? 5 * 60_000;
  for (const escalation of await store.listEscalations({ status: "open", limit: options.limit ?? 500 })) {
    if (now.getTime() - escalation.at.getTime() < minAgeMs) continue;
    await store.outbox.enqueue({ kind: ESCALATION_POST, key: postKey(escalation.id), payload: toPayload(escalation) }, now);
  }
  const outcome = await escalationWorker(store, notifier, clock, options).drain();
  return { attempted: outcome.claimed, notified: outcome.done, failed: outcome.retried + outcome.dead };
}
