import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// The fourth check (src/lint/entities.ts): two rules about one rarely named thing, one allowing it and one not,
// paired by the name alone.
afterAll(removeTempDirs);

const pb = (id: string, owner: string, body: string): string => fixturePlaybook(id, owner, `## Rules\n\n${body}`);

describe("entity-keyed permissions", () => {
  it("pairs an allowance and a ban of one named tool that share no other words, and not a ban of another tool in the same sentence", () => {
    const found = contradictions({
      "governance/tools.md": pb("tools", "Information Security", "- Other coding assistants (Cursor, Claude Code, Windsurf) are not approved; using them on company code is a policy breach, even on a personal plan."),
      "usecases/engineering.md": pb(
        "engineering",
        "Engineering Productivity",
        "- GitHub Copilot is the standard; Cursor on a personal plan is fine for prototypes, while unapproved MCP servers are not allowed.",
      ),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("(cursor)");
    expect(found[0]!.places.map((p) => p.path).sort()).toEqual(["governance/tools.md", "usecases/engineering.md"]);
  });

  it("keeps apart a personal account and the company's tenant, a region's rule, what a tool is able to do, and the means of a request", () => {
    const found = contradictions({
      "a/one.md": pb(
        "one",
        "Information Security",
        [
          "- Gemini is switched off for the Chicago organisational unit until a review is completed.",
          "- Copilot cannot see a SharePoint site the team relies on.",
          "- Seats can also be requested through PartnerPilot by any employee.",
          "- Assistants such as Windsurf are not approved for company code.",
        ].join("\n"),
      ),
      "b/two.md": pb(
        "two",
        "Marketing",
        [
          "- Inputs are public, so a personal ChatGPT or Gemini account is fine for them.",
          "- Users can connect their own SharePoint through the connector.",
          "- Registered partners are not suggested by PartnerPilot to anyone.",
          "- For prototypes, Windsurf is fine.",
        ].join("\n"),
      ),
    });
    // Only the Windsurf pair: the old code found none of these (the sentences share too few words).
    expect(found.map((f) => /\(([^)]+)\)/.exec(f.message)![1])).toEqual(["windsurf"]);
  });
});
