import type { AssistantUserMessageMiddleware } from "@slack/bolt";
import { StreamDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { conversationIdOf } from "../../conversation.ts";
import { truncate } from "../../blocks/text.ts";
import { guarded } from "../../failure.ts";
import { inboxWorkOf } from "../../inbox/run-through-inbox.ts";
import type { SlackServices } from "../../services.ts";
import { tellInThread } from "../../tell.ts";
import type { UserMessage } from "../types.ts";

const LOADING_MESSAGES = ["Searching the partner playbooks…", "Checking who owns what…", "Putting the sources together…"];

/**
 * A message in an assistant thread: title the thread on its first question, show a status while working
 * (always cleared, also on error), stream the answer, attach sources and buttons.
 */
export function answerInAssistantThread(services: SlackServices): AssistantUserMessageMiddleware {
  return async ({ message, client, context, setStatus, setTitle }) => {
    const m = message as unknown as UserMessage;
    if (!m.user || !m.thread_ts || !m.text) return;
    const user = m.user;
    const threadTs = m.thread_ts;
    const conversationId = conversationIdOf(m.channel, threadTs, m.ts);
    const log = services.logger.child({ surface: "assistant" });
    const tell = tellInThread(client, m.channel, threadTs);
    try {
      await guarded(services.logger, "assistant message", tell, async () => {
        if ((await services.store.recentTurns(conversationId, 1)).length === 0) {
          await setTitle(truncate(m.text ?? "", 200)).catch((err: unknown) => log.warn({ err }, "could not set the thread title"));
        }
        await setStatus({ status: "is looking through the playbooks…", loading_messages: LOADING_MESSAGES }).catch((err: unknown) =>
          log.warn({ err }, "could not set the assistant status"),
        );
        await answerQuestion(
          services,
          { text: m.text ?? "", userId: user, surface: "assistant", messageKey: `${m.channel}:${m.ts}`, conversationId, work: inboxWorkOf(context) },
          new StreamDelivery({ client, logger: services.logger, channel: m.channel, threadTs, teamId: context.teamId, userId: user }),
          tell,
        );
      });
    } finally {
      // Posting a reply clears the status, but a failure or a skipped message does not: clear it explicitly.
      await setStatus("").catch((err: unknown) => log.warn({ err }, "could not clear the assistant status"));
    }
  };
}
