import { describe, expect, it } from "vitest";
import { findHeadConflicts, headsIn } from "../../src/lint/people.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { fixturePlaybook } from "./fixtures.ts";

// The eighth check (src/lint/people.ts): two people named as the head of one team.
const TEAMS = ["AI Enablement Office", "Privacy Office"];
const statements = (files: Record<string, string[]>) =>
  Object.entries(files).flatMap(([id, lines]) => statementsOf(checkPlaybook(`${id}.md`, fixturePlaybook(id, "Privacy Office", `## Rules\n\n${lines.join("\n")}`)).playbook!));

describe("named heads of a team", () => {
  it("reads a team's head in its usual wordings, and no head where none is named", () => {
    expect(headsIn("The AI Enablement Office (head: Daniel Okafor) runs the network.", TEAMS)).toEqual([{ team: "AI Enablement Office", person: "Daniel Okafor" }]);
    expect(headsIn("Chaired with Priya Nair (head of the AI Enablement Office).", TEAMS)).toEqual([{ team: "AI Enablement Office", person: "Priya Nair" }]);
    expect(headsIn("Questions go to Anna Berg, head of the Privacy Office, by email.", TEAMS)).toEqual([{ team: "Privacy Office", person: "Anna Berg" }]);
    expect(headsIn("The AI Enablement Office runs the network with Priya Nair.", TEAMS)).toEqual([]);
  });

  it("pairs two people named as one team's head, not the same person twice nor heads of two teams", () => {
    const found = findHeadConflicts(
      statements({
        network: ["- The AI Enablement Office (head: Daniel Okafor) runs the network.", "- Privacy questions go to Anna Berg, head of the Privacy Office."],
        risk: ["- AI Enablement Office (head: Priya Nair): tier assignment and evaluation plans.", "- Anna Berg (head of the Privacy Office) signs DPIAs."],
      }),
      { teams: TEAMS },
    );
    expect(found.map((f) => f.message.replace(/ ".*?"/g, ""))).toEqual([
      "different people for the same subject (head of AI Enablement Office): Daniel Okafor in network.md:13 vs Priya Nair in risk.md:13",
    ]);
  });
});
