import { PostThenUpdateDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { conversationIdOf, mentionsUser } from "../../conversation.ts";
import { guarded } from "../../failure.ts";
import { inboxWorkOf } from "../../inbox/run-through-inbox.ts";
import { replyOnce } from "../../ReplyPoster.ts";
import type { SlackServices } from "../../services.ts";
import { tellEphemeral } from "../../tell.ts";
import type { EventArgs, UserMessage } from "../types.ts";

/**
 * A reply in a channel thread without a mention: answered only when the bot already answered in that thread
 * (it has turns for the conversation). Messages that mention the bot are left to the app_mention listener.
 */
export function answerThreadFollowUp(services: SlackServices) {
  return async ({ message, client, context }: EventArgs<"message">): Promise<void> => {
    const m = message as unknown as UserMessage;
    if ((m.channel_type !== "channel" && m.channel_type !== "group") || !m.thread_ts || !m.user) return;
    if (mentionsUser(m.text ?? "", context.botUserId)) return;
    const user = m.user;
    const work = inboxWorkOf(context);
    const threadTs = m.thread_ts;
    const conversationId = conversationIdOf(m.channel, threadTs, m.ts);
    const tell = tellEphemeral(client, m.channel, user, threadTs);
    await guarded(services.logger, "thread follow-up", tell, async () => {
      const earlier = await services.store.recentTurns(conversationId, 1);
      if (earlier.length === 0) return;
      await answerQuestion(
        services,
        { text: m.text ?? "", userId: user, surface: "thread", messageKey: `${m.channel}:${m.ts}`, conversationId, work },
        new PostThenUpdateDelivery({ client, logger: services.logger, channel: m.channel, threadTs, progressIntervalMs: services.progressIntervalMs, placeholderDelayMs: services.placeholderDelayMs, reply: replyOnce(services.replies, `msg:${m.channel}:${m.ts}`, work) }),
        tell,
      );
    });
  };
}
