import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { FeedbackKind } from "../../../store/Store.ts";
import { guarded } from "../../failure.ts";
import { type AnswerRef, AnswerRefSchema, decode } from "../../metadata.ts";
import type { SlackServices } from "../../services.ts";
import { type Tell, tellUserWhere } from "../../tell.ts";

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

/**
 * A listener for a button on an answer: acks, reads the answer it belongs to, and runs `handle` guarded (a
 * failure is logged with a reference id and told to the clicker, privately, in the answer's thread).
 */
export function onAnswerButton(
  services: SlackServices,
  what: string,
  handle: (clicked: ClickedAnswer, args: ButtonArgs, tell: Tell) => Promise<void>,
) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const clicked = clickedAnswer(args.body, args.action.value);
    if (!clicked) {
      services.logger.warn({ actionId: args.action.action_id }, "answer button without a readable value");
      return;
    }
    const tell = tellUserWhere(args.client, clicked.channel, args.body.user.id, clicked.threadTs);
    await guarded(services.logger, what, tell, () => handle(clicked, args, tell));
  };
}

/** Stores a click's feedback (a repeat updates it rather than adding one). */
export function recordClick(services: SlackServices, clicked: ClickedAnswer, userId: string, kind: FeedbackKind) {
  return services.store.recordFeedback({
    answerId: clicked.answerId,
    userId,
    kind,
    paths: clicked.ref.s.map((s) => s.p),
    question: clicked.ref.q || undefined,
    at: services.clock(),
  });
}
