import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { type AnswerRef, AnswerRefSchema, decode } from "../../metadata.ts";

export type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Where the clicked answer lives, and the reference its buttons carry. */
export interface ClickedAnswer {
  ref: AnswerRef;
  channel: string;
  /** ts of the answer message: with the channel, the feedback's answer id. */
  messageTs: string;
  /** Thread the answer is in. */
  threadTs?: string;
  answerId: string;
}

/** Reads the answer a button belongs to; undefined when the payload is not one of ours. */
export function clickedAnswer(body: BlockAction, value: string | undefined): ClickedAnswer | undefined {
  const ref = decode(AnswerRefSchema, value);
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  const channel = container?.channel_id ?? body.channel?.id;
  const messageTs = container?.message_ts ?? body.message?.ts;
  if (!ref || !channel || !messageTs) return undefined;
  const [refChannel, refThread] = ref.c.split(":");
  const threadTs = (body.message as { thread_ts?: string } | undefined)?.thread_ts ?? (refChannel === channel ? refThread : undefined);
  return { ref, channel, messageTs, threadTs, answerId: `${channel}:${messageTs}` };
}
