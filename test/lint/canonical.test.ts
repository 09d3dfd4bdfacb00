import { afterAll, describe, expect, it } from "vitest";
import { findCanonicalValueConflicts } from "../../src/lint/canonical.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { fixturePlaybook } from "./fixtures.ts";

// Canonical values (src/lint/canonical.ts): a section that declares its figures the only ones of a measure every
// playbook uses, against a statement that cites that playbook and gives another figure of the measure.
afterAll(removeTempDirs);

const TRAINING = fixturePlaybook(
  "gov-training",
  "Learning Team",
  [
    "## Course lengths",
    "",
    "- Foundations course, 3 hours: prompts, data classes and the approved tools.",
    "- Builder course, 2 days: connectors, evaluation sets and release checks.",
    "",
    "These are the only course durations; the department playbooks refer to them.",
    "",
    "## Rooms",
    "",
    "This is the single rule for booking rooms: book 2 weeks ahead.",
  ].join("\n"),
);
const found = (...lines: string[]) => {
  const files = { "gov/training.md": TRAINING, "dept/sales.md": fixturePlaybook("dept-sales", "Sales Ops", `## Onboarding\n\n${lines.join("\n\n")}`) };
  const statements = Object.entries(files).flatMap(([path, text]) => statementsOf(checkPlaybook(path, text).playbook!));
  return findCanonicalValueConflicts(statements).map((f) => f.places.map((p) => `${p.path}:${p.line}`).join(" "));
};

describe("figures every playbook takes from one place", () => {
  it("flags a citing statement that gives the measure another figure, against the item it names", () => {
    expect(found("New sellers take the foundations course in their first week (about a day; see gov/training.md).")).toEqual(["dept/sales.md:13 gov/training.md:13"]);
  });

  it("does not flag the same figure in other units, a figure of another measure, or a figure of an undeclared section", () => {
    expect(found("New sellers take the foundations course in their first week (three hours; see gov/training.md).")).toEqual([]);
    expect(found("New sellers book 5 seats for the foundations course (gov/training.md).")).toEqual([]);
    expect(found("Book rooms for the sales kick-off a month ahead (gov/training.md).")).toEqual([]);
  });

  const COHORTS = fixturePlaybook(
    "gov-cohorts",
    "Learning Team",
    ["## Cohort design", "", "These are the cohort rules for every department; department playbooks refer to them.", "", "1. Size: 8-12 learners; fewer than 8 stalls the discussion.", "2. Length: 6 weeks.", "3. Check-ins: 2 weeks and 4 weeks in."].join("\n"),
  );
  const cited = (line: string) => {
    const files = { "gov/cohorts.md": COHORTS, "dept/sales.md": fixturePlaybook("dept-sales", "Sales Ops", `## Onboarding\n\n${line}`) };
    const statements = Object.entries(files).flatMap(([path, text]) => statementsOf(checkPlaybook(path, text).playbook!));
    return findCanonicalValueConflicts(statements).map((f) => f.places.map((p) => p.path).join(" "));
  };

  it("reads a list of 'rules for every' department as canonical, and its one figure of a kind as the one a citing figure restates", () => {
    expect(cited("Run one cohort of 20 people, as gov/cohorts.md defines a cohort.")).toEqual(["dept/sales.md gov/cohorts.md"]);
  });

  it("does not flag a figure the rules allow, or one of a kind the rules give several figures of without shared words", () => {
    expect(cited("Run one cohort of 10 people, as gov/cohorts.md defines a cohort.")).toEqual([]);
    expect(cited("Sellers shadow a buddy for 3 days before joining (gov/cohorts.md).")).toEqual([]);
  });
});
