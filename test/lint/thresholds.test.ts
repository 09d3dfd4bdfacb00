import { afterAll, describe, expect, it } from "vitest";
import { boundOf, quantities, sameValue, thresholdCut } from "../../src/lint/facts.ts";
import { quantitiesAgree } from "../../src/lint/restatements.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, contradictionsAfterEdit, fixturePlaybook, shippedSources } from "./fixtures.ts";

// Cadences as counts per period, thresholds by where they cut, scores and factors without a unit.
afterAll(removeTempDirs);

const first = (t: string) => quantities(t)[0]!;

describe("facts: how often, as a count per period", () => {
  it("reads 'N times a <period>' as a cadence, not as the period", () => {
    const q = first("The check runs three times a year.");
    expect([q.kind, Math.round(q.lo * 100) / 100, q.text]).toEqual(["frequency", 121.67, "three times a year"]);
    expect([first("It runs 4 times per month.").kind, first("It runs 4 times per month.").lo]).toEqual(["frequency", 7.6]);
    expect(first("Twice each quarter the board meets.").lo).toBe(45.5);
    expect(first("The board meets biannually.").lo).toBe(first("The board meets twice a year.").lo);
  });

  it("reads a business week as a week", () => {
    expect([first("It takes one business week.").kind, first("It takes one business week.").lo]).toEqual(["duration", 7]);
  });
});

describe("facts: thresholds by where they cut", () => {
  it("reads the side of a threshold from the words before or after its number", () => {
    expect(boundOf("at least ", " users")).toEqual({ bound: "min", strict: false });
    expect(boundOf("more than ", "")).toEqual({ bound: "min", strict: true });
    expect(boundOf("up to ", "")).toEqual({ bound: "max", strict: false });
    expect(boundOf("fewer than ", "")).toEqual({ bound: "max", strict: true });
    expect(boundOf("", " or more users")).toEqual({ bound: "min", strict: false });
    expect(boundOf("", " or below")).toEqual({ bound: "max", strict: false });
    expect(boundOf("for ", " users")).toBeUndefined();
  });

  it("reads 'smaller than' and 'larger than' as the sides of a size threshold, and a size after 'than' alone as none", () => {
    const cut = (t: string) => thresholdCut(first(t));
    // Hiding cohorts smaller than seven employees keeps seven as the smallest shown cohort, as "at least 7" does.
    expect(cut("Dashboards hide cohorts smaller than seven employees.")).toBe(cut("Dashboards show only cohorts of at least 7 employees."));
    expect(cut("Dashboards hide cohorts smaller than seven employees.")).not.toBe(cut("Dashboards show only cohorts of at least 9 employees."));
    expect(cut("Depots larger than 120 staff get a second coordinator.")).toBe(121);
    // Near miss: "rather than" names no side.
    expect(boundOf("rather than ", " staff")).toBeUndefined();
  });

  it("treats whole-number thresholds that cut at one place as the same value, and one number on two sides as two", () => {
    const cut = (t: string) => thresholdCut(first(t));
    expect(cut("Pilots with more than 49 users need a partner.")).toBe(50);
    expect(cut("Pilots with 50 or more users need a partner.")).toBe(50);
    expect(cut("Pilots with fewer than 50 users are self-service.")).toBe(50);
    expect(cut("A pilot of 50 users.")).toBeUndefined();
    expect(sameValue(first("more than 2 teams"), first("3 or more teams"))).toBe(true);
    expect(sameValue(first("at least 250 users"), first("more than 250 users"))).toBe(false);
    expect(quantitiesAgree(first("at least 250 users"), first("more than 250 users"))).toBe(false);
    // A plain figure is compared as before.
    expect(sameValue(first("at least 5 people"), first("5 people"))).toBe(true);
  });
});

describe("facts: scores and factors without a unit", () => {
  it("reads a score threshold and a factor, a factor up to 1 as a share", () => {
    const s = first("The barrier point is the first dimension that scores 3 or below.");
    expect([s.kind, s.lo, s.bound, s.strict]).toEqual(["score", 3, "max", false]);
    expect(thresholdCut(first("Every dimension scores above 2."))).toBe(3);
    expect(thresholdCut(first("Every dimension scores 3 or higher."))).toBe(3);
    expect([first("Hours are multiplied by a realisation factor of 0.6.").kind, first("Hours are multiplied by a realisation factor of 0.6.").lo]).toEqual(["percent", 60]);
    expect(first("with the 0.8 realisation factor applied").lo).toBe(80);
    expect(quantities("Agents score 10% of cases to calibrate.").map((q) => q.kind)).toEqual(["percent"]);
    expect(quantities("Each answer is scored on a 1-5 scale.").filter((q) => q.kind === "score")).toEqual([]);
  });

  it("finds a score threshold restated on the other side of its boundary, and not one restated in other words", () => {
    const adkar = fixturePlaybook("adkar", "Change & Communications", "## Scoring\n\nThe barrier point is the first dimension, in the order Awareness, Desire, Knowledge, Ability, Reinforcement, that scores 3 or below.\n");
    const pilot = (rule: string) =>
      fixturePlaybook("pilot", "AI Enablement Office", `## Scale criteria\n\n- No ADKAR barrier point at the final check-in, meaning every dimension scores ${rule}.\n`);
    const found = contradictions({ "change/adkar.md": adkar, "change/pilot.md": pilot("3 or higher") });
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => p.path).sort()).toEqual(["change/adkar.md", "change/pilot.md"]);
    expect(contradictions({ "change/adkar.md": adkar, "change/pilot.md": pilot("above 3") })).toEqual([]);
    expect(contradictions({ "change/adkar.md": adkar, "change/pilot.md": pilot("4 or higher") })).toEqual([]);
  });
});

describe("contradictions: limits on a number of things", () => {
  it("compares two of the few limits on one counted noun with less subject evidence ('4 or more systems' / 'from 3 systems')", async () => {
    const sources = await shippedSources();
    const file = "integrations/custom-apis.md";
    const lint = (n: string) => contradictionsAfterEdit(sources, { file, find: "orchestration across 3 or more systems", replace: `orchestration across ${n} systems` });
    const found = lint("4 or more");
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => p.path)).toContain("partners/when-to-engage-a-partner.md");
    // "more than 2" cuts where "3 or more" does.
    expect(lint("more than 2")).toEqual([]);
  });
});
