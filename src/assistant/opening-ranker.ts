/**
 * Which sentence opens an offline answer: a linear score over what the composer knows of each candidate
 * sentence (how much of the question it covers, whether it states the kind of fact asked for, where its passage
 * ranked, whether it is a step, an example or a sentence about the playbook itself). The weights are learned:
 * for every labelled question whose asked fact (a short phrase, see test/eval/README.md) occurs in one of the
 * candidates, a listwise softmax over that question's candidates is fitted to put a sentence stating the fact
 * first (`partnerpilot eval --fit-opening`, which also reports each set left out). The hand-set weights the
 * composer used before are the starting point and the fallback when no learned weights are shipped.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export const OPENING_FEATURES = [
  /** IDF-weighted share of the question's terms that the sentence contains. */
  "overlap",
  /** Unweighted share of the question's terms in the sentence. */
  "coverage",
  /** Share of the question's adjacent term pairs that occur adjacent in the sentence. */
  "pairs",
  /** IDF-weighted share of the question's terms in the passage's heading. */
  "headingOverlap",
  /** The passage's search score relative to the best passage's. */
  "passage",
  /** The passage is the best-ranked one. */
  "bestPassage",
  /** The passage is in the best passage's playbook. */
  "bestPlaybook",
  /** P(playbook | question) of the learned playbook prior. */
  "prior",
  /** "Can I …?" asked, and the sentence states a rule. */
  "permissionAnswered",
  /** "How many / how long / how much?" asked, and the sentence states a quantity. */
  "quantityAnswered",
  /** "Who …?" asked, and the sentence names a team, office or channel. */
  "whoAnswered",
  /** "How do I …?" asked, and the sentence introduces a passage that has numbered steps. */
  "procedureIntro",
  /** The sentence states a rule / a quantity / a team, whatever was asked. */
  "normative",
  "quantity",
  "team",
  /** A numbered step. */
  "step",
  /** The first candidate sentence of its passage; and its relative position (0 first, 1 last). */
  "firstOfPassage",
  "position",
  /** Longer than 400 characters; shorter than 60. */
  "long",
  "short",
  /** About the playbook itself ("This playbook is for …", "It explains …"). */
  "meta",
  /** A bullet opening with a gerund: an example, not an answer. */
  "example",
  /** A sentence of a catalogued use case. */
  "useCase",
  /** A negative or positive rule carried from its list's introduction ("Not allowed: …"). */
  "listRule",
  /** The question asks how long / when, and the sentence states a duration or date. */
  "durationAnswered",
  /** The question asks what it costs, and the sentence states an amount of money. */
  "moneyAnswered",
  /** The question asks how many / what limit, and the sentence states a count, share or limit. */
  "countAnswered",
  /** "Can I …?" asked, and the sentence says no (not allowed, never, must not). */
  "permissionDenied",
  /** The IDF of the rarest question term the sentence contains, relative to the question's rarest term. */
  "rarestMatched",
  /** How many of the question's terms the sentence contains (capped at 5, divided by 5). */
  "matchedTerms",
  /** Cosine of the sentence's and the question's embeddings (the index's dense embedder). */
  "semantic",
  /**
   * The translation model's log probability of the question given the sentence, relative to the best candidate's
   * (0 for the best, negative below it; src/assistant/opening-translation.ts).
   */
  "translation",
  /**
   * The sentence names its subject in a label ("ChatGPT Enterprise: …", "2. Joule, SAP's AI copilot. …"), as the
   * items of a list of tools, systems or tracks do; and the IDF-weighted share of the label's terms the question
   * contains (which item of the list it asks about).
   */
  "labelled",
  "labelMatched",
  /**
   * The labelled questions most like this one (src/assistant/opening-neighbours.ts): the share of their similarity
   * whose answer the sentence stated, and the similarity of the nearest one it answered.
   */
  "neighbourShare",
  "neighbourBest",
  /**
   * The sentence names an AI product or business system the question names ("what does a Copilot seat cost?": a
   * sentence about Copilot); and it names only ones the question does not, while the question names one (the
   * ChatGPT Enterprise seat's price for a question about Copilot's). See products.ts `productsNamed`.
   */
  "productMatched",
  "otherProduct",
  /**
   * "Who …?" asked, and a team, office or role is the sentence's subject ("Information Security issues a decision"),
   * not only named in it ("The vendor uploads its evidence …, because Information Security cannot start without it").
   */
  "actorSubject",
] as const;

export type OpeningFeature = (typeof OPENING_FEATURES)[number];
export type OpeningWeights = Record<OpeningFeature, number>;

/** The composer's weights before they were learned: the baseline every learned set is compared with. */
export const HAND_WEIGHTS: OpeningWeights = {
  overlap: 1,
  coverage: 0,
  pairs: 0,
  headingOverlap: 0.25,
  passage: 0.6,
  bestPassage: 0,
  bestPlaybook: 0,
  prior: 0,
  permissionAnswered: 0.35,
  quantityAnswered: 0.45,
  whoAnswered: 0.4,
  procedureIntro: 0,
  normative: 0,
  quantity: 0,
  team: 0,
  step: 0,
  firstOfPassage: 0,
  position: 0,
  long: -0.15,
  short: 0,
  meta: -0.5,
  example: -0.35,
  useCase: 0,
  listRule: 0,
  durationAnswered: 0,
  moneyAnswered: 0,
  countAnswered: 0,
  permissionDenied: 0,
  rarestMatched: 0,
  matchedTerms: 0,
  semantic: 0,
  translation: 0,
  labelled: 0,
  labelMatched: 0,
  neighbourShare: 0,
  neighbourBest: 0,
  productMatched: 0,
  otherProduct: 0,
  actorSubject: 0,
};

export function scoreOpening(weights: OpeningWeights, features: OpeningFeatureVector): number {
  let s = 0;
  for (let i = 0; i < OPENING_FEATURES.length; i++) s += weights[OPENING_FEATURES[i]!] * features[i]!;
  return s;
}

/** Feature values in OPENING_FEATURES order. */
export type OpeningFeatureVector = Float64Array;

export function featureVector(values: Partial<Record<OpeningFeature, number | boolean>>): OpeningFeatureVector {
  return Float64Array.from(OPENING_FEATURES, (f) => Number(values[f] ?? 0));
}

/** One labelled question: its candidate sentences' features and which of them state the asked fact. */
export interface OpeningGroup {
  features: OpeningFeatureVector[];
  positive: boolean[];
}

/**
 * Fits weights by gradient descent on the listwise softmax loss (the probability mass the softmax over a
 * question's candidates puts on the sentences that state its fact), L2-regularised towards the hand weights so
 * that a feature the data says little about keeps its hand value. Groups without a positive candidate carry no
 * signal and are skipped. Deterministic: full-batch steps, no sampling.
 */
export function fitOpeningWeights(groups: OpeningGroup[], options: { iterations?: number; rate?: number; l2?: number; start?: OpeningWeights } = {}): OpeningWeights {
  const start = options.start ?? HAND_WEIGHTS;
  const iterations = options.iterations ?? 400;
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 0.01;
  const d = OPENING_FEATURES.length;
  const w0 = Float64Array.from(OPENING_FEATURES, (f) => start[f]);
  const w = Float64Array.from(w0);
  const useful = groups.filter((g) => g.positive.some(Boolean) && g.positive.some((p) => !p));
  if (useful.length === 0) return { ...start };
  const grad = new Float64Array(d);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    for (const g of useful) {
      const scores = g.features.map((x) => dot(w, x));
      const max = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - max));
      const all = e.reduce((a, b) => a + b, 0);
      const pos = e.reduce((a, v, i) => a + (g.positive[i] ? v : 0), 0);
      for (let i = 0; i < g.features.length; i++) {
        const coeff = e[i]! / all - (g.positive[i] ? e[i]! / pos : 0);
        if (coeff === 0) continue;
        const x = g.features[i]!;
        for (let j = 0; j < d; j++) grad[j]! += coeff * x[j]!;
      }
    }
    for (let j = 0; j < d; j++) w[j]! -= rate * (grad[j]! / useful.length + l2 * (w[j]! - w0[j]!));
  }
  return Object.fromEntries(OPENING_FEATURES.map((f, j) => [f, Math.round(w[j]! * 1e4) / 1e4])) as OpeningWeights;
}

/** Share of groups (with a positive candidate) whose best-scored candidate states the fact. */
export function openingAccuracy(weights: OpeningWeights, groups: OpeningGroup[]): number {
  const useful = groups.filter((g) => g.positive.some(Boolean));
  if (useful.length === 0) return 0;
  let hits = 0;
  for (const g of useful) {
    let best = -1;
    let bestScore = -Infinity;
    g.features.forEach((x, i) => {
      const s = scoreOpening(weights, x);
      if (s > bestScore) [best, bestScore] = [i, s];
    });
    if (g.positive[best]) hits++;
  }
  return hits / useful.length;
}

function dot(w: Float64Array, x: Float64Array): number {
  let s = 0;
  for (let j = 0; j < w.length; j++) s += w[j]! * x[j]!;
  return s;
}

const WeightsFileSchema = z.object({
  fittedOn: z.array(z.string()),
  weights: z.record(z.string(), z.number()),
});

export const OPENING_WEIGHTS_FILE = fileURLToPath(new URL("./training/opening-weights.json", import.meta.url));

/**
 * The shipped learned weights (written by `eval --fit-opening`), or the hand weights when the file is missing. A
 * file that does not parse, or names a feature this code does not know, is an error: silently falling back would
 * hide a broken model.
 */
export function loadOpeningWeights(file = OPENING_WEIGHTS_FILE): OpeningWeights {
  if (!existsSync(file)) return HAND_WEIGHTS;
  const parsed = WeightsFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: not an opening-weights file (${parsed.error.issues[0]?.message ?? "invalid"})`);
  const unknown = Object.keys(parsed.data.weights).filter((k) => !(OPENING_FEATURES as readonly string[]).includes(k));
  if (unknown.length) throw new Error(`${file}: unknown opening features ${unknown.join(", ")}; re-run partnerpilot eval --fit-opening`);
  return { ...HAND_WEIGHTS, ...parsed.data.weights } as OpeningWeights;
}
