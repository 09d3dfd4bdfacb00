import { parseJsonl } from "../learning/jsonl.ts";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { FusionOptions, KnowledgeIndex, SearchMode } from "../retrieval/KnowledgeIndex.ts";

export const RetrievalCaseSchema = z.object({
  question: z.string().min(3),
  expected: z.array(z.string().regex(/\.md$/)).min(1),
});
export type RetrievalCase = z.infer<typeof RetrievalCaseSchema>;

export interface RetrievalScores {
  mode: SearchMode;
  cases: number;
  recallAt1: number;
  recallAt3: number;
  recallAt5: number;
  mrr: number;
  /** Questions whose expected playbook is not in the top 5 (for reading, not for fitting). */
  misses: { question: string; expected: string[]; got: string[] }[];
  /** Per question, in case order: reciprocal rank and recall@5 (for paired comparisons between modes). */
  perQuestion: { rr: number; r5: number }[];
}

/** Reads a JSONL file of labelled cases, validating every line with the given schema. */
export async function readJsonl<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  return parseJsonl(await readFile(file, "utf8"), file, schema);
}

/** Ranks playbooks (unique paths, in hit order) for each case and scores recall@1/3/5 and MRR. */
export async function evaluateRetrieval(
  index: KnowledgeIndex,
  cases: RetrievalCase[],
  mode: SearchMode,
  fusion?: FusionOptions,
): Promise<RetrievalScores> {
  let r1 = 0;
  let r3 = 0;
  let r5 = 0;
  let mrr = 0;
  const misses: RetrievalScores["misses"] = [];
  const perQuestion: RetrievalScores["perQuestion"] = [];
  for (const c of cases) {
    const hits = await index.search(c.question, { k: 30, mode, perDocument: 1, fusion });
    const docs = [...new Set(hits.map((h) => h.chunk.path))];
    const recallAt = (k: number) => c.expected.filter((p) => docs.slice(0, k).includes(p)).length / c.expected.length;
    r1 += recallAt(1);
    r3 += recallAt(3);
    r5 += recallAt(5);
    const first = docs.findIndex((d) => c.expected.includes(d));
    mrr += first >= 0 ? 1 / (first + 1) : 0;
    perQuestion.push({ rr: first >= 0 ? 1 / (first + 1) : 0, r5: recallAt(5) });
    if (recallAt(5) === 0) misses.push({ question: c.question, expected: c.expected, got: docs.slice(0, 3) });
  }
  const n = cases.length || 1;
  return { mode, cases: cases.length, recallAt1: r1 / n, recallAt3: r3 / n, recallAt5: r5 / n, mrr: mrr / n, misses, perQuestion };
}

export interface PairedDifference {
  /** Mean of (a - b) over the questions. */
  mean: number;
  /** 95% bootstrap confidence interval of the mean difference. */
  low: number;
  high: number;
}

/**
 * Paired bootstrap of the mean difference a − b over the same questions (2,000 resamples, fixed seed, so the
 * figures are reproducible). "A beats B" is only worth saying when the interval is above zero.
 */
export function pairedDifference(a: number[], b: number[], resamples = 2000, seed = 17): PairedDifference {
  if (a.length !== b.length) throw new Error("paired difference needs the same questions on both sides");
  const d = a.map((x, i) => x - b[i]!);
  const n = d.length;
  if (n === 0) return { mean: 0, low: 0, high: 0 };
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const means: number[] = [];
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[Math.floor(rand() * n)]!;
    means.push(sum / n);
  }
  means.sort((x, y) => x - y);
  return {
    mean: d.reduce((s, x) => s + x, 0) / n,
    low: means[Math.floor(0.025 * resamples)]!,
    high: means[Math.min(resamples - 1, Math.ceil(0.975 * resamples) - 1)]!,
  };
}
