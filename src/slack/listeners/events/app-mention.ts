import { PostThenUpdateDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { conversationIdOf, stripBotMention } from "../../conversation.ts";
import { guarded } from "../../failure.ts";
import { inboxWorkOf } from "../../inbox/run-through-inbox.ts";
import { replyOnce } from "../../ReplyPoster.ts";
import type { SlackServices } from "../../services.ts";
import { tellEphemeral } from "../../tell.ts";
import type { EventArgs, UserMessage } from "../types.ts";

/** @mention in a channel: answer in the thread (starting one under the mention if needed). */
export function answerMention(services: SlackServices) {
  return async ({ event, client, context }: EventArgs<"app_mention">): Promise<void> => {
    const m = event as unknown as UserMessage;
    if (!m.user) return;
    const user = m.user;
    const work = inboxWorkOf(context);
    const threadTs = m.thread_ts ?? m.ts;
    const tell = tellEphemeral(client, m.channel, user, threadTs);
    await guarded(services.logger, "app_mention", tell, () =>
      answerQuestion(
        services,
        {
          text: stripBotMention(m.text ?? "", context.botUserId),
          userId: user,
          surface: "mention",
          messageKey: `${m.channel}:${m.ts}`,
          work,
          conversationId: conversationIdOf(m.channel, m.thread_ts, m.ts),
        },
        new PostThenUpdateDelivery({ client, logger: services.logger, channel: m.channel, threadTs, progressIntervalMs: services.progressIntervalMs, placeholderDelayMs: services.placeholderDelayMs, reply: replyOnce(services.replies, `msg:${m.channel}:${m.ts}`, work) }),
        tell,
      ),
    );
  };
}
