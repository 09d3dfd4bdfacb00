import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../src/usecases/catalog.ts";
import { createUseCaseService } from "../../src/usecases/index.ts";
import { parseIntake } from "../../src/usecases/intake.ts";
import { REPO_DATA, SHIPPED_KNOWLEDGE } from "../support/fixtures-knowledge.ts";

describe("paused use cases", () => {
  it("are never suggested, even to the role they were written for", async () => {
    const catalog = await loadCatalog(SHIPPED_KNOWLEDGE);
    const paused = catalog.filter((uc) => uc.status.value === "paused");
    expect(paused.map((uc) => uc.id)).toContain("hr-cv-screening");
    const service = await createUseCaseService({ knowledgeDir: SHIPPED_KNOWLEDGE, dataDir: REPO_DATA });
    const result = service.suggest(parseIntake({ role: "recruiter", department: "HR", goal: "screening CVs for technician openings takes my whole week" }));
    expect(result.suggestions.length).toBeGreaterThan(0);
    for (const s of result.suggestions) expect(paused.map((uc) => uc.id)).not.toContain(s.useCase.id);
  });
});
