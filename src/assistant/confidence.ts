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
