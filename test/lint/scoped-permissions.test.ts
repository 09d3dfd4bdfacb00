import { afterAll, describe, expect, it } from "vitest";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { findScopedPermissionConflicts } from "../../src/lint/entities.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import type { Finding } from "../../src/lint/findings.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// Product-and-scope permissions (src/lint/entities.ts, findScopedPermissionConflicts): a rule allowing a product for
// a data class or region that another rule bans for the same product and scope.
afterAll(removeTempDirs);

const pb = (id: string, owner: string, body: string): string => fixturePlaybook(id, owner, `## Rules\n\n${body}`);

/** The scoped detector alone (the other detectors pair anything in a corpus this small). */
function scoped(files: Record<string, string>): Finding[] {
  const statements = Object.entries(files).flatMap(([path, text]) => statementsOf(checkPlaybook(path, text).playbook!));
  return findScopedPermissionConflicts(statements, { teams: ["Information Security", "Marketing"] });
}

const pair = (f: Finding) => f.places.map((p) => `${p.path}:${p.line}`).sort().join(" ");

describe("product-and-scope permissions", () => {
  it("pairs 'PHI is allowed in ChatGPT Enterprise' with a ban of PHI in ChatGPT Enterprise worded otherwise, not with a rule on another product", () => {
    const found = contradictions({
      "governance/regulated.md": pb("regulated", "Legal & Compliance", "- **ChatGPT Enterprise**: the company has no BAA with OpenAI, so PHI is allowed in ChatGPT Enterprise."),
      "usecases/support.md": pb(
        "support",
        "Customer Support",
        [
          "- US hospital service records (Service Cloud US org, Zendesk) may contain PHI and never go into ChatGPT Enterprise or Microsoft 365 Copilot.",
          "- Gemini is switched off for PHI until a separate review is completed.",
        ].join("\n"),
      ),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("(phi, chatgpt enterprise)");
    expect(pair(found[0]!)).toBe("governance/regulated.md:13 usecases/support.md:13");
  });

  it("reads the product of a rule whose subject is a pronoun from the item's bold label", () => {
    const found = contradictions({
      "integrations/google.md": pb(
        "google",
        "IT Platform Team",
        [
          "- The ChatGPT Enterprise Drive connector is off for Chicago users because their Drive holds PHI.",
          "",
          "1. **ChatGPT Enterprise Google Drive connector.** Delegated, per-user access per Okta group; it is on for the Chicago organisational unit as well.",
        ].join("\n"),
      ),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/\(us, chatgpt enterprise/);
  });

  it("keeps apart other scopes, products shared without a scope, questions and a rule with its own exception", () => {
    const files = {
      "a/one.md": pb(
        "one",
        "Information Security",
        [
          "- PHI never goes into Claude Team, whatever the use case.",
          "- Candidate records never go into Copilot or ChatGPT Enterprise without approval.",
          "- Restricted data never goes into Perplexity Enterprise.",
          "- PHI must not be pasted into Jasper Business.",
        ].join("\n"),
      ),
      "b/two.md": pb(
        "two",
        "Marketing",
        [
          "- Public data is allowed in Claude Team for drafting.",
          "- You may use ChatGPT Enterprise or Copilot to draft your own goals from your notes.",
          "- A common question is \"may I paste Restricted data into Perplexity Enterprise?\"; the answer is no.",
          "- Text with PHI may be pasted into Jasper Business once de-identified, but PHI must not be pasted into Jasper Business as it is.",
        ].join("\n"),
      ),
    };
    expect(scoped(files)).toEqual([]);
    // The same ban against a plain allowance of the product for its scope is found.
    const plain = { ...files, "b/two.md": pb("two", "Marketing", "- PHI is allowed in Claude Team for drafting.") };
    expect(scoped(plain).map((f) => /\(([^)]+)\)/.exec(f.message)![1])).toEqual(["phi, claude team"]);
  });
});
