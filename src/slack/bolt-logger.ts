import type { Logger as BoltLogger } from "@slack/bolt";
import { LogLevel } from "@slack/bolt";
import type { Logger } from "../logging.ts";

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
      const text = msgs.filter((m) => !(m instanceof Error)).map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ");
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
