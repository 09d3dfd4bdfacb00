/**
 * Posts a reply at most once per reply key. chat.postMessage is not idempotent: a request that times out may
 * have been posted all the same, and the Web API client's own retry would post it twice. So replies go through a
 * client that never retries by itself; each post carries the key as message metadata, and before posting again
 * after an answer that leaves doubt (a timeout, a dropped connection, a 5xx), and on every re-run of an event
 * (after a crash), the conversation is read for a message with that key; if there is one, it is the reply.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../logging.ts";
import type { InboxWork } from "./inbox/Inbox.ts";
import { slackErrorCode } from "./failure.ts";
import type { WebClient } from "./services.ts";

export const REPLY_EVENT_TYPE = "partnerpilot_reply";

export interface ReplyKey {
  /** Unique per reply (e.g. `msg:C123:1700000000.000100`): the question it answers. */
  key: string;
  /** Look for an earlier post with this key before posting (a re-run: the previous attempt may have posted). */
  recheck: boolean;
  /** Runs right before each new post; throws when this worker may no longer post (its inbox lease was lost). */
  guard?: () => Promise<void>;
}

export interface Posted {
  channel: string;
  ts: string;
  /** True when an earlier post with the key was found instead of posting. */
  found: boolean;
}

export interface ReplyPosterOptions {
  /** A client with retries turned off (`retryConfig: { retries: 0 }`): the poster decides when to post again. */
  postClient: WebClient;
  /** Reads conversations (retries are harmless for reads). */
  readClient: WebClient;
  logger: Logger;
  /** Posts tried before giving up (default 4). */
  attempts?: number;
  /** First pause between attempts, doubled each time (default 500 ms; a 429's Retry-After wins). */
  backoffMs?: number;
}

/** Web API failures worth another try: network errors, timeouts, HTTP 5xx, rate limits, Slack's transient codes. */
export function isTransientSlackError(error: unknown): boolean {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (e?.code === "slack_webapi_request_error" || e?.code === "slack_webapi_rate_limited_error") return true;
  if (e?.code === "slack_webapi_http_error") return typeof e.statusCode === "number" && (e.statusCode >= 500 || e.statusCode === 429);
  const platform = slackErrorCode(error);
  if (platform && ["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited", "team_added_to_org"].includes(platform)) return true;
  // Rate limit waits surface as a plain Error from the client when it has no retries left.
  return error instanceof Error && /rate limit was exceeded/i.test(error.message);
}

/** Failures after which the post may nevertheless exist in Slack (the request may have been processed). */
function mayHavePosted(error: unknown): boolean {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (e?.code === "slack_webapi_request_error") return true;
  if (e?.code === "slack_webapi_http_error") return typeof e.statusCode === "number" && e.statusCode >= 500;
  const platform = slackErrorCode(error);
  return platform === "internal_error" || platform === "fatal_error" || platform === "request_timeout";
}

export class ReplyPoster {
  private readonly attempts: number;
  private readonly backoffMs: number;

  constructor(private readonly o: ReplyPosterOptions) {
    this.attempts = Math.max(1, o.attempts ?? 4);
    this.backoffMs = o.backoffMs ?? 500;
  }

  /**
   * Posts `message` into `channel` (in `threadTs` when given) unless a post with `reply.key` is already there.
   * `since` bounds the search of top-level posts (Slack ts of the moment the question arrived).
   */
  async post(
    args: { channel: string; thread_ts?: string; text: string; blocks?: unknown[] },
    reply: ReplyKey,
    since?: string,
  ): Promise<Posted> {
    let look = reply.recheck;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (look) {
        const found = await this.find(args.channel, args.thread_ts, reply.key, since);
        if (found) {
          this.o.logger.info({ replyKey: reply.key, attempt }, "reply already posted; not posting it again");
          return { ...found, found: true };
        }
      }
      await reply.guard?.();
      try {
        const res = await this.o.postClient.chat.postMessage({
          ...args,
          blocks: args.blocks as never,
          metadata: { event_type: REPLY_EVENT_TYPE, event_payload: { key: reply.key } },
        });
        return { channel: res.channel ?? args.channel, ts: res.ts!, found: false };
      } catch (err) {
        lastError = err;
        if (!isTransientSlackError(err) || attempt === this.attempts) throw err;
        look = look || mayHavePosted(err);
        const retryAfter = (err as { retryAfter?: unknown }).retryAfter;
        const wait = typeof retryAfter === "number" ? retryAfter * 1000 : this.backoffMs * 2 ** (attempt - 1);
        this.o.logger.warn({ err, replyKey: reply.key, attempt, waitMs: wait }, "posting a reply failed; trying again");
        await sleep(wait);
      }
    }
    throw lastError;
  }

  /** The message carrying `key` in the thread (or among recent top-level posts), if any. */
  async find(channel: string, threadTs: string | undefined, key: string, since?: string): Promise<{ channel: string; ts: string } | undefined> {
    // A DM addressed by user id (U…) has no readable history under that id; nothing to look up.
    if (/^[UW]/.test(channel)) return undefined;
    const res = threadTs
      ? await this.o.readClient.conversations.replies({ channel, ts: threadTs, include_all_metadata: true, limit: 200 })
      : await this.o.readClient.conversations.history({ channel, include_all_metadata: true, limit: 100, ...(since ? { oldest: since } : {}) });
    const hit = (res.messages ?? []).find((m) => {
      const meta = (m as { metadata?: { event_type?: string; event_payload?: { key?: unknown } } }).metadata;
      return meta?.event_type === REPLY_EVENT_TYPE && meta.event_payload?.key === key;
    });
    return hit?.ts ? { channel, ts: hit.ts } : undefined;
  }
}

/**
 * The `reply` option of a delivery: keyed by the question, re-checked when the event is being re-run, and, for
 * inbox work, fenced by its lease (a worker that lost the event to another never posts a second reply).
 */
export function replyOnce(poster: ReplyPoster | undefined, key: string, work?: InboxWork, since?: string): { poster: ReplyPoster; key: ReplyKey; since?: string } | undefined {
  if (!poster) return undefined;
  return { poster, key: { key, recheck: (work?.attempt ?? 1) > 1, ...(work ? { guard: () => work.assertLease() } : {}) }, ...(since ? { since } : {}) };
}
