import { afterAll, describe, expect, it } from "vitest";
import { quantities } from "../../src/lint/facts.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// How many times a thing may be done, in words: "allowed once", "renewed at most twice", "the single-waiver rule".
afterAll(removeTempDirs);

const read = (text: string) => quantities(text).filter((q) => q.kind === "count:times").map((q) => [q.lo, q.bound]);

describe("counts of times", () => {
  it("reads an allowance or a bound on how many times", () => {
    expect(read("A waiver lasts 30 days and may be renewed only once.")).toEqual([[1, "max"]]);
    expect(read("Resubmission: permitted twice, with the reviewer's notes.")).toEqual([[2, "max"]]);
    expect(read("A rejected request can be appealed no more than three times.")).toEqual([[3, "max"]]);
    expect(read("Reviewers must have seen the prompt at least twice.")).toEqual([[2, "min"]]);
    expect(read("This is why the one-waiver rule exists.")).toEqual([[1, "max"]]);
  });

  it("does not read a cadence, a multiplier, a conjunction or a report of what happened", () => {
    expect(read("Champions meet twice a month.")).toEqual([]);
    expect(read("A Full review takes twice as long as a Lite one.")).toEqual([]);
    expect(read("Once the waiver ends, the tool is switched off.")).toEqual([]);
    expect(read("The vendor was audited once and passed.")).toEqual([]);
    expect(read("Everything is switched on at once.")).toEqual([]);
  });
});

const pb = fixturePlaybook;
const FILLER = Object.fromEntries(
  Array.from({ length: 4 }, (_, t) => [
    `misc/notes-${t}.md`,
    pb(`misc-notes-${t}`, "Information Security", `## Notes\n\n${Array.from({ length: 40 }, (_, i) => `- Background note ${t}-${i}: item${i} alpha${t}x${i} beta${i}.`).join("\n")}\n`),
  ]),
);

describe("a limit on how many times stated twice in one playbook", () => {
  const corpus = (limit: string) => ({
    ...FILLER,
    "governance/waivers.md": pb(
      "governance-waivers",
      "Information Security",
      "## Outcomes of a waiver review\n\n" +
        "- Renew: the waiver of the logging control runs for another 30 days, allowed once, with a named fix date.\n" +
        "- Close: the control is back in place and the waiver ends.\n\n" +
        "## Common failure modes\n\n" +
        `- Permanent waivers: controls left waived for years because nobody decided; this is why a waiver of the logging control may be renewed ${limit}.\n`,
    ),
  });

  it("flags 'renewed at most twice' against 'allowed once'", () => {
    const found = contradictions(corpus("at most twice"));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/twice/);
  });

  it("does not flag the same limit in other words", () => {
    expect(contradictions(corpus("only once"))).toEqual([]);
  });
});
