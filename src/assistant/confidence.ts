import type { Chunk } from "../retrieval/chunking.ts";
import type { SearchHit } from "../retrieval/KnowledgeIndex.ts";
import { terms } from "../retrieval/text.ts";

/**
 * How well the retrieved passages cover the question, 0..1. Two signals, both measurable offline:
 * - IDF-weighted share of the question's terms that occur in the top passages (a question about "weather"
 *   scores low because no playbook contains the word, whatever else matches);
 * - the dense similarity of the best passage (paraphrases with no shared words still score).
 */
export function retrievalConfidence(
  question: string,
  hits: SearchHit[],
  idf: (term: string) => number,
  termsOf: (chunk: Chunk) => Set<string>,
): number {
  const q = [...new Set(terms(question))];
  if (q.length === 0 || hits.length === 0) return 0;
  const topTerms = hits.slice(0, 3).map((h) => termsOf(h.chunk));
  const total = q.reduce((s, t) => s + idf(t), 0);
  const covered = q.reduce((s, t) => s + (topTerms.some((set) => set.has(t)) ? idf(t) : 0), 0);
  const coverage = total > 0 ? covered / total : 0;
  const dense = Math.max(0, ...hits.slice(0, 3).map((h) => h.denseScore ?? 0));
  const denseSignal = clamp01((dense - 0.2) / 0.5);
  return Math.round(clamp01(0.6 * coverage + 0.4 * denseSignal) * 1000) / 1000;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * Words that place a question in the assistant's domain without saying what it is about ("can I use AI …",
 * "the assistant"): they match every playbook, so they cannot show that one covers the question.
 */
const GENERIC = new Set(
  terms(
    "ai artificial intelligence gpt chatgpt copilot genai llm llms model models assistant assistants bot tool tools use using used help can could would should may might do does get want need like know tell question questions work working company team teams people please thanks hi hey ok okay pilot partnerpilot halden rowe",
  ),
);

/**
 * How much of what the question is specifically about the best passages contain, 0..1: the IDF-weighted share
 * of its non-generic terms found in the top six passages. Six, not three: search ranks the likeliest playbook's
 * sections first (the learned prior), so the top three can all be one playbook's, while the question's other
 * words sit in a passage just below (in-scope refused on set E 8 → 3 of 133; out-of-scope and uncovered
 * messages refused as before). Undefined when the question has no specific terms.
 * A word the corpus has never seen weighs like a rare one, not like the rarest, so one typo or unknown
 * abbreviation does not sink a question on its own. With `skipUnknown` (a message in another language, whose
 * glossary words were translated) such words do not count at all: they are that language's own words.
 */
export function specificCoverage(question: string, hits: SearchHit[], idf: (term: string) => number, termsOf: (chunk: Chunk) => Set<string>, knownTerm: (term: string) => boolean, options: { skipUnknown?: boolean } = {}): number | undefined {
  const q = [...new Set(terms(question))].filter((t) => !GENERIC.has(t) && t.length > 1 && !(options.skipUnknown && !knownTerm(t)));
  if (q.length === 0) return undefined;
  const top = hits.slice(0, 6).map((h) => termsOf(h.chunk));
  const rareIdf = idf("\u0000never-seen") * 0.6;
  let total = 0;
  let covered = 0;
  for (const t of q) {
    const w = knownTerm(t) ? idf(t) : rareIdf;
    total += w;
    if (top.some((set) => set.has(t))) covered += w;
  }
  return total > 0 ? covered / total : 0;
}
