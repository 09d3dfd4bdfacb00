import { afterAll, describe, expect, it } from "vitest";
import { teams } from "../../src/lint/facts.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// A team named by its function ("the security team") is the known team with that word in its name.
afterAll(removeTempDirs);

const KNOWN = ["Information Security", "IT Platform Team", "Data Platform Team", "Privacy Office (DPO)", "Privacy Office"];

describe("facts: teams named by their function", () => {
  it("reads 'the security team' as Information Security and 'the privacy team' as the Privacy Office", () => {
    const found = teams("An OAuth client, created by the security team; the privacy team reviews it.", KNOWN);
    expect(found.map((t) => [t.team, t.text])).toEqual([
      ["Information Security", "security team"],
      ["Privacy Office (DPO)", "privacy team"],
    ]);
  });

  it("reads nothing when the word names several teams or none", () => {
    expect(teams("The platform team and the build team own it.", KNOWN)).toEqual([]);
    // A known name is read as itself, not again as a function.
    expect(teams("IT Platform Team owns it.", KNOWN).map((t) => t.team)).toEqual(["IT Platform Team"]);
  });

  it("finds a thing an ownership line gives one team and another line has 'the security team' create", () => {
    const body = (who: string) =>
      `## Setting up\n\n- An OAuth client in the Application Registry, created by ${who}.\n\n## Who owns what\n\n- IT Platform Team owns the ServiceNow instances, integration users, OAuth clients and the CAB process.\n- Information Security reviews integrations.\n`;
    const files = (who: string) => ({
      "integrations/servicenow.md": fixturePlaybook("servicenow", "IT Platform Team", body(who), { systems: ["servicenow"] }),
      "governance/security-review.md": fixturePlaybook("security-review", "Information Security", "## Reviews\n\nEvery integration gets a security review before it goes live.\n"),
    });
    const found = contradictions(files("the security team"));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("Information Security");
    expect(contradictions(files("the IT Platform Team"))).toEqual([]);
  });
});
