import { describe, expect, it } from "vitest";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// A figure both statements give as the organisation's policy ("Northwind policy sets …", "under Northwind policy") is one
// company-wide rule, even when each statement applies it in another system's playbook.
const filler = fixturePlaybook(
  "filler",
  "Operations",
  `## Rules\n\n${Array.from({ length: 60 }, (_, i) => `- Topic ${i} covers the quarterly ${["invoice", "budget", "roadmap", "newsletter", "survey", "workshop"][i % 6]} plan number ${i} for the regional office.`).join("\n")}`,
);
const integration = (system: string, Name: string, line: string) =>
  fixturePlaybook(system, "Platform", `## Prerequisites for a ${Name} bot\n\n- ${line}`, { systems: [system], title: `Connecting ${Name}` });

describe("a company policy stated in two systems' playbooks", () => {
  it("compares the policy's figure across the two playbooks", () => {
    const found = contradictions({
      "filler.md": filler,
      "integrations/asana.md": integration("asana", "Asana", "A bot password with an expiry date; Northwind policy sets a 30-day lifetime for bot passwords."),
      "integrations/trello.md": integration("trello", "Trello", "Keep the bot password in the vault and rotate it every 60 days under Northwind policy."),
    });
    expect(found.map((f) => f.places.map((p) => p.path))).toEqual([["integrations/asana.md", "integrations/trello.md"]]);
  });

  it("keeps two systems' own figures apart when neither is given as the company's policy", () => {
    const found = contradictions({
      "filler.md": filler,
      "integrations/asana.md": integration("asana", "Asana", "A bot password with an expiry date; Asana sets a 30-day lifetime for bot passwords."),
      "integrations/trello.md": integration("trello", "Trello", "Keep the bot password in the vault and rotate it every 60 days in Trello."),
    });
    expect(found).toEqual([]);
  });
});
