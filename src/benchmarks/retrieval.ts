import type { Chunk } from "../retrieval/chunking.ts";
import { chunkPlaybooks } from "../retrieval/chunking.ts";
import type { Embedder } from "../retrieval/embedders/Embedder.ts";
import { KnowledgeIndex } from "../retrieval/KnowledgeIndex.ts";
import type { Playbook } from "../retrieval/playbooks.ts";
import { sentences } from "../retrieval/text.ts";
import { percentile, round } from "./stats.ts";

export interface RetrievalBench {
  chunks: number;
  buildMs: number;
  chunksPerSecond: number;
  queryP50Ms: number;
  queryP95Ms: number;
  /** HNSW recall@10 against exact brute-force search over the same vectors (only at scale). */
  hnswRecallAt10?: number;
}

/** Deterministic PRNG (mulberry32) so the synthetic corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A corpus of `count` chunks made by recombining sentences of the shipped chunks (same vocabulary, new mixes). */
export function syntheticChunks(base: Chunk[], count: number, seed = 7): Chunk[] {
  const rand = random(seed);
  const pool = base.map((c) => sentences(c.text));
  const out: Chunk[] = [];
  for (let i = 0; i < count; i++) {
    const template = base[Math.floor(rand() * base.length)]!;
    const parts: string[] = [];
    const n = 3 + Math.floor(rand() * 5);
    for (let j = 0; j < n; j++) {
      const source = pool[Math.floor(rand() * pool.length)]!;
      if (source.length) parts.push(source[Math.floor(rand() * source.length)]!);
    }
    out.push({ ...template, id: i, path: `synthetic/${Math.floor(i / 20)}.md`, text: parts.join(" ") });
  }
  return out;
}

async function timeQueries(index: KnowledgeIndex, queries: string[]): Promise<number[]> {
  for (const q of queries.slice(0, 10)) await index.search(q); // warm-up
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await index.search(q);
    times.push(performance.now() - t);
  }
  return times;
}

/** Index build and query latency over the given chunks; with `exact`, also HNSW recall@10 vs brute force. */
export async function benchRetrieval(
  playbooks: Playbook[],
  embedder: Embedder,
  queries: string[],
  chunks: Chunk[] = chunkPlaybooks(playbooks),
  exact = false,
): Promise<RetrievalBench> {
  const started = performance.now();
  const index = await KnowledgeIndex.build(playbooks, embedder, "bench", undefined, chunks);
  const buildMs = performance.now() - started;
  const times = await timeQueries(index, queries);
  let hnswRecallAt10: number | undefined;
  if (exact) {
    let found = 0;
    for (const q of queries) {
      const v = await embedder.embedQuery(q);
      const approx = new Set(index.vectors.search(v, 10).map((h) => h.doc));
      found += index.vectors.exactSearch(v, 10).filter((h) => approx.has(h.doc)).length;
    }
    hnswRecallAt10 = round(found / (queries.length * 10), 4);
  }
  return {
    chunks: chunks.length,
    buildMs: Math.round(buildMs),
    chunksPerSecond: Math.round(chunks.length / (buildMs / 1000)),
    queryP50Ms: round(percentile(times, 50)),
    queryP95Ms: round(percentile(times, 95)),
    hnswRecallAt10,
  };
}
