import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  featureVector,
  fitOpeningWeights,
  HAND_WEIGHTS,
  loadOpeningWeights,
  OPENING_FEATURES,
  OPENING_WEIGHTS_FILE,
  type OpeningGroup,
  openingAccuracy,
  scoreOpening,
} from "../../src/assistant/opening-ranker.ts";

/** Questions where the sentence stating the fact is the one with the duration, though another overlaps more. */
function durationGroups(n: number): OpeningGroup[] {
  const groups: OpeningGroup[] = [];
  for (let i = 0; i < n; i++) {
    const wordy = featureVector({ overlap: 0.6 + (i % 3) * 0.05, passage: 1 });
    const answer = featureVector({ overlap: 0.4, passage: 1, durationAnswered: true, quantity: true });
    const other = featureVector({ overlap: 0.2, passage: 0.5 });
    groups.push({ features: [wordy, answer, other], positive: [false, true, false] });
  }
  return groups;
}

describe("opening ranker", () => {
  it("the hand weights score like the composer's former formula", () => {
    const x = featureVector({ overlap: 0.5, headingOverlap: 0.4, passage: 0.8, quantityAnswered: true, long: true });
    expect(scoreOpening(HAND_WEIGHTS, x)).toBeCloseTo(0.5 + 0.25 * 0.4 + 0.6 * 0.8 + 0.45 - 0.15, 10);
  });

  it("fitting learns what the labels reward: the stated duration beats more shared words", () => {
    const groups = durationGroups(30);
    expect(openingAccuracy(HAND_WEIGHTS, groups)).toBe(0);
    const fitted = fitOpeningWeights(groups);
    expect(openingAccuracy(fitted, groups)).toBe(1);
    expect(fitted.durationAnswered).toBeGreaterThan(HAND_WEIGHTS.durationAnswered);
  });

  it("a feature the data says nothing about keeps its hand weight", () => {
    const fitted = fitOpeningWeights(durationGroups(30));
    // No candidate is a meta sentence, so its (negative) hand weight stays where it was.
    expect(fitted.meta).toBeCloseTo(HAND_WEIGHTS.meta, 6);
  });

  it("groups without a sentence stating the fact teach nothing", () => {
    const none: OpeningGroup[] = [{ features: [featureVector({ overlap: 1 }), featureVector({ overlap: 0 })], positive: [false, false] }];
    expect(fitOpeningWeights(none)).toEqual(HAND_WEIGHTS);
  });

  it("the shipped weights load, and name only features the composer computes", () => {
    const shipped = loadOpeningWeights(OPENING_WEIGHTS_FILE);
    expect(Object.keys(shipped).sort()).toEqual([...OPENING_FEATURES].sort());
    expect(shipped).not.toEqual(HAND_WEIGHTS);
  });

  it("a weights file with an unknown feature is an error naming it, not a silent fallback", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "opening-")), "weights.json");
    writeFileSync(file, JSON.stringify({ fittedOn: ["x"], weights: { overlap: 1, gutFeeling: 2 } }));
    expect(() => loadOpeningWeights(file)).toThrow(/unknown opening features gutFeeling/);
    writeFileSync(file, "[1, 2]");
    expect(() => loadOpeningWeights(file)).toThrow(/not an opening-weights file/);
    expect(loadOpeningWeights(path.join(path.dirname(file), "missing.json"))).toBe(HAND_WEIGHTS);
  });
});
