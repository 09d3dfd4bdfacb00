import { describe, expect, it } from "vitest";
import { findFormulaConflicts } from "../../src/lint/formulas.ts";
import type { Statement } from "../../src/lint/statements.ts";

const at = (line: number, text: string): Statement => ({ path: "change/roi.md", line, owner: "AI Enablement Office", headings: ["ROI"], text, raw: `- ${text}`, list: 0 });

describe("formulas: a formula's constants and its worked example", () => {
  const formula = (weeks: number) => at(10, `Annual benefit = weekly active users × adjusted hours saved per user per week × ${weeks} working weeks × loaded hourly cost.`);
  const example = [
    at(20, "Champion time: 15 champions × 4 hours × 46 weeks × €52 = €143,520."),
    at(21, "408 users × 1.5 hours × 46 weeks = 28,152 hours."),
    at(22, "28,152 hours × €52 = €1,463,904."),
  ];

  it("finds a constant the worked example computes with another value, once per value", () => {
    const found = findFormulaConflicts([formula(48), ...example]);
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => p.line)).toEqual([10, 20]);
    expect(found[0]!.message).toContain("48 working weeks");
    expect(found[0]!.message).toContain("46 weeks");
  });

  it("finds nothing when the example uses the formula's constant, and compares only figures of the same unit", () => {
    expect(findFormulaConflicts([formula(46), ...example])).toEqual([]);
    // The results after "=" (28,152 hours) and factors in other units (4 hours, 1.5 hours) are not the constant.
    expect(findFormulaConflicts([at(10, "Time saved = users × 2 hours × working weeks."), at(21, "408 users × 3 weeks = 1,224 weeks.")])).toEqual([]);
  });

  it("checks a factor named in words against the statement that gives its value, and the worked examples' own", () => {
    const rate = (euros: number) => at(12, `The default loaded hourly cost is €${euros} for knowledge workers in Europe.`);
    const found = findFormulaConflicts([formula(46), rate(58), ...example]);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("loaded hourly cost");
    expect(found[0]!.places.map((p) => p.line)).toEqual([12, 20]);
    expect(findFormulaConflicts([formula(46), rate(52), ...example])).toEqual([]);
    // Two statements giving the factor a value (a default and a country rate): neither is the definition.
    expect(findFormulaConflicts([formula(46), rate(58), at(13, "In Poland the loaded hourly cost is €31.")])).toEqual([]);
  });
});
