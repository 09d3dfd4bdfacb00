/**
 * What a referral change sends, as outbox messages (never sent directly): the partner's card, the requester's
 * DM, a reminder, the partner's webhook, the PMO's notice and the outcome survey. Payloads carry ids; the
 * handlers render from the referral as it is when they run, so a retried message shows the latest state.
 * Webhook bodies are fixed at enqueue (the exact signed bytes) and name the requester only after acceptance.
 */
import type { NewOutboxMessage } from "../store/outbox.ts";
import type { Referral } from "../store/referrals.ts";
import { mayIdentifyRequester } from "./lifecycle.ts";

export const REFERRAL_KINDS = {
  card: "referral.card",
  dm: "referral.dm",
  reminder: "referral.reminder",
  webhook: "referral.webhook",
  pmo: "referral.pmo",
  survey: "referral.survey",
} as const;

export interface CardPayload {
  referralId: number;
  firmId: string;
}
export interface DmPayload {
  referralId: number;
}
export interface WebhookPayload {
  referralId: number;
  firmId: string;
  url: string;
  body: string;
}
export interface PmoPayload {
  referralId: number;
  reason: string;
}

/** Outbox keys are unique per referral version, so each transition's messages are enqueued once. */
const key = (r: Referral, what: string) => `${r.key}#${r.version}:${what}`;

export function cardMessage(r: Referral, firmId: string): NewOutboxMessage {
  return { kind: REFERRAL_KINDS.card, key: key(r, `card:${firmId}`), payload: { referralId: r.id, firmId } satisfies CardPayload };
}

export function dmMessage(r: Referral): NewOutboxMessage {
  return { kind: REFERRAL_KINDS.dm, key: key(r, "dm"), payload: { referralId: r.id } satisfies DmPayload };
}

export function reminderMessage(r: Referral, firmId: string): NewOutboxMessage {
  return { kind: REFERRAL_KINDS.reminder, key: key(r, `reminder:${firmId}`), payload: { referralId: r.id, firmId } satisfies CardPayload };
}

export function pmoMessage(r: Referral, reason: string): NewOutboxMessage {
  return { kind: REFERRAL_KINDS.pmo, key: key(r, "pmo"), payload: { referralId: r.id, reason } satisfies PmoPayload };
}

export function surveyMessage(r: Referral): NewOutboxMessage {
  return { kind: REFERRAL_KINDS.survey, key: key(r, "survey"), payload: { referralId: r.id } satisfies DmPayload };
}

/** The webhook for `firmId` about `r` in its new state (undefined when the firm has no webhook). */
export function webhookMessage(r: Referral, firmId: string, url: string | undefined, at: Date): NewOutboxMessage | undefined {
  if (!url) return undefined;
  const identified = mayIdentifyRequester(r, firmId);
  const body = JSON.stringify({
    event: `referral.${r.firmId === firmId ? r.state : "withdrawn_from_you"}`,
    at: at.toISOString(),
    referral: {
      id: r.id,
      state: r.state,
      summary: r.summary,
      details: r.details,
      ...(identified ? { requester: { slackUserId: r.requesterId } } : {}),
      ...(r.slaDueAt && r.state === "offered" ? { respondBy: r.slaDueAt.toISOString() } : {}),
    },
  });
  return { kind: REFERRAL_KINDS.webhook, key: key(r, `webhook:${firmId}`), payload: { referralId: r.id, firmId, url, body } satisfies WebhookPayload };
}
