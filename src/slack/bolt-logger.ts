import type { Logger as BoltLogger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import type { Logger } from "../logging.ts";

/**
 * Debug lines of Bolt, the Web API client and the socket-mode client that would print whole payloads (users'
 * messages, answers, incoming envelopes): only their first words are kept, so LOG_LEVEL=debug stays usable in
 * production without copying conversations into the logs.
 */
const PAYLOAD_LINE =
  /^(Received a message on the WebSocket|Unable to parse an incoming WebSocket message|http request body|http request result|Calling ack\(\) - type: \S+, envelope_id: \S+, data)\b[:,]?[\s\S]*$/;

/** A debug line without its payload (see PAYLOAD_LINE); other lines unchanged. */
export function withoutPayload(text: string): string {
  const m = PAYLOAD_LINE.exec(text);
  return m ? `${m[1]} (payload not logged)` : text;
}

/**
 * Bolt and the Web API client log through the app's one pino logger. Their level follows LOG_LEVEL, not
 * Bolt's own setting (setLevel is ignored).
 */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: "bolt" });
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...msgs: unknown[]) => {
      const err = msgs.find((m) => m instanceof Error);
      const joined = msgs.filter((m) => !(m instanceof Error)).map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
      const text = level === "debug" ? withoutPayload(joined) : joined;
      if (err) child[level]({ err }, text || (err as Error).message);
      else child[level](text);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => undefined,
    getLevel: () => {
      const l = logger.level;
      if (l === "debug" || l === "trace") return LogLevel.DEBUG;
      if (l === "info") return LogLevel.INFO;
      if (l === "warn") return LogLevel.WARN;
      return LogLevel.ERROR;
    },
    setName: () => undefined,
  };
}
