import { redactText } from "../redaction.ts";

/** Base class of the errors the LLM side raises; the caller falls back to the offline path on any of them. */
export class LlmError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "LlmError";
  }
}

/** The reply's [n] markers are missing or point outside the passages given. */
export class InvalidCitationError extends LlmError {
  readonly code = "invalid_citation";
  constructor(
    message: string,
    /** Markers outside 1..passageCount (empty when there was no marker at all). */
    readonly invalid: number[],
    readonly passageCount: number,
  ) {
    super(message);
    this.name = "InvalidCitationError";
  }
}

/** The model answered, but not in the shape asked for (e.g. structured output that fails the schema). */
export class InvalidReplyError extends LlmError {
  readonly code = "invalid_reply";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "InvalidReplyError";
  }
}

export type FailureKind =
  | "auth"
  | "forbidden"
  | "not_found"
  | "bad_request"
  | "rate_limit"
  | "quota"
  | "server"
  | "timeout"
  | "connection"
  | "cancelled"
  | "config"
  | "other";

/** The provider could not be used (after retries); `hint` says which setting to check. */
export class LlmUnavailableError extends LlmError {
  readonly code = "llm_unavailable";
  constructor(
    message: string,
    readonly kind: FailureKind,
    readonly hint: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LlmUnavailableError";
  }
}

/** What went wrong in one provider call, and whether trying again may help. */
export interface FailureInfo {
  kind: FailureKind;
  status?: number;
  retryable: boolean;
  /** Server's Retry-After / retry-after-ms, when it sent one. */
  retryAfterMs?: number;
  /** Network error code found in the cause chain (ECONNREFUSED, ENOTFOUND, ...). */
  networkCode?: string;
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);

function prop(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function statusOf(err: unknown): number | undefined {
  const s = prop(err, "status") ?? prop(err, "statusCode") ?? prop(prop(err, "response"), "status");
  return typeof s === "number" ? s : undefined;
}

function errorCodeOf(err: unknown): string | undefined {
  const c = prop(err, "code") ?? prop(prop(err, "error"), "code");
  return typeof c === "string" ? c : undefined;
}

function header(err: unknown, name: string): string | undefined {
  const headers = prop(err, "headers") ?? prop(prop(err, "response"), "headers");
  if (!headers || typeof headers !== "object") return undefined;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === "string" ? v : undefined;
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds. */
export function retryAfterMs(err: unknown): number | undefined {
  const ms = header(err, "retry-after-ms");
  if (ms !== undefined && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const ra = header(err, "retry-after");
  if (ra === undefined || ra.trim() === "") return undefined;
  const seconds = Number(ra);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function networkCodeOf(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 6; depth++) {
    const code = prop(e, "code");
    if (typeof code === "string" && NETWORK_CODES.has(code)) return code;
    const errors = prop(e, "errors"); // AggregateError (IPv4 + IPv6 attempts)
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const c = networkCodeOf(inner);
        if (c) return c;
      }
    }
    e = prop(e, "cause");
  }
  return undefined;
}

function nameOf(err: unknown): string {
  const ctor = prop(err, "constructor");
  const ctorName = typeof ctor === "function" ? ctor.name : "";
  return `${ctorName} ${String(prop(err, "name") ?? "")}`;
}

/**
 * Classifies an error from a ChatOpenAI call. Retryable: timeouts, connection failures, 408, 409, 429 (not
 * when the account is out of quota) and 5xx. Not retryable: other 4xx, replies that fail parsing, aborts.
 */
export function classifyFailure(err: unknown): FailureInfo {
  const status = statusOf(err);
  const names = nameOf(err);
  const message = String(prop(err, "message") ?? "");
  if (status !== undefined) {
    if (status === 401) return { kind: "auth", status, retryable: false };
    if (status === 403) return { kind: "forbidden", status, retryable: false };
    if (status === 404) return { kind: "not_found", status, retryable: false };
    if (status === 429) {
      if (errorCodeOf(err) === "insufficient_quota" || /insufficient[_ ]quota|exceeded your current quota/i.test(message)) {
        return { kind: "quota", status, retryable: false };
      }
      return { kind: "rate_limit", status, retryable: true, retryAfterMs: retryAfterMs(err) };
    }
    if (status === 408) return { kind: "timeout", status, retryable: true, retryAfterMs: retryAfterMs(err) };
    if (status === 409) return { kind: "server", status, retryable: true, retryAfterMs: retryAfterMs(err) };
    if (status >= 500) return { kind: "server", status, retryable: true, retryAfterMs: retryAfterMs(err) };
    if (status >= 400) return { kind: "bad_request", status, retryable: false };
  }
  if (/APIUserAbortError|AbortError/.test(names)) return { kind: "cancelled", retryable: false };
  if (/APIConnectionTimeoutError|TimeoutError/.test(names) || /^Request timed out/i.test(message)) {
    return { kind: "timeout", retryable: true };
  }
  const networkCode = networkCodeOf(err);
  if (/APIConnectionError/.test(names) || networkCode) {
    if (networkCode === "ETIMEDOUT" || networkCode === "UND_ERR_CONNECT_TIMEOUT") return { kind: "timeout", retryable: true, networkCode };
    return { kind: "connection", retryable: true, networkCode };
  }
  return { kind: "other", retryable: false };
}

export interface ProviderContext {
  model: string;
  baseURL?: string;
  timeoutMs: number;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** The operator-facing hint for a failure: which setting to check. */
export function hintFor(info: FailureInfo, ctx: ProviderContext): string {
  const base = ctx.baseURL ?? DEFAULT_BASE_URL;
  switch (info.kind) {
    case "auth":
      return "check OPENAI_API_KEY: the provider rejected the key";
    case "forbidden":
      return `check OPENAI_API_KEY: the key has no access to model "${ctx.model}" or to this project`;
    case "not_found":
      return `check OPENAI_MODEL: model "${ctx.model}" was not found at ${base} (if the model is right, check that OPENAI_BASE_URL ends in /v1)`;
    case "bad_request":
      return `the provider rejected the request; check that OPENAI_MODEL ("${ctx.model}") is a chat model`;
    case "rate_limit":
      return "the provider is rate-limiting requests; try again shortly or raise the account's rate limit";
    case "quota":
      return "the account behind OPENAI_API_KEY is out of quota; check its billing";
    case "server":
      return "the provider returned a server error; try again later";
    case "timeout":
      return `no answer within ${ctx.timeoutMs} ms; check OPENAI_BASE_URL (${base}) and the network`;
    case "connection":
      if (info.networkCode === "ECONNREFUSED") return `check OPENAI_BASE_URL: connection refused at ${base} (is the server running?)`;
      if (info.networkCode === "ENOTFOUND" || info.networkCode === "EAI_AGAIN") return `check OPENAI_BASE_URL: host of ${base} not found`;
      return `check OPENAI_BASE_URL (${base}) and the network: the connection failed`;
    case "cancelled":
      return "the request was cancelled";
    case "config":
      return "set OPENAI_API_KEY (or OPENAI_BASE_URL for a local OpenAI-compatible server)";
    default:
      return "see the cause for details";
  }
}

/** Wraps a provider failure in LlmUnavailableError; the message is redacted and names the hint. */
export function toUnavailable(err: unknown, ctx: ProviderContext, attempts = 1): LlmUnavailableError {
  if (err instanceof LlmUnavailableError) return err;
  const info = classifyFailure(err);
  const hint = hintFor(info, ctx);
  const raw = err instanceof Error ? err.message : String(err);
  // Provider messages can echo parts of the key or the request; keep the first line, redacted.
  const detail = redactText(raw.split("\n")[0] ?? "").slice(0, 300);
  const what = info.status ? `HTTP ${info.status}` : info.networkCode ?? info.kind;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
  return new LlmUnavailableError(`LLM unavailable (${what})${tries}: ${detail} — ${hint}`, info.kind, hint, info.status, { cause: err });
}
