import type { types } from "@slack/bolt";

export type Block = types.KnownBlock;
export type PlainText = types.PlainTextElement;
export type MrkdwnText = types.MrkdwnElement;

/** Cuts `text` to at most `max` characters, ending with an ellipsis when something was cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  // Do not leave half of a surrogate pair at the cut.
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}

export function plain(text: string, max = 3000): PlainText {
  return { type: "plain_text", text: truncate(text.length > 0 ? text : " ", max), emoji: true };
}

export function mrkdwn(text: string, max = 3000): MrkdwnText {
  return { type: "mrkdwn", text: truncate(text.length > 0 ? text : " ", max) };
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function section(text: string): Block {
  return { type: "section", text: mrkdwn(text) };
}

export function context(...texts: string[]): Block {
  return { type: "context", elements: texts.slice(0, 10).map((t) => mrkdwn(t)) };
}
