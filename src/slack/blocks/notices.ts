/** Short messages that are not answers: failures (with a reference id), rate limit, oversized input, thanks. */
import type { AnswerMessage } from "./answer.ts";
import { context, section } from "./text.ts";

export function buildFailureMessage(referenceId: string): AnswerMessage {
  const text = `Sorry, something went wrong on my side and I could not finish that. Please try again in a minute. If it keeps happening, share reference \`${referenceId}\` in #ai-help.`;
  return { text, blocks: [section(`:warning: ${text}`)] };
}

export function buildRateLimitMessage(limitPerMinute: number): AnswerMessage {
  const text = `You're asking faster than I can keep up (limit: ${limitPerMinute} questions a minute). Please wait a moment and ask again; nothing was lost.`;
  return { text, blocks: [section(`:hourglass_flowing_sand: ${text}`)] };
}

export function buildOversizedMessage(length: number, max: number): AnswerMessage {
  const text = `That message is ${length.toLocaleString("en-US")} characters long; I can take up to ${max.toLocaleString("en-US")}. Please shorten it to the question itself (paste only the relevant part).`;
  return { text, blocks: [section(`:scissors: ${text}`)] };
}

export function buildEmptyQuestionMessage(): AnswerMessage {
  const text = "I'm here! Ask me a question about AI at work, for example: _How do we connect ChatGPT Enterprise to Salesforce safely?_";
  return { text, blocks: [section(text)] };
}

export const THINKING_TEXT = "Looking through the playbooks…";

export function buildThinkingMessage(preface?: string): AnswerMessage {
  const blocks = preface ? [section(preface), context(`:mag: ${THINKING_TEXT}`)] : [context(`:mag: ${THINKING_TEXT}`)];
  return { text: THINKING_TEXT, blocks };
}

export function buildNoticeMessage(text: string): AnswerMessage {
  return { text, blocks: [section(text)] };
}
