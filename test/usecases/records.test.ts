/** The catalog as typed records, validation errors, and risk derived from the governance tiers. */
import { describe, expect, it } from "vitest";
import { parsePlaybook, PlaybookError, type Playbook } from "../../src/retrieval/playbooks.ts";
import { catalogFromPlaybooks, loadCatalog, useCasesOf } from "../../src/usecases/catalog.ts";
import { deriveRisk, riskDisagreements } from "../../src/usecases/governance.ts";
import { SHIPPED_KNOWLEDGE } from "../support/fixtures-knowledge.ts";

const block = (fields: Record<string, string>) =>
  ["```yaml usecase", ...Object.entries(fields).map(([k, v]) => `${k}: ${v}`), "```"].join("\n");

const good = {
  id: "ap-exceptions",
  title: "AP invoice exception handling",
  roles: "[accounts payable clerk]",
  description: "Blocked invoices are explained with the likely cause and a draft query to the buyer.",
  example_prompts: '["Why is invoice 51 blocked?"]',
  hours_saved_per_week: "5",
  effort: "4",
  risk: "3",
  data_sensitivity: "confidential",
  systems: "[sap, azure-openai]",
  maturity_stage: "scale",
  kpis: "[exception cycle time]",
};

function catalog(body: string, file = "usecases/finance.md"): Playbook {
  return parsePlaybook(
    file,
    `---\nid: ${file.replace(/[/.]/g, "-")}\ntitle: AI use cases for Finance\nowner: Finance Systems\nreviewed: 2026-11-03\ntags: [finance]\naudience: [accounts-payable]\n---\n\n# AI use cases for Finance\n\n## AP\n\n${body}\n`,
  );
}

describe("catalog records", () => {
  it("reads every block of the shipped catalogs with its path, line, function and defaults", async () => {
    const records = await loadCatalog(SHIPPED_KNOWLEDGE);
    expect(records.length).toBeGreaterThanOrEqual(60);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    const ap = records.find((r) => r.id === "finance-ap-exceptions")!;
    expect(ap).toMatchObject({ path: "usecases/finance.md", function: "finance", owner: "Finance Systems", effort: 4 });
    expect(ap.line).toBeGreaterThan(10);
    expect(ap.notes.length).toBeGreaterThan(20);
    for (const r of records) {
      expect(["raw", "adjusted", "unstated"]).toContain(r.hoursSaved.basis);
      expect(["idea", "piloting", "live", "paused"]).toContain(r.status.value);
    }
  });

  it("fills absent basis and status (status from the maturity stage) and keeps stated ones", () => {
    const [absent] = useCasesOf(catalog(block(good)));
    expect(absent!.hoursSaved).toEqual({ perPersonPerWeek: 5, basis: "unstated" });
    expect(absent!.status).toEqual({ value: "live", stated: false });
    expect(absent!.evidence).toBeUndefined();
    expect(absent!.notes).toBe("");
    const [stated] = useCasesOf(
      catalog(`${block({ ...good, hours_saved_basis: "adjusted", status: "paused", evidence: '"Wrocław pilot, 12 clerks, Q3"' })}\n\nThe clerk approves every query.`),
    );
    expect(stated!.hoursSaved.basis).toBe("adjusted");
    expect(stated!.status).toEqual({ value: "paused", stated: true });
    expect(stated!.evidence).toBe("Wrocław pilot, 12 clerks, Q3");
    expect(stated!.notes).toBe("The clerk approves every query.");
  });

  it("names the file, the block's line and the field of a bad block", () => {
    const bad = (fields: Record<string, string>, reason: RegExp) => {
      let err: unknown;
      try {
        useCasesOf(catalog(block(fields)));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PlaybookError);
      expect((err as PlaybookError).file).toBe("usecases/finance.md");
      expect((err as PlaybookError).line).toBe(14);
      expect((err as PlaybookError).message).toMatch(reason);
    };
    bad({ ...good, effort: "7" }, /field "effort"/);
    bad({ ...good, status: "someday" }, /field "status"/);
    bad({ ...good, hours_saved_basis: "guess" }, /field "hours_saved_basis"/);
    const { kpis: _k, ...noKpis } = good;
    bad(noKpis, /field "kpis" Required/);
    expect(() => useCasesOf(catalog("```yaml usecase\nid: x"))).toThrow(/never closed/);
  });

  it("rejects the same id in two catalogs, naming both places", () => {
    expect(() => catalogFromPlaybooks([catalog(block(good)), catalog(block(good), "usecases/hr.md")])).toThrow(
      /usecases\/hr\.md:14: duplicate use case id "ap-exceptions" \(also in usecases\/finance\.md:14\)/,
    );
  });
});

describe("risk from the governance tiers", () => {
  const base = { description: "Drafts a summary for the user to review.", dataSensitivity: "internal" as const, systems: ["chatgpt-enterprise"], statedRisk: 1 };

  it("puts data sensitivity, write-backs, unreviewed customer output and decisions about people in their tiers", () => {
    expect(deriveRisk(base)).toMatchObject({ tier: 1, risk: 1, disagrees: false });
    expect(deriveRisk({ ...base, dataSensitivity: "confidential" })).toMatchObject({ tier: 2, risk: 3, disagrees: true });
    expect(deriveRisk({ ...base, dataSensitivity: "restricted", statedRisk: 5 })).toMatchObject({ tier: 3, risk: 5, disagrees: false });
    const writes = deriveRisk({ ...base, description: "Classifies enquiries and creates the Salesforce lead in the right queue.", systems: ["salesforce"] });
    expect(writes).toMatchObject({ tier: 3, risk: 4 });
    expect(writes.tierReasons[0]).toMatch(/writes to a system of record \(Salesforce\)/);
    // The same verb without a system of record is not a write-back.
    expect(deriveRisk({ ...base, description: "Creates the slide outline for a talk." }).tier).toBe(1);
    expect(deriveRisk({ ...base, description: "Email variants are sent automatically within approved templates." }).tierReasons).toContain(
      "customer-facing output without per-item review",
    );
    expect(deriveRisk({ ...base, description: "Summarises applications so recruiters can shortlist." }).tier).toBe(3);
    // A hand-written risk above the tier's minimum stands.
    expect(deriveRisk({ ...base, statedRisk: 4 })).toMatchObject({ tier: 1, risk: 4, disagrees: false });
  });

  it("lists where the shipped catalog's risk is below its tier", async () => {
    const found = riskDisagreements(await loadCatalog(SHIPPED_KNOWLEDGE));
    for (const d of found) {
      expect(d.derived).toBeGreaterThan(d.stated);
      expect(d.path).toMatch(/^usecases\//);
      expect(d.reasons.length).toBeGreaterThan(0);
    }
  });
});
