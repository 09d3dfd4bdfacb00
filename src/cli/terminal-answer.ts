/**
 * The answer as styled terminal text: rendered from the typed reply (bold headings, dim notes, numbered
 * sources), never by re-reading the Markdown the `ask` command prints.
 */
import { leftOutNote, partnerOffer, replyBody } from "../assistant/answer-text.ts";
import type { Answer } from "../assistant/contract.ts";

const BOLD = "\x1b[1m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** Markdown emphasis as ANSI (or plain when `color` is off); links, headings and code marks unwrapped. */
export function styleMarkdown(markdown: string, color: boolean): string {
  const bold = (s: string) => (color ? `${BOLD}${s}${RESET}` : s);
  const dim = (s: string) => (color ? `${DIM}${s}${RESET}` : s);
  return markdown
    .replace(/^#{1,6}\s+(.+)$/gm, (_m, h: string) => bold(h))
    .replace(/\*\*([^*]+)\*\*/g, (_m, s: string) => bold(s))
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=[\s.,;:!?)]|$)/g, (_m, pre: string, s: string) => `${pre}${bold(s)}`)
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s.,;:!?)]|$)/g, (_m, pre: string, s: string) => `${pre}${dim(s)}`)
    .replace(/\[([^\]]+)\]\((https?:[^)]+)\)/g, "$1 ($2)")
    .replace(/`([^`]+)`/g, "$1");
}

/** The whole answer for a terminal: body, partner offer, sources, and a dim line with intent and confidence. */
export function renderTerminalAnswer(answer: Answer, color: boolean): string {
  const parts = [styleMarkdown(replyBody(answer.reply), color)];
  const leftOut = leftOutNote(answer.leftOut);
  if (leftOut) parts.push(styleMarkdown(leftOut, color));
  const offer = partnerOffer(answer.escalation, answer.reply);
  if (offer) parts.push(styleMarkdown(offer, color));
  if (answer.citations.length > 0) {
    const heading = color ? `${BOLD}Sources${RESET}` : "Sources";
    parts.push(`${heading}\n${answer.citations.map((c, i) => `  [${i + 1}] ${c.title} › ${c.section} (${c.path}, reviewed ${c.reviewed})`).join("\n")}`);
  }
  const meta = `(intent ${answer.intent}, confidence ${answer.confidence.toFixed(2)})`;
  parts.push(color ? `${DIM}${meta}${RESET}` : meta);
  return parts.join("\n\n");
}
