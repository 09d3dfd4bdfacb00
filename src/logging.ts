import { pino, destination as pinoDestination, type Logger, type LoggerOptions, type DestinationStream } from "pino";

export type { Logger };

/**
 * The one logger. Secrets are censored by path wherever they might appear in a logged object; message text
 * is never logged at info level by callers (log lengths and ids instead).
 */
export function createLogger(level: string = "info", destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { app: "partnerpilot" },
    redact: {
      paths: [
        "token",
        "*.token",
        "botToken",
        "*.botToken",
        "appToken",
        "*.appToken",
        "signingSecret",
        "*.signingSecret",
        "apiKey",
        "*.apiKey",
        "authorization",
        "*.authorization",
        "headers.authorization",
        "*.headers.authorization",
        "databaseUrl",
        "*.databaseUrl",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options, pinoDestination(2));
}

/** A logger that discards everything (tests, benchmarks). */
export const silentLogger: Logger = pino({ level: "silent" });
