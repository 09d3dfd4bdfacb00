export interface TrainOptions {
  epochs?: number;
  learningRate?: number;
  /** L2 penalty per step on the weights of the features active in that step's example. */
  l2?: number;
  /**
   * L2 penalty per step on every weight (plain weight decay, whether its feature is active or not). Applied lazily:
   * the weights are kept as one shared factor times a stored vector, so a step costs the example's features only.
   */
  weightDecay?: number;
}

/**
 * The value a feature takes when present (1 when absent from the scale). The weight decay here acts on every step a
 * feature is active, so a feature that fires on many messages (a wording family) is shrunk far more than a rare word;
 * a larger value gives it back its say. Keep it out of JSON (options are hashed into cache keys): hash the settings
 * that define it instead.
 */
export type FeatureScale = (feature: string) => number;

/**
 * One epoch of the schedule both linear models here train with (this classifier and the intent model's encoder half):
 * a learning rate decaying with the epoch, and a fixed interleaving instead of random shuffling (examples visited in
 * a stride order that changes per epoch), so the same data always gives the same weights.
 */
export function epochSchedule(epoch: number, rate0: number, n: number): { rate: number; order: (s: number) => number } {
  const stride = [1, 7, 13, 31][epoch % 4]!;
  return { rate: rate0 / (1 + epoch * 0.1), order: (s) => (s * stride) % n };
}

/**
 * Multinomial logistic regression over sparse binary features: one weight vector per label over a feature
 * vocabulary fixed at training time. Used for intents and for the playbook prior of search.
 */
export class LinearClassifier<L extends string> {
  private constructor(
    readonly labels: readonly L[],
    private readonly columns: Map<string, number>,
    /** weights[k * columns + j]: label k, feature j. */
    private readonly weights: Float64Array,
    private readonly features: (text: string) => string[],
    /** Per column, the feature's value when present (see FeatureScale); undefined: every feature is 1. */
    private readonly scales?: Float64Array,
  ) {}

  /** Trains with stochastic gradient descent on the softmax loss, in a fixed visiting order (deterministic). */
  static train<L extends string>(
    labels: readonly L[],
    examples: { text: string; label: L }[],
    features: (text: string) => string[],
    options: TrainOptions = {},
    scale?: FeatureScale,
  ): LinearClassifier<L> {
    const epochs = options.epochs ?? 40;
    const rate0 = options.learningRate ?? 0.2;
    const l2 = options.l2 ?? 1e-3;
    const decay = options.weightDecay ?? 0;
    const columns = new Map<string, number>();
    const encoded = examples.map((e) => ({
      cols: features(e.text).map((f) => {
        let j = columns.get(f);
        if (j === undefined) columns.set(f, (j = columns.size));
        return j;
      }),
      y: labels.indexOf(e.label),
    }));
    const K = labels.length;
    const D = columns.size;
    const scales = scaleColumns(columns, scale);
    const w = new Float64Array(K * D);
    const scores = new Float64Array(K);
    const n = encoded.length;
    // The true weights are `factor * w`: decaying every weight is one multiplication of `factor`, and a step's update
    // is divided by it. When it grows small the vector is rescaled, so nothing underflows.
    let factor = 1;
    for (let epoch = 0; epoch < epochs; epoch++) {
      const { rate, order } = epochSchedule(epoch, rate0, n);
      for (let s = 0; s < n; s++) {
        const ex = encoded[order(s)]!;
        if (ex.y < 0) continue;
        softmax(w, D, ex.cols, scores, scales, factor);
        if (decay > 0) {
          factor *= 1 - rate * decay;
          if (factor < 1e-6) {
            for (let i = 0; i < w.length; i++) w[i] = w[i]! * factor;
            factor = 1;
          }
        }
        const step = rate / factor;
        for (let k = 0; k < K; k++) {
          const g = scores[k]! - (k === ex.y ? 1 : 0);
          if (g === 0) continue;
          const base = k * D;
          if (scales) for (const j of ex.cols) w[base + j] = w[base + j]! * (1 - l2) - step * g * scales[j]!;
          else for (const j of ex.cols) w[base + j] = w[base + j]! * (1 - l2) - step * g;
        }
      }
    }
    if (factor !== 1) for (let i = 0; i < w.length; i++) w[i] = w[i]! * factor;
    return new LinearClassifier(labels, columns, w, features, scales);
  }

  /** The model as two files' contents: a JSON header (labels, feature names in column order) and the weights. */
  serialise(): { header: string; weights: Buffer } {
    const features = new Array<string>(this.columns.size);
    for (const [f, j] of this.columns) features[j] = f;
    return { header: JSON.stringify({ labels: this.labels, features }), weights: Buffer.from(new Float32Array(this.weights).buffer) };
  }

  /** Reads what `serialise` wrote; undefined when the two do not fit together (a torn or foreign file). */
  static deserialise<L extends string>(header: string, weights: Buffer, features: (text: string) => string[], scale?: FeatureScale): LinearClassifier<L> | undefined {
    try {
      const parsed = JSON.parse(header) as { labels: L[]; features: string[] };
      if (!Array.isArray(parsed.labels) || !Array.isArray(parsed.features)) return undefined;
      if (weights.byteLength !== parsed.labels.length * parsed.features.length * 4) return undefined;
      const w32 = new Float32Array(weights.buffer, weights.byteOffset, weights.byteLength / 4);
      const columns = new Map(parsed.features.map((f, j) => [f, j]));
      return new LinearClassifier(parsed.labels, columns, Float64Array.from(w32), features, scaleColumns(columns, scale));
    } catch {
      return undefined;
    }
  }

  /** The probability of every label, in `labels` order. */
  probabilities(text: string): Float64Array {
    return this.probabilitiesOf(this.features(text));
  }

  /** The same from the text's features, for callers that ask several models about one text. */
  probabilitiesOf(features: string[]): Float64Array {
    const cols = features
      .map((f) => this.columns.get(f))
      .filter((j): j is number => j !== undefined);
    const p = new Float64Array(this.labels.length);
    softmax(this.weights, this.columns.size, cols, p, this.scales);
    return p;
  }
}

/** Each column's value when present, or undefined when every feature is 1 (no scale, or one that leaves all at 1). */
function scaleColumns(columns: Map<string, number>, scale: FeatureScale | undefined): Float64Array | undefined {
  if (!scale) return undefined;
  const out = new Float64Array(columns.size).fill(1);
  let any = false;
  for (const [f, j] of columns) {
    const v = scale(f);
    if (v !== 1) (out[j] = v), (any = true);
  }
  return any ? out : undefined;
}

function softmax(w: Float64Array, D: number, cols: number[], out: Float64Array, scales?: Float64Array, factor = 1): void {
  let max = -Infinity;
  for (let k = 0; k < out.length; k++) {
    let s = 0;
    const base = k * D;
    if (scales) for (const j of cols) s += w[base + j]! * scales[j]!;
    else for (const j of cols) s += w[base + j]!;
    s *= factor;
    out[k] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let k = 0; k < out.length; k++) sum += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / sum;
}

