/** How Slack messages map to PartnerPilot conversations (thread memory). */

/** `${channel}:${thread_ts ?? ts}`: every message of a thread shares the id of its root. */
export function conversationIdOf(channel: string, threadTs: string | undefined, ts: string): string {
  return `${channel}:${threadTs ?? ts}`;
}

/** Removes mentions of the bot (`<@U123>` or `<@U123|name>`) and tidies the whitespace left behind. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const pattern = botUserId ? new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g") : /^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/;
  return text.replace(pattern, " ").replace(/[ \t]+/g, " ").trim();
}

export function mentionsUser(text: string, userId: string | undefined): boolean {
  return Boolean(userId) && new RegExp(`<@${userId}(?:\\|[^>]*)?>`).test(text);
}

/** Start of the fixed one-minute window `now` falls in (the rate-limit bucket). */
export function minuteWindow(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000);
}
