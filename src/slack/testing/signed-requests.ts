/**
 * Signs and sends requests the way Slack does (docs.slack.dev "Verifying requests from Slack"):
 * `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret.
 */
import { createHmac } from "node:crypto";

export function slackSignature(signingSecret: string, timestamp: string | number, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SignOptions {
  /** Unix seconds; default now. */
  timestamp?: number;
  contentType?: string;
  /** Extra headers (e.g. X-Slack-Retry-Num). */
  headers?: Record<string, string>;
}

export function signedHeaders(signingSecret: string, body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  return {
    "content-type": options.contentType ?? "application/json",
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": slackSignature(signingSecret, timestamp, body),
    ...options.headers,
  };
}

/** Body of an Events API delivery. */
export const eventBody = (envelope: object): { body: string; contentType: string } => ({ body: JSON.stringify(envelope), contentType: "application/json" });

/** Body of an interactivity delivery (block_actions, view_submission, shortcuts): form field `payload`. */
export const interactionBody = (payload: object): { body: string; contentType: string } => ({
  body: `payload=${encodeURIComponent(JSON.stringify(payload))}`,
  contentType: "application/x-www-form-urlencoded",
});

/** Body of a slash command delivery: form fields. */
export const commandBody = (fields: Record<string, string>): { body: string; contentType: string } => ({
  body: new URLSearchParams(fields).toString(),
  contentType: "application/x-www-form-urlencoded",
});

export interface SentRequest {
  status: number;
  text: string;
  /** Time until the response (the ack) arrived, ms. */
  ms: number;
}

/** POSTs a signed body to the app (`url` is the full events URL) and waits for its response. */
export async function postSigned(
  url: string,
  signingSecret: string,
  request: { body: string; contentType: string },
  options: Omit<SignOptions, "contentType"> & { signature?: string } = {},
): Promise<SentRequest> {
  const headers = signedHeaders(signingSecret, request.body, { ...options, contentType: request.contentType });
  if (options.signature) headers["x-slack-signature"] = options.signature;
  const started = performance.now();
  const res = await fetch(url, { method: "POST", headers, body: request.body });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - started };
}
