import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bareTop3, evaluateAnswers, withModelsWithout } from "../../src/evaluation/answers.ts";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import type { AnswerEngine } from "../../src/assistant/contract.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { defaultIntentModel, type IntentModel } from "../../src/assistant/intent-model.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { priorFeatures, PRIOR_TRAINING_DIR } from "../../src/retrieval/PlaybookPrior.ts";
import { readSectionQuestions } from "../../src/retrieval/SectionPrior.ts";
import { factForm } from "../../src/retrieval/text.ts";
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

  it("leaves a training set's questions out of the section prior too, and puts the shipped one back", async () => {
    // The section prior learns from the development and training sets' questions (section-questions.jsonl); measured
    // with them, it ranks their answering sections first as it would for no new question.
    const questions = readSectionQuestions().slice(0, 40);
    const sectionOf = (q: { text: string; playbook: string; fact: string[] }) => {
      const p = index.sectionPrior().probabilities(index.expandAliases(q.text), [q.playbook]);
      const answering = index.chunks.filter((c) => c.path === q.playbook && q.fact.some((f) => factForm(c.text).includes(factForm(f))));
      return answering.reduce((sum, c) => sum + (p.get(c.id) ?? 0), 0);
    };
    const shipped = questions.map(sectionOf);
    const cases = questions.map((q) => ({ text: q.text, scope: "in" as const, expected: [q.playbook] }));
    const { result, leftOut } = await withModelsWithout(index, cases, async () => questions.map(sectionOf));
    expect(leftOut).toBeGreaterThanOrEqual(questions.length);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(result)).toBeLessThan(mean(shipped) - 0.05);
    questions.forEach((q, i) => expect(sectionOf(q)).toBeCloseTo(shipped[i]!, 6));
  }, 120_000);

  it("a set that never trained the prior leaves nothing out", async () => {
    const { leftOut } = await withModelsWithout(index, [{ text: "a question written for this test alone, about nothing in particular", scope: "in" }], async () => 0);
    expect(leftOut).toBe(0);
  }, 120_000);
});

describe("the right playbook in the top three, as the engine searched", () => {
  const thread = ["can you run an adoption check-in for my team? UK collections, 14 people, copilot since march"];
  const followUp = "When will I get the report, and may I share it with the site lead?";

  it("reads a follow-up's top three from the engine's own search (with its thread), not from the bare message", async () => {
    const store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
    const engine = () => new AnswerService({ index, store });
    const a = await engine().ask({ text: followUp, conversationId: "t-bare", userId: "U" });
    const conversationId = "t-thread";
    const e = engine();
    for (const t of thread) await e.ask({ text: t, conversationId, userId: "U" });
    const b = await e.ask({ text: followUp, conversationId, userId: "U" });
    expect(b.searched).toContain("change/adkar.md");
    expect(a.searched).toEqual(await bareTop3(index, followUp));
    const scores = await evaluateAnswers(engine, index, [{ text: followUp, history: thread, scope: "in", expected: ["change/adkar.md"] }]);
    expect(scores.rightPlaybookTop3.hits).toBe(1);
    await store.close();
  }, 120_000);

  it("falls back to the bare message when the engine refused before searching", async () => {
    const refusedEarly = { ask: async () => ({ intent: "out_of_scope", answer: "", citations: [], confidence: 0, escalation: { recommended: false, criteria: [], reasons: [], partners: [] }, reply: { kind: "refusal", reason: "out_of_scope", message: "no", closestTopics: [] }, question: "x" }) } as unknown as AnswerEngine;
    const text = "how long does a security review take?";
    const top = await bareTop3(index, text);
    const right = await evaluateAnswers(() => refusedEarly, index, [{ text, scope: "in", expected: [top[0]!] }]);
    const wrong = await evaluateAnswers(() => refusedEarly, index, [{ text, scope: "in", expected: ["no/such-playbook.md"] }]);
    expect([right.rightPlaybookTop3.hits, wrong.rightPlaybookTop3.hits]).toEqual([1, 0]);
  }, 120_000);
});

describe("the caveat's rows (eval: caveat on openings that state the fact, and on those that miss it)", () => {
  /** An engine that answers every question with one sentence, hedged or not. */
  const answering = (lead: string, caveat: boolean) =>
    ({
      ask: async () => ({
        intent: "question",
        answer: lead,
        citations: [{ path: "governance/data-privacy.md", title: "t", section: "s", score: 1, owner: "o", reviewed: "2026-01-01" }],
        confidence: 0.5,
        escalation: { recommended: false, criteria: [], reasons: [], partners: [] },
        reply: { kind: "answer", lead: { text: lead, cites: [1] }, points: [], ...(caveat ? { caveat: "Only partly covered by the playbooks." } : {}) },
        question: "x",
        searched: ["governance/data-privacy.md"],
      }),
    }) as unknown as AnswerEngine;
  const cases = [
    { text: "can I paste emails?", scope: "in" as const, expected: ["governance/data-privacy.md"], fact: ["strip names"] },
    { text: "how long is a review?", scope: "in" as const, expected: ["governance/data-privacy.md"], fact: ["15 business days"] },
  ];

  it("counts a hedge on an opening that states the fact apart from one on an opening that misses it", async () => {
    const scores = await evaluateAnswers(() => answering("You must strip names before you paste.", true), index, cases);
    expect(scores.caveat.onStated).toMatchObject({ hits: 1, of: 1 });
    expect(scores.caveat.onMissed).toMatchObject({ hits: 1, of: 1 });
    const unhedged = await evaluateAnswers(() => answering("You must strip names before you paste.", false), index, cases);
    expect(unhedged.caveat.onStated.hits + unhedged.caveat.onMissed.hits).toBe(0);
  });
});
