/** Ways to put a short message (a notice, a failure) in front of a user. */
import type { RespondFn } from "@slack/bolt";
import type { AnswerMessage } from "./blocks/answer.ts";
import { channelSafe } from "./blocks/channel-safe.ts";
import type { WebClient } from "./services.ts";

export type Tell = (message: AnswerMessage) => Promise<void>;

/** A visible reply in the thread (DMs and assistant threads, where only the user sees it anyway). */
export const tellInThread =
  (client: WebClient, channel: string, threadTs?: string): Tell =>
  async (message) => {
    const m = channelSafe(message);
    await client.chat.postMessage({ channel, thread_ts: threadTs, text: m.text, blocks: m.blocks });
  };

/** Only the user sees it (channels). */
export const tellEphemeral =
  (client: WebClient, channel: string, user: string, threadTs?: string): Tell =>
  async (message) => {
    const m = channelSafe(message);
    await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text: m.text, blocks: m.blocks });
  };

/** The user's DM with the app (App Home "Messages"): posting to a user id needs only chat:write. */
export const tellDm =
  (client: WebClient, user: string): Tell =>
  async (message) => {
    const m = channelSafe(message);
    await client.chat.postMessage({ channel: user, text: m.text, blocks: m.blocks });
  };

/** Through a slash command's or shortcut's response_url (ephemeral). */
export const tellRespond =
  (respond: RespondFn): Tell =>
  async (message) => {
    const m = channelSafe(message);
    await respond({ response_type: "ephemeral", text: m.text, blocks: m.blocks });
  };

/** Ephemeral in channels, a thread reply in DMs (`D…`), where ephemerals are easy to miss. */
export function tellUserWhere(client: WebClient, channel: string, user: string, threadTs?: string): Tell {
  return channel.startsWith("D") ? tellInThread(client, channel, threadTs) : tellEphemeral(client, channel, user, threadTs);
}
