/**
 * How an answer reaches Slack.
 * - Channels and DMs (PostThenUpdateDelivery): an answer ready quickly is posted once, complete; a slower one
 *   (an LLM writing) gets a placeholder, progress updates, then the final message with sources and buttons.
 * - The assistant view (StreamDelivery): Slack's chat streaming (chat.startStream/appendStream/stopStream),
 *   with sources and buttons attached when the stream stops.
 * - Slash commands where the bot is not a member (RespondDelivery): ephemeral, through response_url.
 */
import { replyBody } from "../assistant/answer-text.ts";
import type { RespondFn } from "@slack/bolt";
import type { Logger } from "../logging.ts";
import { type AnswerInput, type AnswerMessage, buildAnswerFooter, buildAnswerMessage, splitText } from "./blocks/answer.ts";
import { channelSafe, fallbackText } from "./blocks/channel-safe.ts";
import { enforceBlockLimits, enforceMessageLimits, LIMITS } from "./blocks/limits.ts";
import { markdownToMrkdwn } from "./blocks/mrkdwn.ts";
import { buildThinkingMessage } from "./blocks/notices.ts";
import { type Block, context, section, truncate } from "./blocks/text.ts";
import { isTransientSlackError, type ReplyKey, type ReplyPoster } from "./ReplyPoster.ts";
import type { WebClient } from "./services.ts";

export interface Started {
  /** Where the answer lives (posting to a user id yields the DM channel id). */
  channel: string;
  /** Root of the thread the conversation lives in, when there is one. */
  rootTs?: string;
}

export interface Delivered {
  channel: string;
  /** ts of the answer message (its feedback id is `channel:ts`). */
  messageTs?: string;
}

export interface AnswerDelivery {
  begin(): Promise<Started>;
  /** A text delta from the engine, with everything produced so far. */
  chunk(delta: string, soFar: string): Promise<void>;
  complete(input: AnswerInput): Promise<Delivered>;
  /** Replaces whatever was shown with `message` (or posts it). */
  fail(message: AnswerMessage): Promise<void>;
}

/** Within Block Kit limits, and safe for a channel (redacted, escaped fallback text; no broadcast mentions). */
function safeMessage(message: AnswerMessage, logger: Logger): AnswerMessage {
  const { message: safe, violations } = enforceMessageLimits(channelSafe(message));
  if (violations.length > 0) logger.warn({ violations }, "message cut to fit Block Kit limits");
  return safe;
}

export interface PostThenUpdateOptions {
  client: WebClient;
  logger: Logger;
  channel: string;
  /** Reply in this thread; without it the answer is a new top-level message (its own thread root). */
  threadTs?: string;
  preface?: string;
  /** Minimum ms between progress updates (chat.update is rate limited to ~50/min per channel). */
  progressIntervalMs: number;
  /**
   * Replies in a thread only: wait this long before posting the placeholder. An answer ready sooner is posted
   * once, complete (no placeholder flicker, one Web API call instead of two). Default 0: post it at once.
   */
  placeholderDelayMs?: number;
  /**
   * Post at most once per key (ReplyPoster): the placeholder or the reply carries the key, a post that may have
   * succeeded is looked up before posting again, and a re-run of the question finds what an earlier run posted.
   * `since`: Slack ts from which to search top-level posts.
   */
  reply?: { poster: ReplyPoster; key: ReplyKey; since?: string };
}

interface Posted {
  channel: string;
  ts: string;
}

export class PostThenUpdateDelivery implements AnswerDelivery {
  private placeholder?: Promise<Posted>;
  private timer?: NodeJS.Timeout;
  private lastProgress = 0;

  constructor(private readonly o: PostThenUpdateOptions) {}

  async begin(): Promise<Started> {
    const delay = this.o.placeholderDelayMs ?? 0;
    if (this.o.threadTs && delay > 0) {
      this.timer = setTimeout(() => void this.postPlaceholder().catch(() => undefined), delay);
      this.timer.unref();
      return { channel: this.o.channel, rootTs: this.o.threadTs };
    }
    // A top-level answer needs its ts now: it is the thread (and conversation) root.
    const posted = await this.postPlaceholder();
    return { channel: posted.channel, rootTs: this.o.threadTs ?? posted.ts };
  }

  /** Posts the reply message (placeholder or complete); `found` when an earlier attempt had posted it. */
  private async post(message: AnswerMessage): Promise<Posted & { found: boolean }> {
    const safe = channelSafe(message);
    if (this.o.reply) {
      return this.o.reply.poster.post({ channel: this.o.channel, thread_ts: this.o.threadTs, text: safe.text, blocks: safe.blocks }, this.o.reply.key, this.o.reply.since);
    }
    const res = await this.o.client.chat.postMessage({ channel: this.o.channel, thread_ts: this.o.threadTs, text: safe.text, blocks: safe.blocks });
    return { channel: res.channel ?? this.o.channel, ts: res.ts!, found: false };
  }

  private postPlaceholder(): Promise<Posted> {
    this.placeholder ??= this.post(buildThinkingMessage(this.o.preface)).then((posted) => {
      this.lastProgress = performance.now();
      return { channel: posted.channel, ts: posted.ts };
    });
    return this.placeholder;
  }

  async chunk(_delta: string, soFar: string): Promise<void> {
    if (!this.placeholder || performance.now() - this.lastProgress < this.o.progressIntervalMs) return;
    this.lastProgress = performance.now();
    const pieces = splitText(markdownToMrkdwn(soFar)).slice(0, LIMITS.blocksPerMessage - 3);
    const blocks: Block[] = [...(this.o.preface ? [section(this.o.preface)] : []), ...pieces.map(section), context(":writing_hand: still writing…")];
    try {
      const { channel, ts } = await this.placeholder;
      await this.o.client.chat.update({ channel, ts, text: fallbackText(truncate(soFar, LIMITS.messageText)), blocks: enforceBlockLimits(blocks, "message").blocks });
    } catch (err) {
      // Progress is cosmetic; the final update is what counts.
      this.o.logger.debug({ err }, "progress update failed");
    }
  }

  /** Updates the placeholder if one was posted, otherwise posts `message` as the reply. */
  private async show(unsafe: AnswerMessage): Promise<Posted> {
    clearTimeout(this.timer);
    const message = channelSafe(unsafe);
    if (this.placeholder) {
      const { channel, ts } = await this.placeholder;
      await this.o.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      return { channel, ts };
    }
    const posted = await this.post(message);
    // An earlier run posted the reply (or its placeholder): make it this one.
    if (posted.found) await this.o.client.chat.update({ channel: posted.channel, ts: posted.ts, text: message.text, blocks: message.blocks });
    return { channel: posted.channel, ts: posted.ts };
  }

  async complete(input: AnswerInput): Promise<Delivered> {
    const message = safeMessage(buildAnswerMessage({ ...input, preface: this.o.preface }), this.o.logger);
    const { channel, ts } = await this.show(message);
    return { channel, messageTs: ts };
  }

  async fail(message: AnswerMessage): Promise<void> {
    try {
      await this.show(message);
    } catch (err) {
      // Slack unreachable: the update may have gone through, and a second notice would be a duplicate.
      if (!this.placeholder || isTransientSlackError(err)) throw err;
      // The placeholder is gone (deleted, say): post the failure as a new reply instead.
      this.placeholder = undefined;
      await this.show(message);
    }
  }
}

/** Streamed text is capped here: Slack renders it as one markdown block (12,000 characters). */
export const STREAM_MAX_CHARS = LIMITS.markdownText - 200;

export interface StreamOptions {
  client: WebClient;
  logger: Logger;
  channel: string;
  threadTs: string;
  teamId?: string;
  userId: string;
  /** Characters buffered before each chat.appendStream call (ChatStreamer's buffer_size). */
  bufferSize?: number;
}

export class StreamDelivery implements AnswerDelivery {
  private readonly streamer: ReturnType<WebClient["chatStream"]>;
  private streamed = 0;
  private cut = false;
  private stopped = false;

  constructor(private readonly o: StreamOptions) {
    this.streamer = o.client.chatStream({
      channel: o.channel,
      thread_ts: o.threadTs,
      recipient_user_id: o.userId,
      ...(o.teamId ? { recipient_team_id: o.teamId } : {}),
      buffer_size: o.bufferSize ?? 256,
    });
  }

  async begin(): Promise<Started> {
    return { channel: this.o.channel, rootTs: this.o.threadTs };
  }

  async chunk(delta: string): Promise<void> {
    if (this.cut || delta.length === 0) return;
    let text = delta;
    if (this.streamed + text.length > STREAM_MAX_CHARS) {
      text = text.slice(0, STREAM_MAX_CHARS - this.streamed);
      this.cut = true;
    }
    this.streamed += text.length;
    if (text.length > 0) await this.streamer.append({ markdown_text: text });
  }

  async complete(input: AnswerInput): Promise<Delivered> {
    if (this.streamed === 0) await this.chunk(replyBody(input.result.reply).trim() || "_I have no answer to that._");
    const tail = this.cut ? "\n\n_…the answer was cut to fit in Slack. Ask a narrower question, or open the sources below._" : undefined;
    const { blocks, violations } = enforceBlockLimits(buildAnswerFooter(input), "message");
    if (violations.length > 0) this.o.logger.warn({ violations }, "answer footer cut to fit Block Kit limits");
    this.stopped = true;
    await this.streamer.stop({ ...(tail ? { markdown_text: tail } : {}), blocks });
    return { channel: this.o.channel, messageTs: this.streamer.ts };
  }

  async fail(message: AnswerMessage): Promise<void> {
    const safe = channelSafe(message);
    if (this.streamer.ts && !this.stopped) {
      this.stopped = true;
      await this.streamer.stop({ markdown_text: `\n\n${safe.text}` });
      return;
    }
    await this.o.client.chat.postMessage({ channel: this.o.channel, thread_ts: this.o.threadTs, text: safe.text, blocks: safe.blocks });
  }
}

/** Ephemeral answer through a response_url (replace_original keeps one message that evolves). */
export class RespondDelivery implements AnswerDelivery {
  constructor(
    private readonly respond: RespondFn,
    private readonly channel: string,
    private readonly logger: Logger,
    private readonly preface?: string,
  ) {}

  async begin(): Promise<Started> {
    await this.respond({ response_type: "ephemeral", ...buildThinkingMessage(this.preface) });
    return { channel: this.channel };
  }

  async chunk(): Promise<void> {}

  async complete(input: AnswerInput): Promise<Delivered> {
    const message = safeMessage(buildAnswerMessage({ ...input, preface: this.preface }), this.logger);
    await this.respond({ response_type: "ephemeral", replace_original: true, text: message.text, blocks: message.blocks });
    return { channel: this.channel };
  }

  async fail(message: AnswerMessage): Promise<void> {
    const safe = channelSafe(message);
    await this.respond({ response_type: "ephemeral", replace_original: true, text: safe.text, blocks: safe.blocks });
  }
}

/**
 * Starts with `primary`; when its `begin` fails with an error `shouldFallBack` accepts (e.g. the bot is not in
 * the channel), uses the delivery `fallback()` makes instead.
 */
export class FallbackDelivery implements AnswerDelivery {
  private active: AnswerDelivery;

  constructor(
    primary: AnswerDelivery,
    private readonly fallback: () => AnswerDelivery,
    private readonly shouldFallBack: (error: unknown) => boolean,
    private readonly logger: Logger,
  ) {
    this.active = primary;
  }

  async begin(): Promise<Started> {
    try {
      return await this.active.begin();
    } catch (err) {
      if (!this.shouldFallBack(err)) throw err;
      this.logger.info({ err }, "cannot post there; answering through the fallback");
      this.active = this.fallback();
      return this.active.begin();
    }
  }

  chunk(delta: string, soFar: string): Promise<void> {
    return this.active.chunk(delta, soFar);
  }

  complete(input: AnswerInput): Promise<Delivered> {
    return this.active.complete(input);
  }

  fail(message: AnswerMessage): Promise<void> {
    return this.active.fail(message);
  }
}

