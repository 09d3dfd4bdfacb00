import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import type { Intent } from "../../src/assistant/contract.ts";
import { combineIntentProbabilities, EncodedIntentModel, ENCODER_BELOW_CONFIDENCE } from "../../src/assistant/intent-encoder.ts";
import { INTENTS } from "../../src/assistant/intent-model.ts";
import type { SentenceEncoder } from "../../src/retrieval/embedders/SentenceEncoder.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";

/** Unit vectors along one axis per intent: a toy encoder space in which each intent has its own direction. */
const DIMS = 8;
function axis(i: number, noise = 0): Float32Array {
  const v = new Float32Array(DIMS);
  v[i] = 1;
  v[(i + 1) % DIMS] = noise;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}
const META = { encoder: "toy", dimensions: DIMS, labels: INTENTS, fittedOn: ["toy.jsonl"] };
const examples = INTENTS.flatMap((intent, i) => [0, 0.1, 0.2, 0.3].map((noise) => ({ vector: axis(i, noise), intent })));

describe("EncodedIntentModel", () => {
  it("learns which direction of the encoder's space is which intent, deterministically", () => {
    const model = EncodedIntentModel.fit(examples, META);
    INTENTS.forEach((intent, i) => {
      const p = model.probabilities(axis(i, 0.15));
      const best = INTENTS.reduce((a, b) => (p[b] > p[a] ? b : a));
      expect(best).toBe(intent);
    });
    expect(EncodedIntentModel.fit(examples, META).weights).toEqual(model.weights);
  });

  it("refuses a vector of another size and a weights file that is malformed, and reads none when none is shipped", () => {
    const model = EncodedIntentModel.fit(examples, META);
    expect(() => model.probabilities(new Float32Array(DIMS + 1))).toThrow(/9-d vector for 8-d weights/);
    const dir = tempDir("intent-encoder-weights");
    expect(EncodedIntentModel.load(path.join(dir, "absent.json"))).toBeUndefined();
    const broken = path.join(dir, "broken.json");
    writeFileSync(broken, JSON.stringify({ encoder: "toy", dimensions: DIMS, labels: ["question"], weights: [], fittedOn: [] }));
    expect(() => EncodedIntentModel.load(broken)).toThrow(/not an intent-encoder weights file/);
    const ragged = path.join(dir, "ragged.json");
    writeFileSync(ragged, JSON.stringify({ ...model.weights, weights: model.weights.weights.map((row) => row.slice(1)) }));
    expect(() => EncodedIntentModel.load(ragged)).toThrow(/rows of 9 numbers/);
  });

  it("combines the two models' probabilities into a distribution; with no share for the encoder it is the word model", () => {
    const words = Object.fromEntries(INTENTS.map((i) => [i, i === "question" ? 0.55 : 0.45 / (INTENTS.length - 1)])) as Record<Intent, number>;
    const encoded = Object.fromEntries(INTENTS.map((i) => [i, i === "partner_request" ? 0.9 : 0.1 / (INTENTS.length - 1)])) as Record<Intent, number>;
    const both = combineIntentProbabilities(words, encoded);
    expect(Object.values(both).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    expect(both.partner_request).toBeGreaterThan(both.question);
    const wordsOnly = combineIntentProbabilities(words, encoded, 0);
    for (const i of INTENTS) expect(wordsOnly[i]).toBeCloseTo(words[i], 6);
  });
});

describe("AnswerService with the encoder's half", () => {
  let index: KnowledgeIndex;
  /** Counts encodings; every text lands on the partner-request direction. */
  const encoder: SentenceEncoder & { calls: number } = {
    id: "toy",
    dimensions: DIMS,
    calls: 0,
    async encode(texts) {
      this.calls += texts.length;
      return texts.map(() => axis(INTENTS.indexOf("partner_request")));
    },
  };
  const model = EncodedIntentModel.fit(examples, META);

  beforeAll(async () => {
    index = await openShippedIndex("intent-encoder");
    index.useSentenceEncoder(encoder);
  }, 120_000);
  afterAll(() => removeTempDirs());

  it("asks the encoder only when the word model is unsure, and then its reading counts", async () => {
    const service = new AnswerService({ index, encodedIntentModel: model });
    const wordsOnly = new AnswerService({ index, encodedIntentModel: null });
    // "hi" is small talk to the word model beyond the gate: the encoder is not asked.
    encoder.calls = 0;
    expect((await service.ask({ text: "hi" })).intent).toBe("smalltalk");
    expect(encoder.calls).toBe(0);
    // An ambiguous message: the word model is below the gate, so the encoder is asked and pulls it its way.
    const text = "the tender portal thing for the hamburg team, can that be sorted somehow";
    const before = await wordsOnly.ask({ text });
    expect(encoder.calls).toBe(0);
    const after = await service.ask({ text });
    expect(encoder.calls).toBe(1);
    expect(before.intent).not.toBe("partner_request");
    expect(after.intent).toBe("partner_request");
    expect(ENCODER_BELOW_CONFIDENCE).toBeLessThan(1);
  });

  it("ignores weights fitted for another encoder", async () => {
    const other = EncodedIntentModel.fit(examples, { ...META, encoder: "another" });
    encoder.calls = 0;
    await new AnswerService({ index, encodedIntentModel: other }).ask({ text: "the tender portal thing for the hamburg team, can that be sorted somehow" });
    expect(encoder.calls).toBe(0);
  });
});
