/**
 * Global middleware, in order: let pending requests be acked first, run every event as durable inbox work
 * (src/slack/inbox/: Slack's retries and other replicas never process an event twice, and a dead process's
 * events are taken over), then drop noise (edits, joins, other bots). Bolt's own ignoreSelf runs before all.
 */
import { setImmediate as nextLoopTurn } from "node:timers/promises";
import type { AnyMiddlewareArgs, Middleware } from "@slack/bolt";
import type { SlackServices } from "./services.ts";

/**
 * Bolt acks an Events API request before any middleware runs; the work that follows would otherwise run
 * straight on in the same turn of the event loop, ahead of other requests already waiting to be read. Moving
 * it to the next turn lets a burst of events all be acked first (interactive payloads are acked by their
 * listeners, so they are not delayed).
 */
export const yieldAfterAck: Middleware<AnyMiddlewareArgs> = async ({ body, next }) => {
  if ((body as { type?: string }).type === "event_callback") await nextLoopTurn();
  await next();
};

/** Message subtypes that are still a person talking to us; every other subtype (edits, joins, …) is ignored. */
const HUMAN_SUBTYPES = new Set(["thread_broadcast", "file_share"]);

interface EventLike {
  type?: string;
  subtype?: string;
  bot_id?: string;
  hidden?: boolean;
}

/** True for events that should never reach a listener: bot messages, edits, deletions, joins, hidden messages. */
export function isNoise(event: EventLike): boolean {
  if (event.type !== "message" && event.type !== "app_mention") return false;
  if (event.bot_id) return true;
  if (event.hidden) return true;
  return event.subtype !== undefined && !HUMAN_SUBTYPES.has(event.subtype);
}

export function ignoreNoise(services: SlackServices): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => {
    const event = (body as { event?: EventLike }).event;
    if (event && isNoise(event)) {
      services.logger.debug({ type: event.type, subtype: event.subtype, bot: Boolean(event.bot_id) }, "ignored event");
      return;
    }
    await next();
  };
}
