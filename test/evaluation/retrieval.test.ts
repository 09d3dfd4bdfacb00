import { describe, expect, it } from "vitest";
import { pairedDifference } from "../../src/evaluation/retrieval.ts";

describe("pairedDifference (paired bootstrap)", () => {
  it("identical systems differ by exactly zero", () => {
    const a = [1, 0.5, 0, 1, 0.33, 0.25];
    expect(pairedDifference(a, [...a])).toEqual({ mean: 0, low: 0, high: 0 });
  });

  it("a constant improvement gives that mean and a tight interval around it", () => {
    const b = Array.from({ length: 50 }, (_, i) => (i % 5) / 10);
    const d = pairedDifference(b.map((x) => x + 0.1), b);
    expect(d.mean).toBeCloseTo(0.1, 10);
    expect(d.low).toBeCloseTo(0.1, 10);
    expect(d.high).toBeCloseTo(0.1, 10);
  });

  it("a mixed difference gets an interval that contains its mean and is reproducible", () => {
    const a = Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? 1 : 0.5));
    const b = Array.from({ length: 80 }, (_, i) => (i % 4 === 0 ? 1 : 0.5));
    const d = pairedDifference(a, b);
    expect(d.low).toBeLessThan(d.mean);
    expect(d.high).toBeGreaterThan(d.mean);
    expect(pairedDifference(a, b)).toEqual(d);
    expect(() => pairedDifference([1], [1, 2])).toThrow(/same questions/);
  });
});
