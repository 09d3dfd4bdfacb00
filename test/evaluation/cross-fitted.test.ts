import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withPlaybookPriorWithout } from "../../src/evaluation/answers.ts";
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

describe("measuring a read set with the playbook prior learned without it (eval's cross-fitted rows)", () => {
  it("leaves out exactly the set's own messages, trusts them less while it measures, and puts the shipped prior back", async () => {
    const shipped = trained.map((q) => probability(q.text, q.playbook));
    const cases = trained.map((q) => ({ text: `  ${q.text}\n`, scope: "in" as const, expected: [q.playbook] }));
    const { result, leftOut } = await withPlaybookPriorWithout(index, cases, async () => trained.map((q) => probability(q.text, q.playbook)));
    expect(leftOut).toBe(new Set(trained.map((q) => q.text.trim())).size);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // Remembered, the prior is sure of these messages' playbooks; learned without them, it has to generalise.
    expect(mean(result)).toBeLessThan(mean(shipped) - 0.05);
    // The shipped prior again (read back from its cache, equal to the last bits of a float).
    trained.forEach((q, i) => expect(probability(q.text, q.playbook)).toBeCloseTo(shipped[i]!, 6));
  }, 120_000);

  it("a set that never trained the prior leaves nothing out", async () => {
    const { leftOut } = await withPlaybookPriorWithout(index, [{ text: "a question written for this test alone, about nothing in particular", scope: "in" }], async () => 0);
    expect(leftOut).toBe(0);
  }, 120_000);
});
