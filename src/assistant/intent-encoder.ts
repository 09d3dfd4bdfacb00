/**
 * The intent model's second reader: a softmax regression over the message's sentence-encoder vector (Universal
 * Sentence Encoder lite, offline), combined with the word-level model (intent-model.ts) by averaging the two
 * models' log-probabilities. Words and character n-grams learn the wordings seen in training; the encoder's vector
 * places a new wording ("please arrange that", "who builds something like that?") near the training messages that
 * mean the same. Left out one blind set at a time (E, F, G), the two together were right 2.5–4.5 points more often
 * than the word model alone (`partnerpilot eval --fit-intent` prints it).
 *
 * The weights are fitted by that command on the shipped labelled messages (src/assistant/training/intents*.jsonl)
 * and shipped in src/assistant/training/intent-encoder-weights.json, so a start needs only the encoder (~0.3 s to
 * load, ~10 ms a message), not the 2,400 training messages encoded.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { epochSchedule } from "../learning/LinearClassifier.ts";
import { IntentSchema, type Intent } from "./contract.ts";
import type { IntentPrediction } from "./intent-model.ts";

export const INTENT_ENCODER_WEIGHTS_FILE = fileURLToPath(new URL("./training/intent-encoder-weights.json", import.meta.url));

/** Weight of the encoder model's log-probabilities against the word model's (an even average; not tuned). */
export const ENCODER_SHARE = 0.5;

/**
 * The encoder is asked only when the word model is less sure than this of its best intent: left out one at a time,
 * blind sets E, F and G scored 0.839, 0.850 and 0.880 with this gate against 0.839, 0.855 and 0.880 asking it every
 * time, while it encoded 30–32% of their messages (each encoding costs ~13 ms on this machine).
 */
export const ENCODER_BELOW_CONFIDENCE = 0.8;

const WeightsFileSchema = z.object({
  /** The encoder whose vectors the weights read (SentenceEncoder.id); other encoders' vectors mean nothing to them. */
  encoder: z.string().min(1),
  dimensions: z.number().int().positive(),
  labels: z.array(IntentSchema).min(2),
  /** One row per label: `dimensions` weights, then the bias. */
  weights: z.array(z.array(z.number())),
  /** The training files it was fitted on. */
  fittedOn: z.array(z.string()),
});
export type EncodedIntentWeights = z.infer<typeof WeightsFileSchema>;

export interface FitOptions {
  epochs?: number;
  learningRate?: number;
  l2?: number;
}

/** Softmax regression over unit-length encoder vectors. */
export class EncodedIntentModel {
  /** The weights as one row-major array (label k's weights, then its bias, at k * (dimensions + 1)). */
  private readonly flat: Float64Array;

  private constructor(private readonly w: EncodedIntentWeights) {
    if (w.weights.length !== w.labels.length || w.weights.some((row) => row.length !== w.dimensions + 1)) {
      throw new Error(`intent encoder weights: expected ${w.labels.length} rows of ${w.dimensions + 1} numbers`);
    }
    this.flat = new Float64Array(w.labels.length * (w.dimensions + 1));
    w.weights.forEach((row, k) => this.flat.set(row, k * (w.dimensions + 1)));
  }

  get encoder(): string {
    return this.w.encoder;
  }

  get weights(): EncodedIntentWeights {
    return this.w;
  }

  /** Fits by stochastic gradient descent on LinearClassifier's deterministic schedule, with weight decay. */
  static fit(
    examples: { vector: Float32Array; intent: Intent }[],
    meta: { encoder: string; dimensions: number; labels: readonly Intent[]; fittedOn: string[] },
    options: FitOptions = {},
  ): EncodedIntentModel {
    const epochs = options.epochs ?? 30;
    const rate0 = options.learningRate ?? 0.5;
    const l2 = options.l2 ?? 1e-4;
    const D = meta.dimensions;
    const K = meta.labels.length;
    const w = new Float64Array(K * (D + 1));
    const p = new Float64Array(K);
    const n = examples.length;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const { rate, order } = epochSchedule(epoch, rate0, n);
      for (let s = 0; s < n; s++) {
        const ex = examples[order(s)]!;
        const y = meta.labels.indexOf(ex.intent);
        if (y < 0) continue;
        softmax(w, D, K, ex.vector, p);
        for (let k = 0; k < K; k++) {
          const g = p[k]! - (k === y ? 1 : 0);
          const base = k * (D + 1);
          for (let j = 0; j < D; j++) w[base + j] = w[base + j]! * (1 - l2) - rate * g * ex.vector[j]!;
          w[base + D] = w[base + D]! - rate * g;
        }
      }
    }
    const weights = Array.from({ length: K }, (_, k) => Array.from(w.subarray(k * (D + 1), (k + 1) * (D + 1)), (x) => Math.round(x * 1e5) / 1e5));
    return new EncodedIntentModel({ encoder: meta.encoder, dimensions: D, labels: [...meta.labels], weights, fittedOn: meta.fittedOn });
  }

  /** The shipped weights, or undefined when none are shipped. A file that does not parse is an error. */
  static load(file = INTENT_ENCODER_WEIGHTS_FILE): EncodedIntentModel | undefined {
    if (!existsSync(file)) return undefined;
    const parsed = WeightsFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
    if (!parsed.success) throw new Error(`${file}: not an intent-encoder weights file (${parsed.error.issues[0]?.message ?? "invalid"})`);
    return new EncodedIntentModel(parsed.data);
  }

  probabilities(vector: Float32Array): Record<Intent, number> {
    if (vector.length !== this.w.dimensions) throw new Error(`intent encoder: a ${vector.length}-d vector for ${this.w.dimensions}-d weights`);
    const K = this.w.labels.length;
    const p = new Float64Array(K);
    softmax(this.flat, this.w.dimensions, K, vector, p);
    const out = Object.fromEntries(IntentSchema.options.map((i) => [i, 0])) as Record<Intent, number>;
    this.w.labels.forEach((label, k) => (out[label] = p[k]!));
    return out;
  }
}

/** Whether the word model is unsure enough of its reading for the encoder to be asked. */
export function needsEncoder(words: IntentPrediction): boolean {
  return words.probabilities[words.intent] < ENCODER_BELOW_CONFIDENCE;
}

/** The reading of both models together: their probabilities combined, and the likeliest intent of those. */
export function combinedPrediction(words: IntentPrediction, encoded: Record<Intent, number>): IntentPrediction {
  const probabilities = combineIntentProbabilities(words.probabilities, encoded);
  const intents = IntentSchema.options;
  const intent = intents.reduce((best, i) => (probabilities[i] > probabilities[best] ? i : best), intents[0]!);
  return { intent, probabilities, outOfScope: words.outOfScope };
}

/** The two models' log-probabilities averaged (`share` on the encoder's), renormalised. */
export function combineIntentProbabilities(words: Record<Intent, number>, encoded: Record<Intent, number>, share = ENCODER_SHARE): Record<Intent, number> {
  const intents = IntentSchema.options;
  const logits = intents.map((i) => (1 - share) * Math.log(words[i] + 1e-9) + share * Math.log(encoded[i] + 1e-9));
  const max = Math.max(...logits);
  const e = logits.map((z) => Math.exp(z - max));
  const total = e.reduce((a, b) => a + b, 0);
  return Object.fromEntries(intents.map((i, k) => [i, e[k]! / total])) as Record<Intent, number>;
}

function softmax(w: Float64Array, D: number, K: number, x: Float32Array, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < K; k++) {
    const base = k * (D + 1);
    let z = w[base + D]!;
    for (let j = 0; j < D; j++) z += w[base + j]! * x[j]!;
    out[k] = z;
    if (z > max) max = z;
  }
  let total = 0;
  for (let k = 0; k < K; k++) {
    out[k] = Math.exp(out[k]! - max);
    total += out[k]!;
  }
  for (let k = 0; k < K; k++) out[k] = out[k]! / total;
}
