import { describe, expect, it } from "vitest";
import { quantities } from "../../src/lint/facts.ts";
import { findLengthConflicts, measuredKeys } from "../../src/lint/lengths.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { fixturePlaybook } from "./fixtures.ts";

// The seventh check (src/lint/lengths.ts): one named thing given two lengths, paired by the name next to the length.
const statements = (files: Record<string, string[]>) =>
  Object.entries(files).flatMap(([id, lines]) => statementsOf(checkPlaybook(`${id}.md`, fixturePlaybook(id, "Operations", `## Rules\n\n${lines.join("\n")}`)).playbook!));
const keys = (text: string) => quantities(text).map((q) => measuredKeys(text, q));

describe("lengths of one named thing", () => {
  it("reads what a length measures: the phrase after it, or the subject it is said of", () => {
    expect(keys("Interventions: a half-day hands-on lab using the team's templates.")).toEqual([["hand lab"]]);
    expect(keys("Hands-on labs are 2-hour live sessions on Teams.")).toEqual([["live session", "hand lab"]]);
    expect(keys("A full-day prompt workshop for managers.")).toEqual([["prompt workshop"]]);
  });

  it("pairs two lengths of one named thing worded otherwise, not lengths of other things or a statement giving both", () => {
    const found = findLengthConflicts(
      statements({
        adkar: ["- Interventions for Ability: a full-day hands-on lab using the team's own templates.", "- A 30-minute manager briefing opens the programme."],
        training: [
          "- Hands-on labs are 2-hour live sessions on Teams for 8-16 people.",
          "- A 2-hour prompt clinic for champions runs monthly.",
          "- Manager briefings are 30-minute calls, or 45-minute calls for large teams.",
        ],
      }),
    );
    expect(found.map((f) => f.places.map((p) => `${p.path}:${p.line}`))).toEqual([["adkar.md:13", "training.md:13"]]);
    expect(found[0]!.message).toMatch(/^different durations for the same subject \(hand lab\): a full-day in adkar\.md:13 .* vs 2-hour in training\.md:13/);
  });
});
