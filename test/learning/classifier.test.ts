import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INTENT_TRAINING, intentFeatures, IntentModel, readIntentExamples } from "../../src/assistant/intent-model.ts";
import { epochSchedule, LinearClassifier } from "../../src/learning/LinearClassifier.ts";
import { cachedClassifier } from "../../src/learning/model-cache.ts";

const words = (t: string) => t.toLowerCase().split(/\W+/).filter(Boolean).map((w) => `w:${w}`);
const examples = [
  { text: "connect salesforce api", label: "integration" as const },
  { text: "salesforce oauth scopes", label: "integration" as const },
  { text: "weather tomorrow rain", label: "other" as const },
  { text: "football score tonight", label: "other" as const },
];
const dir = mkdtempSync(path.join(tmpdir(), "pp-models-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("LinearClassifier", () => {
  it("learns separable labels and gives probabilities that sum to 1", () => {
    const m = LinearClassifier.train(["integration", "other"] as const, examples, words);
    const p = m.probabilities("salesforce api question");
    expect(p[0]! + p[1]!).toBeCloseTo(1, 6);
    expect(p[0]!).toBeGreaterThan(0.7);
    expect(m.probabilities("rain and football")[1]!).toBeGreaterThan(0.7);
  });

  it("is deterministic: the same data trains the same model", () => {
    const a = LinearClassifier.train(["integration", "other"] as const, examples, words).probabilities("salesforce weather");
    const b = LinearClassifier.train(["integration", "other"] as const, examples, words).probabilities("salesforce weather");
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe("LinearClassifier weight decay", () => {
  const labels = ["integration", "other"] as const;
  /** The same training written the slow way: every weight decayed on every step, then the step's gradient. */
  function eagerProbabilities(decay: number, text: string): number[] {
    const columns = new Map<string, number>();
    const encoded = examples.map((e) => ({ cols: words(e.text).map((f) => columns.get(f) ?? (columns.set(f, columns.size), columns.size - 1)), y: labels.indexOf(e.label) }));
    const D = columns.size;
    const w = new Float64Array(2 * D);
    const softmax = (cols: number[]) => {
      const z = [0, 1].map((k) => cols.reduce((s, j) => s + w[k * D + j]!, 0));
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      return e.map((v) => v / (e[0]! + e[1]!));
    };
    for (let epoch = 0; epoch < 40; epoch++) {
      const { rate, order } = epochSchedule(epoch, 0.2, encoded.length);
      for (let s = 0; s < encoded.length; s++) {
        const ex = encoded[order(s)]!;
        const p = softmax(ex.cols);
        for (let i = 0; i < w.length; i++) w[i] = w[i]! * (1 - rate * decay);
        for (let k = 0; k < 2; k++) for (const j of ex.cols) w[k * D + j] = w[k * D + j]! - rate * (p[k]! - (k === ex.y ? 1 : 0));
      }
    }
    return softmax(words(text).map((f) => columns.get(f)).filter((j): j is number => j !== undefined));
  }

  it("decays every weight on every step, lazily, exactly as the eager update would", () => {
    for (const decay of [0.01, 0.3]) {
      const lazy = LinearClassifier.train(labels, examples, words, { l2: 0, weightDecay: decay });
      for (const text of ["salesforce api", "rain tonight", "oauth football"]) {
        const expected = eagerProbabilities(decay, text);
        const got = Array.from(lazy.probabilities(text));
        expect(got[0]).toBeCloseTo(expected[0]!, 9);
      }
    }
  });

  it("shrinks the model towards even odds as the decay grows", () => {
    const sure = (decay: number) => LinearClassifier.train(labels, examples, words, { l2: 0, weightDecay: decay }).probabilities("salesforce api")[0]!;
    expect(sure(0)).toBeGreaterThan(sure(0.3));
    expect(sure(0.3)).toBeGreaterThan(0.5);
  });
});

describe("LinearClassifier feature scale", () => {
  // "f:rule" fires on both labels' examples as often as each word does, but disagrees with the word in the last two:
  // weighted up, it decides the messages where it and an unseen word are all there is.
  const withRule = (t: string) => [...words(t), ...(t.includes("please") ? ["f:rule"] : [])];
  const data = [
    { text: "please connect salesforce", label: "integration" as const },
    { text: "please oauth scopes", label: "integration" as const },
    { text: "please api keys", label: "integration" as const },
    { text: "weather please", label: "other" as const },
    { text: "football tonight", label: "other" as const },
    { text: "rain tomorrow", label: "other" as const },
  ];
  const scale = (f: string) => (f.startsWith("f:") ? 3 : 1);
  const own = mkdtempSync(path.join(tmpdir(), "pp-models-scaled-"));
  afterAll(() => rmSync(own, { recursive: true, force: true }));

  it("gives a scaled feature more say, at training and prediction alike", () => {
    const plain = LinearClassifier.train(["integration", "other"] as const, data, withRule);
    const scaled = LinearClassifier.train(["integration", "other"] as const, data, withRule, {}, scale);
    expect(scaled.probabilities("please unknownword")[0]!).toBeGreaterThan(plain.probabilities("please unknownword")[0]!);
  });

  it("keeps the scale through the disk cache (the same probabilities read back)", () => {
    const train = () => LinearClassifier.train(["integration", "other"] as const, data, withRule, {}, scale);
    const first = cachedClassifier(own, "scaled", "s1", withRule, train, scale);
    const second = cachedClassifier(own, "scaled", "s1", withRule, () => { throw new Error("should read from disk"); }, scale);
    expect(second.probabilities("please unknownword")[0]).toBeCloseTo(first.probabilities("please unknownword")[0]!, 5);
  });
});

describe("cachedClassifier", () => {
  it("trains once, then reads the model from disk; a torn file means train again", () => {
    let trained = 0;
    const train = () => {
      trained++;
      return LinearClassifier.train(["integration", "other"] as const, examples, words);
    };
    const first = cachedClassifier(dir, "t", "k1", words, train);
    const second = cachedClassifier(dir, "t", "k1", words, train);
    expect(trained).toBe(1);
    expect(second.probabilities("salesforce api")[0]).toBeCloseTo(first.probabilities("salesforce api")[0]!, 5);
    // Truncate the weights: the header no longer fits them, so the model is retrained (and rewritten).
    const weights = readdirSync(dir).find((f) => f.endsWith(".f32"))!;
    writeFileSync(path.join(dir, weights), Buffer.alloc(3));
    cachedClassifier(dir, "t", "k1", words, train);
    expect(trained).toBe(2);
    // Another key is another model.
    cachedClassifier(dir, "t", "k2", words, train);
    expect(trained).toBe(3);
  });
});

describe("the shipped intent model", () => {
  it("tells errands that name company systems from integration questions", () => {
    const model = IntentModel.train(readIntentExamples(), INTENT_TRAINING);
    expect(model.predict("how do i reset my okta password, im locked out").intent).toBe("out_of_scope");
    expect(model.predict("how do we provision ChatGPT Enterprise seats via SCIM from Okta?").intent).toBe("integration");
    expect(model.predict("can you connect me with a certified SAP partner? we have budget").intent).toBe("partner_request");
  });

  it("has a feature for asking a check-in to be run, apart from talking about one", () => {
    expect(intentFeatures("can u run a check-in for the north field engineers? 35 ppl")).toContain("f:checkin_request");
    expect(intentFeatures("how long does a check-in take per person?")).toContain("f:checkin");
    expect(intentFeatures("how long does a check-in take per person?")).not.toContain("f:checkin_request");
  });

  it("gives the scope decision P(out of scope) from its scope head", () => {
    const model = IntentModel.train(readIntentExamples(), INTENT_TRAINING);
    const errand = model.predict("can you book me a table for 6 at the italian place friday");
    const question = model.predict("how do we provision ChatGPT Enterprise seats via SCIM from Okta?");
    expect(errand.outOfScope).toBeGreaterThan(0.5);
    expect(question.outOfScope).toBeLessThan(0.1);
    // A head of its own: not the intent head's probability.
    expect(errand.outOfScope).not.toBeCloseTo(errand.probabilities.out_of_scope, 6);
  });
});
