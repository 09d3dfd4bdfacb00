import { describe, expect, it } from "vitest";
import { caveatFeatures, type CaveatSignals, doubtProbability, MARGIN_CAP, needsCaveat } from "../../src/assistant/caveat.ts";
import { type CaveatSample, caveatRates, fitCaveatWeights } from "../../src/evaluation/calibration.ts";

/** A confident, clear answer: the prior sure of the playbook, the opening well ahead of any other section's sentence. */
const clear: CaveatSignals = { confidence: 0.55, specificCoverage: 0.8, outOfScope: 0.02, weakMatch: false, bestPrior: 0.95, citedPrior: 0.95, inThread: false, leadScore: 4, leadMargin: 2.5 };

describe("the shipped caveat decision", () => {
  it("leaves a clear answer unhedged", () => {
    expect(needsCaveat(clear)).toBe(false);
  });

  it("hedges an opening that won by a hair over another section's sentence, with a doubtful prior", () => {
    expect(needsCaveat({ ...clear, leadMargin: 0.02, leadScore: 1.5, bestPrior: 0.3, citedPrior: 0.2, weakMatch: true })).toBe(true);
  });

  it("grows more doubtful as the opening's lead shrinks, and as the prior doubts every playbook", () => {
    expect(doubtProbability({ ...clear, leadMargin: 0.1 })).toBeGreaterThan(doubtProbability(clear));
    expect(doubtProbability({ ...clear, bestPrior: 0.2, citedPrior: 0.2 })).toBeGreaterThan(doubtProbability(clear));
    // A weak match is one with little retrieval confidence: together they doubt more (the flag alone adds little beside it).
    expect(doubtProbability({ ...clear, weakMatch: true, confidence: 0.1 })).toBeGreaterThan(doubtProbability(clear));
  });

  it("caps the margin: a runaway lead says no more than a clear one", () => {
    expect(caveatFeatures({ ...clear, leadMargin: 40 }).leadMargin).toBe(MARGIN_CAP);
    expect(doubtProbability({ ...clear, leadMargin: 40 })).toBe(doubtProbability({ ...clear, leadMargin: MARGIN_CAP }));
  });

  it("reads a missing cited prior as the best playbook's, and an answer not composed from passages as such", () => {
    const { citedPrior: _, ...noCited } = clear;
    expect(caveatFeatures(noCited).logitCitedPrior).toBeCloseTo(caveatFeatures(clear).logitBestPrior);
    const { leadScore: _s, leadMargin: _m, ...notComposed } = clear;
    expect(caveatFeatures(notComposed).notComposed).toBe(1);
  });
});

describe("fitting the caveat (eval --fit-caveat)", () => {
  // Synthetic answers: the opening missed exactly when its lead over other sections was small.
  const samples: CaveatSample[] = Array.from({ length: 200 }, (_, i) => {
    const margin = (i % 20) / 5;
    return { missed: margin < 1, uncovered: false, signals: { ...clear, leadMargin: margin, leadScore: 2 + (i % 7) / 7 } };
  });

  it("learns the sign of a feature that separates missed openings, on the features' raw scale", () => {
    const w = fitCaveatWeights(samples);
    expect(w.leadMargin).toBeLessThan(0);
    const p = (margin: number) => doubtProbability({ ...clear, leadMargin: margin }, w);
    expect(p(0.2)).toBeGreaterThan(0.5);
    expect(p(3)).toBeLessThan(0.5);
  });

  it("counts the hedged share of stated, missed and uncovered answers apart", () => {
    const mixed: CaveatSample[] = [
      { missed: false, uncovered: false, signals: clear },
      { missed: false, uncovered: false, signals: { ...clear, weakMatch: true } },
      { missed: true, uncovered: false, signals: { ...clear, weakMatch: true } },
      { missed: true, uncovered: true, signals: clear },
    ];
    expect(caveatRates(mixed, (s) => s.signals.weakMatch)).toEqual({ right: 0.5, missed: 1, uncovered: 0 });
  });
});
