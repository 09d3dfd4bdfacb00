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
}

/** Reads a JSONL file of labelled cases, validating every line with the given schema. */
export async function readJsonl<T>(file: string, schema: z.ZodType<T>): Promise<T[]> {
  const lines = (await readFile(file, "utf8")).split("\n");
  const out: T[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch {
      throw new Error(`${file}:${i + 1}: not valid JSON`);
    }
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]!.path.join(".")} ${parsed.error.issues[0]!.message}`);
    out.push(parsed.data);
  });
  return out;
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
  for (const c of cases) {
    const hits = await index.search(c.question, { k: 30, mode, perDocument: 1, fusion });
    const docs = [...new Set(hits.map((h) => h.chunk.path))];
    const recallAt = (k: number) => c.expected.filter((p) => docs.slice(0, k).includes(p)).length / c.expected.length;
    r1 += recallAt(1);
    r3 += recallAt(3);
    r5 += recallAt(5);
    const first = docs.findIndex((d) => c.expected.includes(d));
    mrr += first >= 0 ? 1 / (first + 1) : 0;
    if (recallAt(5) === 0) misses.push({ question: c.question, expected: c.expected, got: docs.slice(0, 3) });
  }
  const n = cases.length || 1;
  return { mode, cases: cases.length, recallAt1: r1 / n, recallAt3: r3 / n, recallAt5: r5 / n, mrr: mrr / n, misses };
}
