import { PostThenUpdateDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { conversationIdOf, stripBotMention } from "../../conversation.ts";
import { guarded } from "../../failure.ts";
import { inboxWorkOf } from "../../inbox/run-through-inbox.ts";
import { replyOnce } from "../../ReplyPoster.ts";
import type { SlackServices } from "../../services.ts";
import { tellInThread } from "../../tell.ts";
import type { EventArgs, UserMessage } from "../types.ts";

/**
 * A top-level DM: answer in a thread under it. (Replies inside DM threads are assistant-container messages and
 * go to the assistant listener.)
 */
export function answerDirectMessage(services: SlackServices) {
  return async ({ message, client, context }: EventArgs<"message">): Promise<void> => {
    const m = message as unknown as UserMessage;
    if (m.channel_type !== "im" || m.thread_ts || !m.user) return;
    const user = m.user;
    const work = inboxWorkOf(context);
    const tell = tellInThread(client, m.channel, m.ts);
    await guarded(services.logger, "direct message", tell, () =>
      answerQuestion(
        services,
        {
          text: stripBotMention(m.text ?? "", context.botUserId),
          userId: user,
          surface: "dm",
          messageKey: `${m.channel}:${m.ts}`,
          work,
          conversationId: conversationIdOf(m.channel, undefined, m.ts),
        },
        new PostThenUpdateDelivery({ client, logger: services.logger, channel: m.channel, threadTs: m.ts, progressIntervalMs: services.progressIntervalMs, placeholderDelayMs: services.placeholderDelayMs, reply: replyOnce(services.replies, `msg:${m.channel}:${m.ts}`, work) }),
        tell,
      ),
    );
  };
}
