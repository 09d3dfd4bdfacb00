/** Intake validation, ranking (determinism, regulated-data penalty, unnamed roles) and readiness on the shipped playbooks. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadPlaybooks, type Playbook } from "../../src/retrieval/playbooks.ts";
import { IntakeError, parseIntake, splitTools, systemsNamed } from "../../src/usecases/intake.ts";
import { rankUseCases } from "../../src/usecases/ranking.ts";
import { assessReadiness, parseDataLevel, ReadinessError, scoreComplexity } from "../../src/usecases/readiness.ts";
import { UseCaseService } from "../../src/usecases/UseCaseService.ts";
import { SHIPPED_KNOWLEDGE } from "../support/fixtures-knowledge.ts";

let playbooks: Playbook[];
let service: UseCaseService;
beforeAll(async () => {
  playbooks = await loadPlaybooks(SHIPPED_KNOWLEDGE);
  service = new UseCaseService(playbooks);
});

const ids = (list: { suggestions: { useCase: { id: string } }[] }) => list.suggestions.map((s) => s.useCase.id);

describe("intake", () => {
  it("trims, drops zero-width characters and empty tools, and defaults regulated to false", () => {
    expect(parseIntake({ role: "  AP\u200b clerk ", tools: ["SAP", " ", "SAP", "Excel"], goal: "" })).toEqual({ role: "AP clerk", tools: ["SAP", "Excel"], regulated: false });
    expect(splitTools("Excel, SAP;Teams\nSFDC")).toEqual(["Excel", "SAP", "Teams", "SFDC"]);
    expect(systemsNamed("SFDC, snow, Excel")).toEqual(["m365-copilot", "microsoft-365", "salesforce", "servicenow"]);
  });

  it("lists every bad field with a message a person can act on", () => {
    let err: IntakeError | undefined;
    try {
      parseIntake({ role: " ", goal: "x".repeat(1501), tools: Array.from({ length: 21 }, (_, i) => `t${i}`), regulated: "yes" });
    } catch (e) {
      err = e as IntakeError;
    }
    expect(err).toBeInstanceOf(IntakeError);
    expect(err!.errors.map((e) => e.field).sort()).toEqual(["goal", "regulated", "role", "tools"]);
    expect(err!.errors.find((e) => e.field === "role")!.message).toMatch(/Tell me your role/);
    expect(err!.errors.find((e) => e.field === "goal")!.message).toMatch(/at most 1500/);
  });
});

describe("ranking", () => {
  it("is deterministic: the same intake gives the same list, scores and reasons, also from a fresh matcher", () => {
    const intake = parseIntake({ role: "FP&A analyst", department: "Finance", goal: "month-end variance commentary and board pack", tools: ["Excel"] });
    const a = service.suggest(intake);
    const b = service.suggest(intake);
    const c = rankUseCases(intake, service.catalog);
    expect(b).toEqual(a);
    expect(c.useCases.map((u) => [u.useCase.id, u.score, u.reasons])).toEqual(a.suggestions.map((u) => [u.useCase.id, u.score, u.reasons]));
    expect(ids(a)[0]).toBe("finance-variance-commentary");
    expect(a.function).toMatchObject({ id: "finance", by: "department" });
    expect(a.fit).toBe("named");
    const scores = a.suggestions.map((s) => s.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
  });

  it("explains each pick and gives a prompt, the guardrail and readiness steps", () => {
    const list = service.suggest(parseIntake({ role: "accounts payable clerk", goal: "blocked invoices, chasing buyers", tools: ["SAP"] }));
    const ap = list.suggestions.find((s) => s.useCase.id === "finance-ap-exceptions")!;
    expect(ap).toBeDefined();
    expect(ap.reasons[0]).toMatch(/Written for your role: accounts payable clerk/);
    expect(ap.reasons.join(" ")).toMatch(/invoices/);
    expect(ap.reasons.join(" ")).toMatch(/tools you already use: sap/);
    expect(ap.prompt).toBe(ap.useCase.examplePrompts[0]);
    expect(ap.guardrail).toMatch(/\.$/);
    expect(ap.readinessSteps.join("\n")).toMatch(/AI Use Case Intake/);
    expect(ap.readinessSteps.join("\n")).toMatch(/SAP S\/4HANA, owned by Finance Systems/);
  });

  it("penalises risky use cases when regulated data is involved", () => {
    // hr-workforce-analytics is confidential people data (a higher tier); hr-cv-screening is paused and never listed.
    const intake = { role: "HR business partner", department: "HR", goal: "workforce analytics on attrition and writing job ads" };
    const normal = service.suggest(parseIntake(intake), { limit: 8 });
    const regulated = service.suggest(parseIntake({ ...intake, regulated: true }), { limit: 8 });
    const rank = (l: typeof normal, id: string) => ids(l).indexOf(id);
    const risky = (l: typeof normal) => l.suggestions.find((s) => s.useCase.id === "hr-workforce-analytics")!;
    expect(risky(regulated).parts.riskPenalty).toBeGreaterThan(risky(normal).parts.riskPenalty);
    expect(risky(regulated).score).toBeLessThan(risky(normal).score);
    expect(rank(regulated, "hr-workforce-analytics")).toBeGreaterThanOrEqual(rank(normal, "hr-workforce-analytics"));
    expect(ids(normal)).not.toContain("hr-cv-screening");
    // Low-risk ones keep their place.
    expect(rank(regulated, "hr-job-descriptions")).toBeLessThanOrEqual(rank(normal, "hr-job-descriptions"));
  });

  it("maps a role no catalog names to the nearest function and says so", () => {
    const list = service.suggest(parseIntake({ role: "executive assistant to the CFO", goal: "board pack preparation, chasing inputs for the month-end pack" }));
    expect(list.fit).toBe("nearest");
    expect(list.function?.id).toBe("finance");
    expect(list.message).toMatch(/do not name your role; these come from the nearest function, Finance/);
    expect(list.suggestions.length).toBe(5);
  });

  it("says plainly that nothing fits when neither role, department nor pains match anything", () => {
    const list = service.suggest(parseIntake({ role: "zookeeper", goal: "feeding penguins" }));
    expect(list.fit).toBe("none");
    expect(list.suggestions).toEqual([]);
    expect(list.function).toBeUndefined();
    expect(list.message).toMatch(/Nothing in the use-case catalogs fits/);
  });
});

  it("reads a role written in Dutch, German or Polish as the catalog's English role", () => {
    for (const role of ["ploegleider", "Schichtleiter", "kierownik zmiany"]) {
      const list = service.suggest(parseIntake({ role }));
      expect(list.fit, role).toBe("named");
      expect(list.function?.id, role).toBe("supply-chain");
      expect(list.suggestions[0]!.reasons, role).toContain("Written for your role: shift lead");
    }
    // The same first pick as the English role.
    expect(ids(service.suggest(parseIntake({ role: "Schichtleiter" })))[0]).toBe(ids(service.suggest(parseIntake({ role: "shift lead" })))[0]);
  });

describe("readiness", () => {
  it("reads the checklist, owners, review track, approval and lead times from the playbooks", () => {
    const r = assessReadiness({ system: "SFDC", data: "confidential" }, playbooks);
    expect(r.playbook.path).toBe("integrations/salesforce.md");
    expect(r.owningTeam).toBe("Revenue Operations");
    expect(r.prerequisites.length).toBeGreaterThanOrEqual(3);
    expect(r.securityReview).toMatchObject({ track: "Standard review", businessDays: 15 });
    expect(r.approval?.tier).toBe(2);
    expect(r.expectedLeadTime).toMatch(/read-only/i);
    expect(assessReadiness({ system: "salesforce", writes: true }, playbooks)).toMatchObject({ securityReview: { track: "Full review" } });
    expect(assessReadiness({ system: "salesforce", writes: true }, playbooks).expectedLeadTime).toMatch(/write/i);
    expect(assessReadiness({ system: "snow" }, playbooks).playbook.path).toBe("integrations/servicenow.md");
  });

  it("refuses unknown systems, data levels and counts with what is allowed", () => {
    expect(() => assessReadiness({ system: "oracle ebs" }, playbooks)).toThrow(/no integration playbook covers "oracle ebs"; known systems: .*salesforce/);
    expect(() => parseDataLevel("secret")).toThrow(ReadinessError);
    expect(parseDataLevel("PHI")).toBe("restricted");
    expect(() => assessReadiness({ system: "sap", users: 0 }, playbooks)).toThrow(/users must be a whole number/);
    expect(() => assessReadiness({ system: "sap", countries: 2.5 }, playbooks)).toThrow(/countries/);
  });

  it("scores complexity with its parts, at the edges of each band", () => {
    const low = scoreComplexity({ systems: [], data: "public", writes: false });
    expect(low).toMatchObject({ score: 0, max: 17, level: "low" });
    expect(low.parts.map((p) => p.name)).toEqual(["systems", "data", "custom development", "users", "countries"]);
    const pts = (input: Parameters<typeof scoreComplexity>[0], name: string) => scoreComplexity(input).parts.find((p) => p.name === name)!.points;
    const base = { systems: ["salesforce"], data: "internal" as const, writes: false };
    expect([20, 21, 100, 101, 249, 250].map((users) => pts({ ...base, users }, "users"))).toEqual([0, 1, 1, 2, 2, 3]);
    expect([1, 2, 3, 4].map((countries) => pts({ ...base, countries }, "countries"))).toEqual([0, 2, 2, 3]);
    expect(pts({ ...base, systems: ["salesforce", "sap", "workday", "servicenow"] }, "systems")).toBe(3);
    expect(pts({ ...base, systems: ["chatgpt-enterprise"] }, "systems")).toBe(0);
    // Band edges: 4 is low, 5 medium, 8 medium, 9 high.
    expect(scoreComplexity({ ...base, data: "confidential" }).score).toBe(5);
    expect(scoreComplexity({ ...base, data: "confidential" }).level).toBe("medium");
    expect(scoreComplexity({ ...base }).level).toBe("low");
    expect(scoreComplexity({ ...base, data: "restricted", users: 200 }).score).toBe(9);
    expect(scoreComplexity({ ...base, data: "restricted", users: 200 }).level).toBe("high");
  });

  it("offers a partner, with the summary pre-filled, for a high score or a partner criterion", () => {
    const small = assessReadiness({ system: "jira", users: 10 }, playbooks);
    expect(small.partner.recommended).toBe(false);
    const big = assessReadiness({ system: "workday", users: 400, countries: 3, data: "restricted", writes: true }, playbooks);
    expect(big.complexity.level).toBe("high");
    expect(big.partner.recommended).toBe(true);
    expect(big.partner.why).toEqual(["writes to a system of record (custom integration)", "regulated or highly sensitive data", "400 users (250 or more)", "3 countries"]);
    expect(big.partner.summary).toMatch(/^connect AI to Workday; with write-back, restricted data; 400 users; 3 countries; complexity 1\d\/17 \(high\)/);
    const uc = service.readinessForUseCase("marketing-lead-triage")!;
    expect(uc.partner.summary).toMatch(/^Use case "Inbound lead triage and routing": connect AI to Salesforce; with write-back/);
    expect(service.readinessForUseCase("sales-objection-practice")).toBeUndefined();
  });
});
