import { redactText } from "../../../assistant/redaction.ts";
import type { AllMiddlewareArgs, RespondFn, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { FallbackDelivery, PostThenUpdateDelivery, RespondDelivery } from "../../AnswerDelivery.ts";
import { answerQuestion } from "../../answer-question.ts";
import { buildHelpMessage, type HelpEntry } from "../../blocks/help.ts";
import { escapeMrkdwn, truncate } from "../../blocks/text.ts";
import { guarded, isCannotPostHere } from "../../failure.ts";
import { replyOnce } from "../../ReplyPoster.ts";
import { PILOT_COMMAND } from "../../ids.ts";
import type { SlackServices, WebClient } from "../../services.ts";
import { tellRespond } from "../../tell.ts";

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export interface SubcommandContext {
  services: SlackServices;
  client: WebClient;
  respond: RespondFn;
  userId: string;
  channelId: string;
  triggerId: string;
}

/**
 * One `/pilot` sub-command. Later features (usecases, partners, checkin) add entries to the list given to
 * `pilotCommand`; help is built from the same list.
 */
export interface PilotSubcommand extends HelpEntry {
  name: string;
  /** Runs after ack(): slow work is fine here. */
  run(ctx: SubcommandContext, rest: string): Promise<void>;
}

/** `/pilot <question>` and `/pilot ask <question>`: answered in the channel (ephemeral if the bot cannot post there). */
async function ask(ctx: SubcommandContext, question: string): Promise<void> {
  const { services, client, respond, userId, channelId } = ctx;
  // Shown to the whole channel: what the person wrote is redacted before it is echoed.
  const preface = `<@${userId}> asked: _${escapeMrkdwn(truncate(redactText(question).replace(/\s+/g, " "), 500))}_`;
  const delivery = new FallbackDelivery(
    new PostThenUpdateDelivery({
      client,
      logger: services.logger,
      channel: channelId,
      preface,
      progressIntervalMs: services.progressIntervalMs,
      // Top-level post: a post that timed out is looked for among the channel's posts since a minute ago.
      reply: replyOnce(services.replies, `command:${ctx.triggerId}`, undefined, String(Math.floor(services.clock().getTime() / 1000) - 60)),
    }),
    () => new RespondDelivery(respond, channelId, services.logger, preface),
    isCannotPostHere,
    services.logger,
  );
  await answerQuestion(services, { text: question, userId, surface: "command" }, delivery, tellRespond(respond));
}

export const ASK_SUBCOMMAND: PilotSubcommand = {
  name: "ask",
  usage: `${PILOT_COMMAND} <question>`,
  what: "Ask anything about AI at work; I answer from the partner playbooks, with sources.",
  run: ask,
};

/** A single word that is not a known sub-command is taken as a mistyped sub-command, not a question. */
export function looksLikeQuestion(text: string): boolean {
  return /\s/.test(text.trim()) || text.trim().endsWith("?");
}

export function pilotCommand(services: SlackServices, subcommands: PilotSubcommand[] = [ASK_SUBCOMMAND]) {
  const byName = new Map(subcommands.map((s) => [s.name, s]));
  const help = (unknown?: string) =>
    buildHelpMessage({
      unknown,
      entries: [...subcommands.map(({ usage, what }) => ({ usage, what })), { usage: `${PILOT_COMMAND} help`, what: "This help." }],
    });

  return async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const text = command.text.trim();
    const first = text.split(/\s+/, 1)[0] ?? "";
    const rest = text.slice(first.length).trim();
    const name = first.toLowerCase();
    const sub = byName.get(name);
    if (!sub && (text.length === 0 || name === "help" || !looksLikeQuestion(text))) {
      const message = help(text.length === 0 || name === "help" ? undefined : first);
      await ack({ response_type: "ephemeral", text: message.text, blocks: message.blocks });
      return;
    }
    await ack();
    const ctx: SubcommandContext = { services, client, respond, userId: command.user_id, channelId: command.channel_id, triggerId: command.trigger_id };
    await guarded(services.logger, `${PILOT_COMMAND} ${sub?.name ?? "ask"}`, tellRespond(respond), () =>
      sub ? sub.run(ctx, rest) : ASK_SUBCOMMAND.run(ctx, text),
    );
  };
}
