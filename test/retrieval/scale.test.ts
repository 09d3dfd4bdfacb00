import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { analyse, containsId, distinctStemsOfAll, stemSequence } from "../../src/retrieval/analysis.ts";
import { Bm25Index } from "../../src/retrieval/bm25.ts";
import { LocalEmbedder } from "../../src/retrieval/embedders/LocalEmbedder.ts";
import { loadWordVectors } from "../../src/retrieval/embedders/word-vectors.ts";
import { sharedMatrix, VectorIndex } from "../../src/retrieval/VectorIndex.ts";
import { stem, words } from "../../src/retrieval/text.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Documents over a Zipf-like vocabulary: a few very common terms (long postings) and a long tail. */
function zipfCorpus(docs: number, vocabulary: number, seed: number): string[][] {
  const rand = random(seed);
  return Array.from({ length: docs }, () => {
    const n = 5 + Math.floor(rand() * 60);
    return Array.from({ length: n }, () => `t${Math.floor(vocabulary ** rand()) - 1}`);
  });
}

/** Plain Okapi BM25 over every document, no index and no pruning: the reference. */
function bruteForceBm25(documents: string[][], query: string[], k: number): { doc: number; score: number }[] {
  const k1 = 1.2;
  const b = 0.75;
  const avg = documents.reduce((s, d) => s + d.length, 0) / documents.length;
  const df = new Map<string, number>();
  for (const d of documents) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const scored = documents.map((d, doc) => {
    let score = 0;
    for (const t of new Set(query)) {
      const tf = d.filter((x) => x === t).length;
      if (tf === 0) continue;
      const n = df.get(t)!;
      const idf = Math.log(1 + (documents.length - n + 0.5) / (n + 0.5));
      score += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avg));
    }
    return { doc, score };
  });
  return scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score).slice(0, k);
}

describe("Bm25Index: pruned term-at-a-time search returns exactly the plain BM25 top k", () => {
  const documents = zipfCorpus(3000, 2000, 11);
  const index = Bm25Index.fromTerms(documents);
  const rand = random(5);
  const queries = Array.from({ length: 60 }, () => {
    const n = 1 + Math.floor(rand() * 9);
    return Array.from({ length: n }, () => `t${Math.floor(2000 ** rand()) - 1}`);
  });

  it.each([1, 5, 40])("k = %i: same documents, same scores, same order (up to float ties)", (k) => {
    for (const query of queries) {
      const got = index.search(query, k);
      const want = bruteForceBm25(documents, query, k);
      expect(got.length).toBe(want.length);
      got.forEach((hit, i) => expect(hit.score).toBeCloseTo(want[i]!.score, 4));
      // Where scores are not tied with a neighbour, the documents are the same ones.
      const strict = want.filter((w, i) => Math.abs(w.score - (want[i + 1]?.score ?? -1)) > 1e-4 && Math.abs(w.score - (want[i - 1]?.score ?? -1)) > 1e-4);
      const gotDocs = new Set(got.map((h) => h.doc));
      for (const w of strict) expect(gotDocs.has(w.doc)).toBe(true);
    }
  });

  it("the accumulator is clean between queries (a query's result does not depend on the one before)", () => {
    const q = queries[3]!;
    const alone = Bm25Index.fromTerms(documents).search(q, 10);
    for (const other of queries) index.search(other, 10);
    expect(index.search(q, 10)).toEqual(alone);
  });

  it("unknown terms, empty queries and k = 0 give empty results; idf and df follow the corpus", () => {
    expect(index.search(["nope"], 5)).toEqual([]);
    expect(index.search([], 5)).toEqual([]);
    expect(index.search(["t0"], 0)).toEqual([]);
    const df = documents.filter((d) => d.includes("t0")).length;
    expect(index.documentFrequency("t0")).toBe(df);
    expect(index.idf("t0")).toBeCloseTo(Math.log(1 + (documents.length - df + 0.5) / (df + 0.5)), 10);
    expect(index.idf("nope")).toBeGreaterThan(index.idf("t0"));
  });
});

describe("words: the tokenizer", () => {
  it("lowercases, splits on anything but [a-z0-9], drops stopwords and single letters, keeps digits", () => {
    expect(words("How do I connect the Assistant to S/4HANA, step 2?")).toEqual(["connect", "assistant", "4hana", "step", "2"]);
  });
  it("drops an apostrophe suffix and keeps accented words by their base letters", () => {
    expect(words("the partner's SLA isn't café-ready")).toEqual(["partner", "sla", "isn", "cafe", "ready"]);
    expect(words("ﬁle Straße")).toEqual(["file", "strasse"]);
  });
  it("an accented word stays one token: its combining marks are dropped, not split on", () => {
    expect(words("Düsseldorf, Wrocław, Kraków and München")).toEqual(["dusseldorf", "wroclaw", "krakow", "munchen"]);
    expect(words("Ørsted Cæsar")).toEqual(["orsted", "caesar"]);
  });
  it("an apostrophe not followed by a letter ends the token", () => {
    expect(words("rock'n'roll teams' 90's")).toEqual(["rock", "roll", "teams", "90"]);
  });
});

describe("analyse: a corpus interned once", () => {
  const texts = ["Connecting Salesforce connectors", "salesforce and ServiceNow", ""];
  const corpus = analyse(texts);

  it("maps every token to a word id and every word to its stem id, in text order", () => {
    expect(corpus.documents.map((d) => Array.from(d, (id) => corpus.words[id]))).toEqual(texts.map((t) => words(t)));
    expect(Array.from(stemSequence(corpus, 0), (id) => corpus.stems[id])).toEqual(words(texts[0]!).map(stem));
    expect(corpus.stems.filter((s) => s === stem("connecting"))).toHaveLength(1);
  });

  it("distinct stem sets are sorted and answer membership", () => {
    const sets = distinctStemsOfAll(corpus);
    expect(sets[2]).toHaveLength(0);
    const sf = corpus.stemIds.get(stem("salesforce"))!;
    const sn = corpus.stemIds.get(stem("servicenow"))!;
    expect(containsId(sets[0]!, sf) && containsId(sets[1]!, sf)).toBe(true);
    expect(containsId(sets[0]!, sn)).toBe(false);
    expect([...sets[0]!]).toEqual([...sets[0]!].sort((a, b) => a - b));
  });
});

describe("LocalEmbedder.embedCorpus (the index build path)", () => {
  it("gives the same vectors as fitting and embedding each text, with and without word vectors", async () => {
    const texts = [
      "How do I connect the assistant to Salesforce? Use the connected app and OAuth scopes.",
      "Employees forget passwords; reset login credentials through single sign-on.",
      "Recruiters hire faster when AI drafts job descriptions. Hire, hire, hire.",
      "",
    ];
    for (const vectors of [undefined, await loadWordVectors(path.resolve("data"))]) {
      const batch = new LocalEmbedder(vectors);
      const matrix = sharedMatrix(texts.length, batch.dimensions);
      const fromCorpus = batch.embedCorpus(analyse(texts), matrix);
      const single = new LocalEmbedder(vectors);
      single.fit(texts);
      texts.forEach((t, i) => {
        const want = single.embed(t);
        const got = fromCorpus[i]!;
        expect(got.length).toBe(want.length);
        for (let d = 0; d < want.length; d++) expect(got[d]).toBeCloseTo(want[d]!, 5);
        // Written into the shared matrix, row i.
        expect(matrix[i * batch.dimensions + 7]).toBe(got[7]);
      });
      expect(single.state()).toEqual(batch.state());
    }
  });
});

describe("VectorIndex shards built in worker threads", () => {
  const dims = 24;
  const count = 1500;
  const rand = random(3);
  const matrix = sharedMatrix(count, dims);
  for (let i = 0; i < count; i++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += (matrix[i * dims + d] = rand() - 0.5) ** 2;
    for (let d = 0; d < dims; d++) matrix[i * dims + d]! /= Math.sqrt(norm);
  }
  const queries = Array.from({ length: 30 }, (_, i) => matrix.slice(i * 37 * dims, (i * 37 + 1) * dims));

  it("three shards hold every document once, find each document as its own nearest neighbour, and match exact search", async () => {
    const index = await VectorIndex.build(matrix, dims, { m: 16, efConstruction: 64, efSearch: 100 }, 3);
    expect(index.shardCount).toBe(3);
    expect(index.size).toBe(count);
    let found = 0;
    for (const [i, q] of queries.entries()) {
      const hits = index.search(q, 10);
      expect(hits[0]!.doc).toBe(i * 37);
      expect(hits[0]!.score).toBeCloseTo(1, 4);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
      const exact = new Set(index.exactSearch(q, 10).map((h) => h.doc));
      found += hits.filter((h) => exact.has(h.doc)).length;
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    // No temporary shard files left behind.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`partnerpilot-hnsw-${process.pid}-`))).toEqual([]);
  });

  it("saves one file per shard and loads back to the same answers", async () => {
    const index = await VectorIndex.build(matrix, dims, { m: 16, efConstruction: 64, efSearch: 100 }, 2);
    const dir = mkdtempSync(path.join(tmpdir(), "pp-vectors-"));
    dirs.push(dir);
    index.save(dir);
    expect(readdirSync(dir).sort()).toEqual(["vectors-0.hnsw", "vectors-1.hnsw"]);
    const loaded = VectorIndex.load(dir, dims, 2, 100);
    expect(loaded.size).toBe(count);
    for (const q of queries) expect(loaded.search(q, 5)).toEqual(index.search(q, 5));
    expect(() => loaded.exactSearch(queries[0]!, 5)).toThrow(/built in this process/);
  });

  it("when shard workers fail, the index is built in-process instead, with a warning", async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    try {
      const failing = new URL("../fixtures/failing-shard-worker.js", import.meta.url);
      const index = await VectorIndex.build(matrix.subarray(0, 300 * dims), dims, { m: 16, efConstruction: 64, efSearch: 100 }, 3, failing);
      expect(index.shardCount).toBe(1);
      expect(index.size).toBe(300);
      expect(index.search(queries[1]!, 1)[0]!.doc).toBe(37);
      await expect.poll(() => warnings.some((w) => /HNSW shard workers failed \(.*always fails/.test(w))).toBe(true);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("one shard builds in-process; a matrix that is not whole rows is refused", async () => {
    const index = await VectorIndex.build(matrix.subarray(0, 100 * dims), dims, undefined, 1);
    expect(index.shardCount).toBe(1);
    expect(index.size).toBe(100);
    await expect(VectorIndex.build(matrix.subarray(0, 10 * dims + 3), dims)).rejects.toThrow(/not a multiple of 24/);
  });
});
