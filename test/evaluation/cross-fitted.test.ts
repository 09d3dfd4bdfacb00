import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withModelsWithout } from "../../src/evaluation/answers.ts";
import { defaultIntentModel, type IntentModel } from "../../src/assistant/intent-model.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { priorFeatures, PRIOR_TRAINING_DIR } from "../../src/retrieval/PlaybookPrior.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";

let index: KnowledgeIndex;

beforeAll(async () => {
  index = await openShippedIndex("cross-fitted");
}, 120_000);

afterAll(() => removeTempDirs());

/** Messages of a read set that train the playbook prior, with the playbook each was labelled with. */
const trained = readFileSync(`${PRIOR_TRAINING_DIR}/questions-blind-sets.jsonl`, "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { text: string; playbook: string })
  .slice(0, 40);

const probability = (text: string, playbook: string) => index.playbookPrior().probabilitiesOf(priorFeatures(index.expandAliases(text))).get(playbook) ?? 0;

describe("measuring a read set with the playbook prior and the intent model learned without it (eval's cross-fitted rows)", () => {
  it("leaves out the set's own messages, trusts them less while it measures, and puts the shipped prior back", async () => {
    const shipped = trained.map((q) => probability(q.text, q.playbook));
    const intentOf = (model: IntentModel) => trained.map((q) => Math.max(...Object.values(model.predict(q.text).probabilities)));
    const shippedIntent = intentOf(defaultIntentModel());
    const cases = trained.map((q) => ({ text: `  ${q.text}\n`, scope: "in" as const, expected: [q.playbook] }));
    const { result, leftOut } = await withModelsWithout(index, cases, async ({ intentModel }) => ({ prior: trained.map((q) => probability(q.text, q.playbook)), intent: intentOf(intentModel) }));
    // Each message trained the prior once; the same messages label the intent model too.
    expect(leftOut).toBeGreaterThan(new Set(trained.map((q) => q.text.trim())).size);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Remembered, the models are sure of these messages; learned without them, they have to generalise.
    expect(mean(result.prior)).toBeLessThan(mean(shipped) - 0.05);
    expect(mean(result.intent)).toBeLessThan(mean(shippedIntent) - 0.02);
    // The shipped prior again (read back from its cache, equal to the last bits of a float).
    trained.forEach((q, i) => expect(probability(q.text, q.playbook)).toBeCloseTo(shipped[i]!, 6));
  }, 120_000);

  it("a set that never trained the prior leaves nothing out", async () => {
    const { leftOut } = await withModelsWithout(index, [{ text: "a question written for this test alone, about nothing in particular", scope: "in" }], async () => 0);
    expect(leftOut).toBe(0);
  }, 120_000);
});
