import { afterAll, describe, expect, it } from "vitest";
import { permissions, polaritiesConflict } from "../../src/lint/facts.ts";
import { findObjectPermissionConflicts } from "../../src/lint/objects.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { contradictions, fixturePlaybook, NOW } from "./fixtures.ts";

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

describe("changes since the baseline across integration playbooks", () => {
  const files = (zendesk: string, governance: string) => ({
    "integrations/zendesk.md": fixturePlaybook("zendesk", "Support Operations", `## Build effort\n\n- ${zendesk}\n`, { systems: ["zendesk"] }),
    "integrations/servicenow.md": fixturePlaybook("servicenow", "IT Platform Team", "## Build effort\n\n- Write-back of incident states is partner work and takes 6–8 weeks of build.\n", { systems: ["servicenow"] }),
    "governance/builds.md": fixturePlaybook("builds", "AI Enablement Office", `## Who builds\n\n- ${governance}\n`),
  });
  const asList = (f: Record<string, string>) => Object.entries(f).map(([path, text]) => ({ path, text }));
  const drift = (now: Record<string, string>, before: Record<string, string>) =>
    lintSources(asList(now), { now: NOW, baseline: asList(before) }).findings.filter((f) => f.kind === "contradiction" && /since the baseline/.test(f.message));

  it("does not hold an edit in one system's playbook against another system's playbook", () => {
    const before = files("Write-back of ticket fields is partner work and takes 6–8 weeks of build.", "Sharing a custom report with a whole region needs the regional director's approval.");
    const now = files("Write-back of ticket fields is built by Support Operations without a partner in 6–8 weeks.", "Sharing a custom report with a whole region needs the regional director's approval.");
    expect(drift(now, before)).toEqual([]);
  });

  it("still holds it against a playbook about no one system that states the old rule", () => {
    const governance = "Write-back of ticket fields from the Zendesk help desk is partner work and takes 6–8 weeks of build.";
    const before = files("Write-back of ticket fields is partner work and takes 6–8 weeks of build.", governance);
    const now = files("Write-back of ticket fields is built by Support Operations without a partner in 6–8 weeks.", governance);
    const found = drift(now, before);
    expect(found.map((f) => f.places.map((p) => p.path))).toEqual([["integrations/zendesk.md", "governance/builds.md"]]);
  });
});

describe("rule columns of a table", () => {
  const row = "platform: Coupa; self-service: spend dashboards; catalogue punch-outs, built by Procurement Operations; partner work: anything posting invoices";

  it("reads each cell under a self-service header as allowed, up to the next header, and reads no rule from other headers", () => {
    const found = permissions(row);
    expect(found.map((p) => [p.polarity, row.slice(p.start).split(/[;,]/)[0]])).toEqual([
      ["allowed", "spend dashboards"],
      ["allowed", "catalogue punch-outs"],
    ]);
    expect(permissions("Tier: Registered; Review: lite")).toEqual([]);
    expect(polarity("platform: Coupa; not allowed: supplier bank details; allowed: catalogue prices")).toEqual(["forbidden", "allowed"]);
  });

  it("reports a cell under self-service that another playbook gives to a partner, and not a cell under partner work", () => {
    const table = ["## Decision table", "", "| platform | self-service | partner work |", "| --- | --- | --- |", "| Coupa | spend dashboards; catalogue punch-outs, built by Procurement Operations | anything posting invoices |"].join("\n");
    const files = (other: string) => ({
      "partners/decide.md": fixturePlaybook("decide", "Partner Management Office", `${table}\n\n## Other notes\n\n${FILLER}`),
      "usecases/procurement.md": fixturePlaybook("procurement", "Procurement Operations", `## Build notes\n\n- ${other}\n`),
    });
    const found = contradictions(files("Coupa catalogue punch-outs are built by an implementation partner."));
    expect(found.map((f) => f.places.map((p) => p.path).sort())).toEqual([["partners/decide.md", "usecases/procurement.md"]]);
    // Near miss: invoice posting sits under the partner-work column, which agrees.
    expect(contradictions(files("Coupa invoice posting is built by an implementation partner."))).toEqual([]);
  });
});
