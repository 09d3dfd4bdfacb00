/**
 * Whether an offline answer carries the "only partly covered" caveat: a calibrated probability that its opening does
 * not answer the question, from what the engine already knows when it composes it (retrieval, the learned playbook
 * prior, the scope decision, and how clearly the opening sentence won). Fitted by `partnerpilot eval --fit-caveat` on
 * the labelled answer sets, each group of sets measured with the priors and intent model learned without it.
 *
 * The rule it replaces (retrieval confidence under 0.2, a weak match, or the cited playbook's prior under 0.5) hedged
 * 31% of the answers whose opening stated the asked fact, 48% of those whose opening did not and 63% of the uncovered
 * questions it answered (read and training sets, 3,411 answers): it said little, and it kept the yes/no verdict off a
 * third of right answers. The opening's lead over the best sentence of any other section is the strongest sign (an
 * opening chosen by a hair is often the wrong section's), then the prior's confidence in any playbook.
 */

export interface CaveatSignals {
  /** Retrieval confidence 0..1. */
  confidence: number;
  /** Share of what the question is specifically about that the passages contain (undefined: nothing specific). */
  specificCoverage?: number;
  /** Calibrated probability that the message is out of scope (the scope decision's). */
  outOfScope: number;
  /** The scope decision found only a weak match (answer_with_caveat). */
  weakMatch: boolean;
  /** The learned playbook prior's P(playbook | question) for the best playbook of the search, and for the cited one. */
  bestPrior: number;
  citedPrior?: number;
  /** The message follows an earlier answer in its thread. */
  inThread: boolean;
  /** The opening sentence's score and its lead over the best sentence of another section (undefined: not composed from passages). */
  leadScore?: number;
  leadMargin?: number;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-4, Math.max(1e-4, p));
  return Math.log(q / (1 - q));
};

/** The features the weights multiply; a margin is capped, as the opening's scores have no fixed scale above it. */
export function caveatFeatures(s: CaveatSignals) {
  return {
    bias: 1,
    confidence: s.confidence,
    coverage: s.specificCoverage ?? 1,
    logitOutOfScope: logit(s.outOfScope),
    weakMatch: s.weakMatch ? 1 : 0,
    logitBestPrior: logit(s.bestPrior),
    logitCitedPrior: logit(s.citedPrior ?? s.bestPrior),
    inThread: s.inThread ? 1 : 0,
    leadScore: s.leadScore ?? 0,
    leadMargin: Math.min(MARGIN_CAP, s.leadMargin ?? 0),
    notComposed: s.leadScore === undefined ? 1 : 0,
  };
}

export type CaveatWeights = ReturnType<typeof caveatFeatures>;
export const MARGIN_CAP = 3;

/** Fitted by `eval --fit-caveat` (see the top of this file); raw feature scale. */
export const CAVEAT_WEIGHTS: CaveatWeights = {
  bias: 0.2718,
  confidence: -0.4091,
  coverage: 0.6973,
  logitOutOfScope: 0.0348,
  weakMatch: 0.4361,
  logitBestPrior: -0.1414,
  logitCitedPrior: -0.0123,
  inThread: 0.626,
  leadScore: -0.2174,
  leadMargin: -0.7728,
  notComposed: 0,
};

/** At or above this probability that the opening misses, the answer carries the caveat (chosen with the weights). */
export const CAVEAT_CUTOFF = 0.35;

export function doubtProbability(s: CaveatSignals, weights: CaveatWeights = CAVEAT_WEIGHTS): number {
  const f = caveatFeatures(s);
  let z = 0;
  for (const k of Object.keys(weights) as (keyof CaveatWeights)[]) z += weights[k] * f[k];
  return 1 / (1 + Math.exp(-z));
}

export function needsCaveat(s: CaveatSignals, weights: CaveatWeights = CAVEAT_WEIGHTS, cutoff = CAVEAT_CUTOFF): boolean {
  return doubtProbability(s, weights) >= cutoff;
}
