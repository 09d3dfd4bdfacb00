/**
 * What travels inside Slack payloads (button `value` ≤ 2000 chars, view `private_metadata` ≤ 3000 chars):
 * small JSON documents, validated with zod on the way back in, shrunk on the way out until they fit.
 */
import { z } from "zod";
import type { AskResult } from "../assistant/contract.ts";
import { redactText } from "../assistant/redaction.ts";
import { LIMITS } from "./blocks/limits.ts";
import { truncate } from "./blocks/text.ts";

const SourceRefSchema = z.object({ p: z.string(), t: z.string(), o: z.string() });
const PartnerRefSchema = z.object({ i: z.string(), n: z.string(), s: z.number() });

/** Carried by the buttons of an answer: enough to record feedback and notify playbook owners. */
export const AnswerRefSchema = z.object({
  /** Conversation id (`channel:thread_ts`). */
  c: z.string(),
  /** The question, shortened. */
  q: z.string().default(""),
  /** Cited playbooks (deduplicated by path). */
  s: z.array(SourceRefSchema).default([]),
  /** Why a partner was recommended, if it was. */
  r: z.array(z.string()).default([]),
  /** Partners the engine suggested. */
  pt: z.array(PartnerRefSchema).default([]),
});
export type AnswerRef = z.infer<typeof AnswerRefSchema>;

export const FeedbackModalMetaSchema = AnswerRefSchema.extend({
  k: z.enum(["down", "flag"]),
  /** Answer id: `channel:ts` of the bot's answer message. */
  a: z.string(),
  ch: z.string(),
  th: z.string().optional(),
});
export type FeedbackModalMeta = z.infer<typeof FeedbackModalMetaSchema>;

/** Builds the reference carried by an answer's buttons. */
export function answerRef(result: AskResult, conversationId: string, question: string): AnswerRef {
  const seen = new Set<string>();
  const s: AnswerRef["s"] = [];
  for (const c of result.citations) {
    if (seen.has(c.path)) continue;
    seen.add(c.path);
    s.push({ p: truncate(c.path, 200), t: truncate(c.title, 80), o: truncate(c.owner, 80) });
  }
  return {
    c: conversationId,
    // Redacted like the engine's stored user turn, so App Home can match feedback to the question.
    q: truncate(redactText(question.trim()), 300),
    s: s.slice(0, 10),
    r: result.escalation.recommended ? result.escalation.reasons.slice(0, 3).map((r) => truncate(r, 200)) : [],
    pt: result.escalation.partners.slice(0, 3).map((p) => ({ i: truncate(p.id, 60), n: truncate(p.name, 80), s: Math.round(p.score * 100) / 100 })),
  };
}

/**
 * Serialises `value` as JSON of at most `max` characters, dropping list items from the end (longest list first)
 * and then shortening the question until it fits.
 */
export function encodeWithin(value: Record<string, unknown>, max: number): string {
  const v = structuredClone(value);
  let json = JSON.stringify(v);
  while (json.length > max) {
    const lists = Object.entries(v).filter(([, x]) => Array.isArray(x) && x.length > 0) as [string, unknown[]][];
    if (lists.length > 0) {
      lists.sort((a, b) => JSON.stringify(b[1]).length - JSON.stringify(a[1]).length);
      lists[0]![1].pop();
    } else if (typeof v.q === "string" && v.q.length > 0) {
      v.q = truncate(v.q, Math.max(0, Math.floor(v.q.length / 2)));
      if ((v.q as string).length <= 1) v.q = "";
    } else {
      throw new Error(`cannot fit payload within ${max} characters`);
    }
    json = JSON.stringify(v);
  }
  return json;
}

export const encodeButtonValue = (ref: AnswerRef): string => encodeWithin(ref, LIMITS.buttonValue);
export const encodeModalMeta = (meta: FeedbackModalMeta): string =>
  encodeWithin(meta, LIMITS.privateMetadata);

/** Parses a payload written by us; returns undefined (never throws) for anything else. */
export function decode<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
