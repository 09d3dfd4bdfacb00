import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import { HAND_WEIGHTS } from "../../src/assistant/opening-ranker.ts";
import { collectOpeningSamples } from "../../src/evaluation/opening.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";

let index: KnowledgeIndex;
let store: SqliteStore;

beforeAll(async () => {
  index = await openShippedIndex("opening-data");
  store = new SqliteStore({ filename: ":memory:" });
  await store.migrate();
}, 120_000);

afterAll(async () => {
  await store?.close();
  removeTempDirs();
});

describe("fitting the opening (eval --fit-opening)", () => {
  it("one sample per labelled in-scope question, its candidates marked where they state the fact, and its fact sentences paired with the question", async () => {
    const samples = await collectOpeningSamples((see) => new AnswerService({ index, store, openingWeights: HAND_WEIGHTS, onOpeningCandidates: see }), [
      { text: "how long does a standard security review take?", scope: "in", fact: ["15 business days"] },
      { text: "what's the weather in Munich?", scope: "out" },
      { text: "how long does a standard security review take?", scope: "in", fact: ["a phrase no playbook contains"] },
    ]);
    expect(samples).toHaveLength(2);
    const [first, second] = samples.map((x) => x.group);
    expect(first!.features.length).toBeGreaterThan(3);
    expect(first!.positive.length).toBe(first!.features.length);
    expect(first!.positive.some(Boolean)).toBe(true);
    expect(first!.positive.every(Boolean)).toBe(false);
    expect(second!.positive.some(Boolean)).toBe(false);
    expect(samples[0]!.pairs.length).toBe(first!.positive.filter(Boolean).length);
    for (const pair of samples[0]!.pairs) {
      expect(pair.question).toMatch(/security review/);
      expect(pair.sentence).toMatch(/15 business days/);
    }
    expect(samples[1]!.pairs).toEqual([]);
  });

  it("runs that share a store keep their threads apart: a question is not read as a follow-up of another run's question", async () => {
    const asked: string[] = [];
    const engine = (see: Parameters<Parameters<typeof collectOpeningSamples>[0]>[0]) =>
      new AnswerService({ index, store, openingWeights: HAND_WEIGHTS, onOpeningCandidates: (c, q) => (asked.push(q), see(c, q)) });
    await collectOpeningSamples(engine, [{ text: "how long does a standard security review take?", scope: "in", fact: ["15 business days"] }]);
    await collectOpeningSamples(engine, [{ text: "and who approves it?", scope: "in", fact: ["Information Security"] }]);
    expect(asked).toHaveLength(2);
    expect(asked[1]).not.toMatch(/security review/);
  });
});
