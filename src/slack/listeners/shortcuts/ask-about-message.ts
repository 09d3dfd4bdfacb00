import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { FallbackDelivery, PostThenUpdateDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { escapeMrkdwn, truncate } from "../../blocks/text.ts";
import { stripBotMention } from "../../conversation.ts";
import { guarded, isCannotPostHere } from "../../failure.ts";
import type { SlackServices } from "../../services.ts";
import { tellRespond } from "../../tell.ts";

export type MessageShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Ask PartnerPilot" on a message: answer it in that message's thread; where the bot is not a member, answer
 * in the user's DM with the app instead.
 */
export function answerAboutMessage(services: SlackServices) {
  return async ({ ack, shortcut, client, respond, context }: MessageShortcutArgs): Promise<void> => {
    await ack();
    const channel = shortcut.channel.id;
    const message = shortcut.message as { ts: string; thread_ts?: string; text?: string };
    const user = shortcut.user.id;
    const threadTs = message.thread_ts ?? message.ts;
    const text = stripBotMention(message.text ?? "", context.botUserId);
    await guarded(services.logger, "ask about message", tellRespond(respond), () =>
      answerQuestion(
        services,
        { text, userId: user, surface: "shortcut" },
        new FallbackDelivery(
          new PostThenUpdateDelivery({ client, logger: services.logger, channel, threadTs, progressIntervalMs: services.progressIntervalMs }),
          () =>
            new PostThenUpdateDelivery({
              client,
              logger: services.logger,
              channel: user,
              preface: `You asked about a message in <#${channel}>: _${escapeMrkdwn(truncate(text.replace(/\s+/g, " "), 300))}_`,
              progressIntervalMs: services.progressIntervalMs,
            }),
          isCannotPostHere,
          services.logger,
        ),
        tellRespond(respond),
      ),
    );
  };
}
