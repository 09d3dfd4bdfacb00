/**
 * Signed partner webhooks, signed the way Slack signs its own requests: `v0=` + hex HMAC-SHA256 of
 * `v0:{timestamp}:{body}` with the shared secret, sent with the timestamp, so a partner verifies with the same
 * few lines it already has for Slack (and rejects timestamps older than five minutes, stopping replays).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { PermanentDeliveryError, RetryLaterError } from "./OutboxWorker.ts";

export const SIGNATURE_HEADER = "x-partnerpilot-signature";
export const TIMESTAMP_HEADER = "x-partnerpilot-request-timestamp";
/** The outbox key: the same delivery retried carries the same id, so a receiver can drop repeats. */
export const DELIVERY_HEADER = "x-partnerpilot-delivery";

export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestampSeconds}:${body}`).digest("hex")}`;
}

/** For partners and tests: true when the signature matches and the timestamp is within `toleranceSeconds`. */
export function verifyWebhook(
  secret: string,
  headers: { signature?: string; timestamp?: string },
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(ts) || Math.abs(nowSeconds - ts) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export interface WebhookDelivery {
  url: string;
  /** The exact bytes sent and signed. */
  body: string;
  deliveryId: string;
  secret: string;
  now: Date;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * POSTs a signed webhook. 2xx is delivered; 408, 429 and 5xx and network errors are retried (429 honours
 * Retry-After); any other status is permanent (the partner's endpoint refuses it; retrying will not help).
 */
export async function deliverWebhook(d: WebhookDelivery): Promise<void> {
  const timestamp = Math.floor(d.now.getTime() / 1000);
  const doFetch = d.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(d.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        [SIGNATURE_HEADER]: signWebhook(d.secret, timestamp, d.body),
        [TIMESTAMP_HEADER]: String(timestamp),
        [DELIVERY_HEADER]: d.deliveryId,
      },
      body: d.body,
      signal: AbortSignal.timeout(d.timeoutMs ?? 10_000),
      redirect: "error",
    });
  } catch (err) {
    throw new Error(`webhook to ${hostOf(d.url)} failed: ${(err as Error).message}`, { cause: err });
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.ok) return;
  const where = `webhook to ${hostOf(d.url)} answered ${response.status}`;
  if (response.status === 429) {
    const after = Number(response.headers.get("retry-after"));
    throw new RetryLaterError(where, Number.isFinite(after) && after > 0 ? after * 1000 : 60_000);
  }
  if (response.status === 408 || response.status >= 500) throw new Error(where);
  throw new PermanentDeliveryError(where);
}

/** The host only: webhook URLs may carry tokens in their path or query, which logs must not. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "(invalid URL)";
  }
}
