/**
 * The last step before anything is shown in Slack: the fallback `text` (what notifications, previews and screen
 * readers show) carries no personal data and no markup that acts (`<!channel>`, `<!here>`, links), and no block
 * text can notify a whole channel. Pure functions.
 */
import { redactText } from "../../assistant/redaction.ts";
import type { AnswerMessage } from "./answer.ts";
import type { Block } from "./text.ts";

/** `<!channel>`, `<!here>`, `<!everyone>`, `<!subteam^…>` (with an optional label). */
const BROADCAST = /<!(?:channel|here|everyone|subteam\^[^>|]*)(?:\|[^>]*)?>/gi;
/** A user or channel mention, which may stay in a fallback text (it notifies nobody but the person named). */
const PERSON_OR_CHANNEL = /^[@#][A-Z0-9]+(?:\|[^>]*)?$/;

const escapeToken = (token: string) => token.replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * A fallback text safe for notifications: personal data redacted, links shown as `label (url)`, user and
 * channel mentions kept, every other `<…>` token (special mentions, dates, anything a model wrote) shown
 * literally instead of acting.
 */
export function fallbackText(text: string): string {
  return redactText(text)
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, "$2 ($1)")
    .replace(/<(https?:\/\/[^|>\s]+)>/g, "$1")
    .replace(/<([^<>]*)>/g, (token, inner: string) => (PERSON_OR_CHANNEL.test(inner) ? token : escapeToken(token)));
}

/** Blocks with every broadcast mention in their text shown literally (at any depth). */
export function withoutBroadcasts<T>(value: T): T {
  if (typeof value === "string") return value.replace(BROADCAST, escapeToken) as T;
  if (Array.isArray(value)) return value.map(withoutBroadcasts) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "text" || typeof v === "object" ? withoutBroadcasts(v) : v])) as T;
  }
  return value;
}

/** A message ready for a channel: see {@link fallbackText} and {@link withoutBroadcasts}. */
export function channelSafe<M extends { text: string; blocks?: Block[] }>(message: M): M {
  return { ...message, text: fallbackText(message.text), ...(message.blocks ? { blocks: withoutBroadcasts(message.blocks) } : {}) };
}

export type { AnswerMessage };
