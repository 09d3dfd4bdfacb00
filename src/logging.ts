import { pino, destination as pinoDestination, type Logger, type LoggerOptions, type DestinationStream } from "pino";
import { redactText } from "./assistant/redaction.ts";

export type { Logger };

const REDACTED = "[redacted]";

/**
 * Keys whose values never reach a log line, at any depth, whatever their case: credentials, and the fields that
 * carry what people wrote (request bodies, message text, blocks, payloads). The Web API client's errors keep
 * the request they failed on (`original.config.headers.Authorization`, `config.data` with the question): this is
 * what catches them if they ever get past {@link serializeError}.
 */
const SECRET_KEY = /authorization|cookie|token|secret|password|passwd|api[-_]?key|signature|credential|database_?url/i;
const BODY_KEYS = new Set(["text", "data", "body", "blocks", "question", "payload", "markdown_text", "need", "answer", "rawbody", "config", "request", "response"]);

/** Deepest nesting copied into a log line; deeper values are replaced by a marker. */
const MAX_DEPTH = 6;

export interface LogScrubOptions {
  /** Exact strings (tokens, signing secret, API key, database password) removed from every logged string. */
  secrets?: readonly string[];
}

/** Removes known secrets, then token-shaped strings and personal data (redaction.ts), from `text`. */
export function scrubText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4 && out.includes(s)) out = out.split(s).join(REDACTED);
  // Bearer values and Slack tokens even when they carry no digit (redaction.ts keeps digit-free look-alikes).
  out = out.replace(/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, `$1${REDACTED}`).replace(/(?<![\w-])(?:xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]{4,}/g, REDACTED);
  return redactText(out);
}

/**
 * The one error serialiser: keeps what helps to diagnose (type, message, code, HTTP status, Slack's error code,
 * system call, stack, cause) and nothing else, so the request an HTTP client attached to its error (headers,
 * body) never reaches a log. Strings are scrubbed like every logged string.
 */
export function serializeError(error: unknown, secrets: readonly string[] = [], depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: scrubText(String(error), secrets) };
  const e = error as Error & {
    code?: unknown;
    errno?: unknown;
    syscall?: unknown;
    status?: unknown;
    statusCode?: unknown;
    retryAfter?: unknown;
    data?: { error?: unknown };
    original?: { code?: unknown; message?: unknown };
  };
  const out: Record<string, unknown> = { type: e.name, message: scrubText(e.message ?? "", secrets) };
  for (const key of ["code", "errno", "syscall", "status", "statusCode", "retryAfter"] as const) {
    const v = e[key];
    if (typeof v === "string" || typeof v === "number") out[key] = typeof v === "string" ? scrubText(v, secrets) : v;
  }
  if (typeof e.data?.error === "string") out.slackError = e.data.error;
  if (typeof e.original?.code === "string") out.originalCode = e.original.code;
  if (e.stack) out.stack = scrubText(e.stack, secrets);
  if (e.cause !== undefined && depth < 3) out.cause = serializeError(e.cause, secrets, depth + 1);
  return out;
}

/** A copy of `value` safe to log: errors serialised, secret and body keys redacted, strings scrubbed. */
export function scrubForLog(value: unknown, secrets: readonly string[] = [], depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === "string") return scrubText(value, secrets);
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Error) return serializeError(value, secrets);
  if (value instanceof Date) return value;
  if (seen.has(value)) return "[circular]";
  if (depth >= MAX_DEPTH) return "[too deep]";
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => scrubForLog(v, secrets, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEY.test(key) || BODY_KEYS.has(key.toLowerCase())) out[key] = v === undefined || v === null ? v : REDACTED;
    else out[key] = scrubForLog(v, secrets, depth + 1, seen);
  }
  return out;
}

/**
 * The one logger. Every logged object goes through {@link scrubForLog} (credentials and message bodies removed at
 * any depth, errors through {@link serializeError}) and every message string through {@link scrubText}, so no
 * path, at any level, writes a token, a secret or what a person wrote.
 */
export function createLogger(level: string = "info", destination?: DestinationStream, scrub: LogScrubOptions = {}): Logger {
  const secrets = (scrub.secrets ?? []).filter((s): s is string => typeof s === "string" && s.length >= 4);
  const options: LoggerOptions = {
    level,
    base: { app: "partnerpilot" },
    serializers: { err: (e: unknown) => (e instanceof Error ? serializeError(e, secrets) : scrubForLog(e, secrets)) },
    formatters: {
      log: (obj) => scrubForLog(obj, secrets) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        const safe = args.map((a) => (typeof a === "string" ? scrubText(a, secrets) : a));
        return method.apply(this, safe as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options, pinoDestination(2));
}

/** The configured secrets every log line is scrubbed of (tokens, signing secret, API key, database password). */
export function secretsOf(config: {
  slack: { enabled: boolean; botToken?: string; appToken?: string; signingSecret?: string };
  openai: { apiKey?: string };
  databaseUrl?: string;
}): string[] {
  const out: (string | undefined)[] = [config.openai.apiKey];
  if (config.slack.enabled) out.push(config.slack.botToken, config.slack.appToken, config.slack.signingSecret);
  if (config.databaseUrl) {
    try {
      const password = new URL(config.databaseUrl).password;
      out.push(password, password && decodeURIComponent(password));
    } catch {
      /* an unparseable URL never reaches here: config validated it */
    }
  }
  return out.filter((s): s is string => typeof s === "string" && s.length >= 4);
}

/** A logger that discards everything (tests, benchmarks). */
export const silentLogger: Logger = pino({ level: "silent" });
