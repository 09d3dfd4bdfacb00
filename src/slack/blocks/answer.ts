/**
 * The answer message: the answer text in sections that fit, the partner recommendation, a Sources context and
 * the feedback / partner / flag buttons. Pure: data in, blocks out.
 */
import { replyBody } from "../../assistant/answer-text.ts";
import type { Answer } from "../../assistant/contract.ts";
import { ANSWER_ACTIONS_BLOCK, FEEDBACK_DOWN, FEEDBACK_UP, FLAG_OUTDATED, TALK_TO_PARTNER } from "../ids.ts";
import { answerRef, encodeButtonValue } from "../metadata.ts";
import { LIMITS } from "./limits.ts";
import { markdownToMrkdwn } from "./mrkdwn.ts";
import { sourceLine, uniqueCitations } from "./sources.ts";
import { type Block, context, escapeMrkdwn, mrkdwn, plain, section, truncate } from "./text.ts";

export interface AnswerMessage {
  text: string;
  blocks: Block[];
}

export interface AnswerInput {
  result: Answer;
  conversationId: string;
  question: string;
  now: Date;
  /** Shown above the answer, e.g. "<@U1> asked: …" for slash commands. */
  preface?: string;
}

/** Sources listed one per context element; the rest are summarised as "+N more". */
const MAX_SOURCES_SHOWN = 8;
const CUT_NOTE = "\n\n_…the answer was cut to fit in Slack. Ask a narrower question, or open the sources below._";
const FENCE = "```";

/**
 * Splits mrkdwn into pieces of at most `max` characters, on paragraph boundaries first, then lines, then words;
 * a code fence cut in two is closed and reopened so both halves render.
 */
export function splitText(text: string, max = LIMITS.sectionText): string[] {
  const budget = max - (FENCE.length + 1) * 2; // room to close and reopen a fence
  const pieces: string[] = [];
  let current = "";
  const push = () => {
    if (current.trim().length > 0) pieces.push(current);
    current = "";
  };
  const add = (unit: string, sep: string) => {
    if (current.length === 0) current = unit;
    else if (current.length + sep.length + unit.length <= budget) current += sep + unit;
    else {
      push();
      current = unit;
    }
  };
  for (const paragraph of text.split(/\n{2,}/)) {
    if (paragraph.length <= budget) {
      add(paragraph, "\n\n");
      continue;
    }
    paragraph.split("\n").forEach((line, i) => {
      const sep = i === 0 ? "\n\n" : "\n";
      if (line.length <= budget) add(line, sep);
      else for (const piece of hardWrap(line, budget)) add(piece, sep);
    });
  }
  push();
  return balanceFences(pieces);
}

function hardWrap(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(" ", max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, "");
  }
  if (rest.length > 0) out.push(rest);
  return out;
}

function balanceFences(pieces: string[]): string[] {
  let open = false;
  return pieces.map((p) => {
    let piece = open ? `${FENCE}\n${p}` : p;
    const fences = (p.match(/```/g) ?? []).length;
    if (fences % 2 === 1) open = !open;
    if (open) piece = `${piece}\n${FENCE}`;
    return piece;
  });
}

/** The blocks that follow the answer text: partner recommendation, sources, buttons (also used when streaming). */
export function buildAnswerFooter(input: AnswerInput): Block[] {
  const { result, now } = input;
  const blocks: Block[] = [];
  if (result.leftOut) blocks.push(context(`:information_source: ${escapeMrkdwn(result.leftOut)}`));
  if (result.escalation.recommended) blocks.push(partnerSection(result));
  blocks.push(sourcesBlock(result, now));
  blocks.push(answerActions(input));
  return blocks;
}

function partnerSection(result: Answer): Block {
  const lines = [":handshake: *This looks like a job for a certified implementation partner.*"];
  // When the answer opens with the partner route, its lead already gives the reasons.
  const reasonsStated = result.reply.kind === "answer" && result.reply.partnerRoute === true;
  if (!reasonsStated) for (const r of result.escalation.reasons.slice(0, 3)) lines.push(`• ${escapeMrkdwn(truncate(r, 300))}`);
  const partners = result.escalation.partners.slice(0, 3);
  if (partners.length > 0) {
    lines.push(`Suggested: ${partners.map((p) => `*${escapeMrkdwn(truncate(p.name, 80))}*`).join(", ")}`);
  }
  lines.push(
    partners.length > 0
      ? "Press *Talk to a partner*: I draft a summary for you to confirm, then offer it to the best match."
      : "Press *Talk to a partner* and the Partner Management Office will follow up.",
  );
  return section(lines.join("\n"));
}

function sourcesBlock(result: Answer, now: Date): Block {
  const citations = uniqueCitations(result.citations);
  if (citations.length === 0) {
    return context(":grey_question: *No sources:* no playbook covers this, so treat the answer with care. A partner or a human can help.");
  }
  const shown = citations.slice(0, MAX_SOURCES_SHOWN);
  const elements = [mrkdwn("*Sources*"), ...shown.map((c) => mrkdwn(sourceLine(c, now)))];
  if (citations.length > shown.length) elements.push(mrkdwn(`+${citations.length - shown.length} more`));
  return { type: "context", elements };
}

function answerActions(input: AnswerInput): Block {
  const { result, conversationId, question } = input;
  const value = encodeButtonValue(answerRef(result, conversationId, question));
  const elements: Extract<Block, { type: "actions" }>["elements"] = [
    { type: "button", action_id: FEEDBACK_UP, text: plain(":thumbsup: Helpful", LIMITS.buttonText), value },
    { type: "button", action_id: FEEDBACK_DOWN, text: plain(":thumbsdown: Not helpful", LIMITS.buttonText), value },
    {
      type: "button",
      action_id: TALK_TO_PARTNER,
      text: plain(":handshake: Talk to a partner", LIMITS.buttonText),
      value,
      ...(result.escalation.recommended ? { style: "primary" as const } : {}),
    },
  ];
  if (result.citations.length > 0) {
    elements.push({ type: "button", action_id: FLAG_OUTDATED, text: plain(":triangular_flag_on_post: Flag outdated playbook", LIMITS.buttonText), value });
  }
  return { type: "actions", block_id: ANSWER_ACTIONS_BLOCK, elements };
}

/** The whole answer message: text sections (cut to fit the 50-block limit), then the footer. */
export function buildAnswerMessage(input: AnswerInput): AnswerMessage {
  const footer = buildAnswerFooter(input);
  const head: Block[] = input.preface ? [section(truncate(input.preface, LIMITS.sectionText))] : [];
  const room = LIMITS.blocksPerMessage - footer.length - head.length;
  // The reply's body only: the partner offer and the Sources are the footer's, so each appears once.
  const body = replyBody(input.result.reply).trim();
  const answerText = body.length > 0 ? body : "_I have no answer to that._";
  let pieces = splitText(markdownToMrkdwn(answerText));
  if (pieces.length > room) {
    pieces = pieces.slice(0, room);
    const last = pieces[room - 1]!;
    pieces[room - 1] = truncate(last, LIMITS.sectionText - CUT_NOTE.length) + CUT_NOTE;
  }
  const blocks = [...head, ...pieces.map((p) => section(p)), ...footer];
  const text = truncate([input.preface, answerText].filter(Boolean).join("\n\n"), LIMITS.messageText);
  return { text, blocks };
}
