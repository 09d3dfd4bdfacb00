/**
 * Never silent: every failure gets a reference id that is both logged and shown to the user.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "../logging.ts";
import { buildFailureMessage } from "./blocks/notices.ts";
import type { Tell } from "./tell.ts";

/** A short id a user can quote ("PP-3f9a2c1d"); the same id is in the error log line. */
export function newReferenceId(): string {
  return `PP-${randomBytes(4).toString("hex")}`;
}

/**
 * Logs `error` with a new reference id and tells the user through `tell`, best effort (a failure to tell is
 * logged too). Returns the reference id.
 */
export async function reportFailure(logger: Logger, what: string, error: unknown, tell?: Tell): Promise<string> {
  const referenceId = newReferenceId();
  logger.error({ err: error, referenceId, what, slackError: slackErrorCode(error) }, `${what} failed (reference ${referenceId})`);
  if (tell) {
    try {
      await tell(buildFailureMessage(referenceId));
    } catch (tellError) {
      logger.error({ err: tellError, referenceId }, `could not tell the user about failure ${referenceId}`);
    }
  }
  return referenceId;
}

/** Slack API error code (`not_in_channel`, `channel_not_found`, …) of a web-api error, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === "string" ? data.error : undefined;
}

/** Errors meaning the bot cannot post where it was asked to (not a member, or a conversation it cannot see). */
export function isCannotPostHere(error: unknown): boolean {
  const code = slackErrorCode(error);
  return code === "not_in_channel" || code === "channel_not_found" || code === "is_archived";
}

/** Runs a listener body; any error is logged with a reference id and the user is told through `tell`. */
export async function guarded(logger: Logger, what: string, tell: Tell | undefined, body: () => Promise<unknown>): Promise<void> {
  try {
    await body();
  } catch (err) {
    await reportFailure(logger, what, err, tell);
  }
}
