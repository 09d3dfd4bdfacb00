import type { App } from "@slack/bolt";
import type { SlackServices } from "../../services.ts";
import { answerMention } from "./app-mention.ts";
import { answerDirectMessage } from "./direct-message.ts";
import { answerThreadFollowUp } from "./thread-follow-up.ts";

/** Messages: @mentions, DMs, and follow-ups in threads the bot answered (message.channels / message.groups). */
export function register(app: App, services: SlackServices): void {
  app.event("app_mention", answerMention(services));
  app.event("message", answerDirectMessage(services));
  app.event("message", answerThreadFollowUp(services));
}
