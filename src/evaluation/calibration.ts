/**
 * Calibrates the scope decision (src/assistant/scope.ts) on labelled messages: fits the logistic weights that
 * turn the intent model's P(out of scope), the retrieval evidence, domain words and the thread into a calibrated
 * P(out of scope), and prints the curve a cut-off is chosen from (share of in-scope messages refused against
 * share of out-of-scope messages refused), and the same for the "nothing relevant" floor on specific coverage.
 */
import type { Answer, AnswerEngine } from "../assistant/contract.ts";
import { outOfScopeProbability, SCOPE_WEIGHTS, scopeFeatures } from "../assistant/scope.ts";
import { CAVEAT_WEIGHTS, type CaveatSignals, type CaveatWeights, caveatFeatures } from "../assistant/caveat.ts";
import { factForm } from "../retrieval/text.ts";
import { type AnswerCase, opening } from "./answers.ts";
import { conversationIds } from "./runs.ts";

export interface ScopeSample {
  outOfScope: boolean;
  signals: NonNullable<Answer["signals"]>;
}

export async function collectScopeSamples(makeEngine: () => AnswerEngine, cases: AnswerCase[]): Promise<ScopeSample[]> {
  const out: ScopeSample[] = [];
  const nextConversation = conversationIds("calibrate");
  for (const c of cases) {
    if (c.scope !== "in" && c.scope !== "out") continue;
    if (c.intent === "smalltalk") continue;
    const engine = makeEngine();
    const conversationId = nextConversation();
    for (const earlier of c.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_EVAL" });
    const a = await engine.ask({ text: c.text, conversationId, userId: "U_EVAL" });
    if (a.signals) out.push({ outOfScope: c.scope === "out", signals: a.signals });
  }
  return out;
}

type Weights = typeof SCOPE_WEIGHTS;

/**
 * Logistic regression by full-batch gradient descent, deterministic: weights for `keys` from zero; each step the mean
 * gradient, each sample's share scaled by `sampleWeight`, plus L2 towards zero on the keys `decays` names.
 */
function descendLogistic<K extends string>(
  keys: readonly K[],
  xs: readonly Record<K, number>[],
  ys: readonly number[],
  options: { iterations: number; rate: number; l2: number; sampleWeight?: (i: number) => number; decays?: (key: K) => boolean },
): Record<K, number> {
  const w = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  for (let it = 0; it < options.iterations; it++) {
    const grad = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    xs.forEach((x, i) => {
      let z = 0;
      for (const k of keys) z += w[k] * x[k];
      const p = 1 / (1 + Math.exp(-z));
      const g = (options.sampleWeight?.(i) ?? 1) * (p - ys[i]!);
      for (const k of keys) grad[k] += g * x[k];
    });
    for (const k of keys) w[k] -= options.rate * (grad[k] / (xs.length || 1) + ((options.decays?.(k) ?? true) ? options.l2 * w[k] : 0));
  }
  return w;
}

/** The scope decision's five weights (descendLogistic, every weight decayed), to two decimals. */
export function fitScopeWeights(samples: ScopeSample[], iterations = 3000, rate = 0.5, l2 = 1e-3): Weights {
  const keys = Object.keys(SCOPE_WEIGHTS) as (keyof Weights)[];
  // Out-of-scope messages are the minority: weigh the classes equally.
  const pos = samples.filter((s) => s.outOfScope).length || 1;
  const neg = samples.length - pos || 1;
  const w = descendLogistic(keys, samples.map((s) => scopeFeatures(s.signals)), samples.map((s) => (s.outOfScope ? 1 : 0)), {
    iterations,
    rate,
    l2,
    sampleWeight: (i) => (samples[i]!.outOfScope ? samples.length / (2 * pos) : samples.length / (2 * neg)),
  });
  return Object.fromEntries(keys.map((k) => [k, Math.round(w[k] * 100) / 100])) as Weights;
}

export interface CurvePoint {
  cutoff: number;
  inScopeRefused: number;
  outOfScopeRefused: number;
}

export function scopeCurve(samples: ScopeSample[], weights: Weights, cutoffs = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]): CurvePoint[] {
  const p = samples.map((s) => outOfScopeProbability(s.signals, weights));
  const ins = samples.map((s, i) => ({ s, p: p[i]! })).filter((x) => !x.s.outOfScope);
  const outs = samples.map((s, i) => ({ s, p: p[i]! })).filter((x) => x.s.outOfScope);
  return cutoffs.map((cutoff) => ({
    cutoff,
    inScopeRefused: ins.filter((x) => x.p >= cutoff).length / (ins.length || 1),
    outOfScopeRefused: outs.filter((x) => x.p >= cutoff).length / (outs.length || 1),
  }));
}

/** Share of in-scope messages whose specific coverage falls under each floor (they would be refused as not covered). */
export function coverageCurve(samples: ScopeSample[], floors = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]): { floor: number; inScopeRefused: number; outOfScopeRefused: number }[] {
  const ins = samples.filter((s) => !s.outOfScope);
  const outs = samples.filter((s) => s.outOfScope);
  const under = (s: ScopeSample, f: number) => s.signals.specificCoverage !== undefined && s.signals.specificCoverage < f;
  return floors.map((floor) => ({
    floor,
    inScopeRefused: ins.filter((s) => under(s, floor)).length / (ins.length || 1),
    outOfScopeRefused: outs.filter((s) => under(s, floor)).length / (outs.length || 1),
  }));
}

/** One answer the caveat may sit on: what it was decided on, and whether its opening missed (or the playbooks do not cover it). */
export interface CaveatSample {
  missed: boolean;
  uncovered: boolean;
  signals: CaveatSignals;
}

/**
 * The answers to the labelled in-scope questions with a fact, and to the uncovered ones, that were composed offline
 * (not the partner route, where no caveat is shown): `missed` when the opening does not state the fact, or the
 * playbooks do not cover the question at all.
 */
export async function collectCaveatSamples(makeEngine: () => AnswerEngine, cases: AnswerCase[]): Promise<CaveatSample[]> {
  const out: CaveatSample[] = [];
  const nextConversation = conversationIds("caveat");
  for (const c of cases) {
    const withFact = c.scope === "in" && c.intent !== "smalltalk" && (c.fact?.length ?? 0) > 0;
    if (!withFact && c.scope !== "uncovered") continue;
    const engine = makeEngine();
    const conversationId = nextConversation();
    for (const earlier of c.history ?? []) await engine.ask({ text: earlier, conversationId, userId: "U_EVAL" });
    const a = await engine.ask({ text: c.text, conversationId, userId: "U_EVAL" });
    if (a.reply.kind !== "answer" || a.reply.partnerRoute || !a.caveatSignals) continue;
    const open = opening(a);
    const stated = withFact && c.fact!.some((f) => open.includes(factForm(f)));
    out.push({ missed: !stated, uncovered: c.scope === "uncovered", signals: a.caveatSignals });
  }
  return out;
}

/**
 * Logistic regression of `missed` on the caveat's features (caveat.ts), fitted on standardised features with a little
 * L2 and returned on the raw scale, so the shipped weights multiply the features as the engine computes them.
 */
export function fitCaveatWeights(samples: CaveatSample[], iterations = 3000, rate = 0.5, l2 = 1e-2): CaveatWeights {
  const keys = Object.keys(CAVEAT_WEIGHTS) as (keyof CaveatWeights)[];
  const xs = samples.map((s) => caveatFeatures(s.signals));
  const mean = Object.fromEntries(keys.map((k) => [k, k === "bias" ? 0 : xs.reduce((a, x) => a + x[k], 0) / (xs.length || 1)])) as CaveatWeights;
  const sd = Object.fromEntries(
    keys.map((k) => [k, k === "bias" ? 1 : Math.sqrt(xs.reduce((a, x) => a + (x[k] - mean[k]) ** 2, 0) / (xs.length || 1)) || 1]),
  ) as CaveatWeights;
  const z = xs.map((x) => Object.fromEntries(keys.map((k) => [k, (x[k] - mean[k]) / sd[k]])) as CaveatWeights);
  const w = descendLogistic(keys, z, samples.map((s) => (s.missed ? 1 : 0)), { iterations, rate, l2, decays: (k) => k !== "bias" });
  const raw = Object.fromEntries(keys.map((k) => [k, k === "bias" ? 0 : w[k] / sd[k]])) as CaveatWeights;
  raw.bias = w.bias - keys.reduce((a, k) => a + (k === "bias" ? 0 : (w[k] * mean[k]) / sd[k]), 0);
  return Object.fromEntries(keys.map((k) => [k, Math.round(raw[k] * 1e4) / 1e4])) as CaveatWeights;
}

/** Share of answers hedged, among those whose opening stated the fact, those that missed it, and the uncovered questions. */
export function caveatRates(samples: CaveatSample[], hedged: (s: CaveatSample) => boolean): { right: number; missed: number; uncovered: number } {
  const share = (xs: CaveatSample[]) => xs.filter(hedged).length / (xs.length || 1);
  return {
    right: share(samples.filter((s) => !s.missed)),
    missed: share(samples.filter((s) => s.missed && !s.uncovered)),
    uncovered: share(samples.filter((s) => s.uncovered)),
  };
}
