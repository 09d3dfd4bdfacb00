import { afterAll, describe, expect, it } from "vitest";
import { permissions, polaritiesConflict } from "../../src/lint/facts.ts";
import { findObjectPermissionConflicts } from "../../src/lint/objects.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// Who does a piece of work: an outside partner ("is built by a certified partner", "is partner work") or the company's
// own people ("self-service", "without a partner"). The two contradict; a partner and an approval rule do not.
afterAll(removeTempDirs);

const polarity = (text: string) => permissions(text).map((p) => p.polarity);

/** Forty statements on other topics, so that words have corpus frequencies as in a real playbook set. */
const FILLER = Array.from(
  { length: 40 },
  (_, i) => `- Item ${i} lists the ${["canteen", "parking", "travel", "printer", "badge"][i % 5]} notes of the ${["spring", "autumn"][i % 2]} office move number ${i}.`,
).join("\n");

describe("partner work", () => {
  it("reads work placed with a partner, and not a partner named as the object of a verb", () => {
    expect(polarity("The invoice-matching bot is built by an implementation partner.")).toEqual(["partner"]);
    expect(polarity("An external Coupa partner develops the supplier catalogue sync.")).toEqual(["partner"]);
    expect(polarity("Ledger close automations are partner work at the company.")).toEqual(["partner"]);
    expect(polarity("A bulk payroll migration requires a certified partner.")).toEqual(["partner"]);
    expect(polarity("The sourcing board vets a partner before each referral.")).toEqual([]);
    // "a partner meeting" is a meeting: the rule requires it, it places no work with a partner.
    expect(polarity("A ledger close automation requires a partner meeting to scope it.")).toEqual(["required"]);
    expect(polarity("The supplier catalogue sync is assembled by Procurement Operations without a partner.")).toEqual(["allowed"]);
  });

  it("contradicts self-service only, not an approval or a review", () => {
    expect(polaritiesConflict("partner", "allowed")).toBe(true);
    expect(polaritiesConflict("allowed", "partner")).toBe(true);
    expect(polaritiesConflict("partner", "approval")).toBe(false);
    expect(polaritiesConflict("partner", "forbidden")).toBe(false);
    expect(polaritiesConflict("partner", "required")).toBe(false);
  });

  it("reports partner-built work that another playbook calls self-service, and not partner work that needs an approval", () => {
    const files = (own: string, other: string) => ({
      "finance/close.md": fixturePlaybook("close", "Finance Systems", `## Month-end close\n\n- ${own}\n${FILLER}`),
      "partners/engage.md": fixturePlaybook("engage", "Partner Management Office", `## When to engage\n\n- ${other}\n`),
    });
    const partner = "The nightly intercompany netting export is built by a certified partner.";
    const found = contradictions(files("The nightly intercompany netting export is self-service for Finance Systems.", partner));
    expect(found.map((f) => f.places.map((p) => p.path).sort())).toEqual([["finance/close.md", "partners/engage.md"]]);
    expect(found[0]!.message).toMatch(/partner work/);
    // Near miss: the same export needing a controller's sign-off is compatible with a partner building it.
    expect(contradictions(files("The nightly intercompany netting export needs the group controller's approval before go-live.", partner))).toEqual([]);
  });
});

describe("object-keyed permissions across integration playbooks", () => {
  const statements = (...files: [string, string][]) => files.flatMap(([path, text]) => statementsOf(checkPlaybook(path, text).playbook!));
  const filler: [string, string] = ["filler.md", fixturePlaybook("filler", "Operations", `## Notes\n\n${FILLER}`)];
  const ownSystems = new Map([["integrations/zendesk.md", "zendesk"], ["integrations/servicenow.md", "servicenow"]]);
  const find = (a: string, b: string, systems = ownSystems) =>
    findObjectPermissionConflicts(
      statements(
        filler,
        ["integrations/zendesk.md", fixturePlaybook("zendesk", "Support Operations", `## Limits\n\n- ${a}\n`, { systems: ["zendesk"] })],
        ["integrations/servicenow.md", fixturePlaybook("servicenow", "IT Platform Team", `## Limits\n\n- ${b}\n`, { systems: ["servicenow"] })],
      ),
      { teams: ["Support Operations", "IT Platform Team"], ownSystems: systems },
    );

  it("keeps apart two rules about a thing in two systems' playbooks that name no other system", () => {
    const a = "Macro rewriting of ticket comments may be switched on by queue owners.";
    const b = "Macro rewriting of ticket comments must never be switched on.";
    expect(find(a, b)).toEqual([]);
    // Near miss: the same two rules read without the playbooks' systems are one thing.
    expect(find(a, b, new Map())).toHaveLength(1);
  });

  it("still pairs them when one names the other's system", () => {
    expect(find("Macro rewriting of ServiceNow ticket comments may be switched on by queue owners.", "Macro rewriting of ticket comments must never be switched on.")).toHaveLength(1);
  });
});
