import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import { featureVector, HAND_WEIGHTS, type OpeningGroup } from "../../src/assistant/opening-ranker.ts";
import { collectOpeningGroups, leaveOneSetOut } from "../../src/evaluation/opening.ts";
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
  it("one group per labelled in-scope question, its candidates marked where they state the fact", async () => {
    const groups = await collectOpeningGroups((see) => new AnswerService({ index, store, openingWeights: HAND_WEIGHTS, onOpeningCandidates: see }), [
      { text: "how long does a standard security review take?", scope: "in", fact: ["15 business days"] },
      { text: "what's the weather in Munich?", scope: "out" },
      { text: "how long does a standard security review take?", scope: "in", fact: ["a phrase no playbook contains"] },
    ]);
    expect(groups).toHaveLength(2);
    expect(groups[0]!.features.length).toBeGreaterThan(3);
    expect(groups[0]!.positive.length).toBe(groups[0]!.features.length);
    expect(groups[0]!.positive.some(Boolean)).toBe(true);
    expect(groups[0]!.positive.every(Boolean)).toBe(false);
    expect(groups[1]!.positive.some(Boolean)).toBe(false);
  });

  it("leaving one set out fits each set's weights without that set's questions", () => {
    // Set "x" rewards the quantity feature, set "y" the team feature: fitted without x, the weights cannot favour quantity.
    const group = (rewarded: "quantityAnswered" | "whoAnswered"): OpeningGroup => ({
      features: [featureVector({ overlap: 0.5, quantityAnswered: true }), featureVector({ overlap: 0.5, whoAnswered: true })],
      positive: [rewarded === "quantityAnswered", rewarded === "whoAnswered"],
    });
    const folds = leaveOneSetOut(new Map([["x", Array.from({ length: 20 }, () => group("quantityAnswered"))], ["y", Array.from({ length: 20 }, () => group("whoAnswered"))]]));
    const withoutX = folds.find((f) => f.set === "x")!.fitted;
    const withoutY = folds.find((f) => f.set === "y")!.fitted;
    expect(withoutX.whoAnswered - withoutX.quantityAnswered).toBeGreaterThan(HAND_WEIGHTS.whoAnswered - HAND_WEIGHTS.quantityAnswered);
    expect(withoutY.quantityAnswered - withoutY.whoAnswered).toBeGreaterThan(HAND_WEIGHTS.quantityAnswered - HAND_WEIGHTS.whoAnswered);
  });
});
