import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";

/**
 * The glossary through the real offline engine: a question asked in German, Dutch, Spanish or Polish is searched,
 * classified and judged in scope with the English words appended, so it is answered from the right playbook
 * instead of being refused as not covered.
 */
describe("questions in the employees' own languages (offline engine)", () => {
  let index: KnowledgeIndex;

  beforeAll(async () => {
    index = await openShippedIndex("glossary-answers");
  }, 120_000);

  afterAll(() => removeTempDirs());

  it("a German seat question is answered from the tools-and-seats playbook, not refused", async () => {
    expect(index.expandAliases("Wie bekomme ich eine Lizenz für Copilot?")).toMatch(/licence seat/);
    const a = await new AnswerService({ index }).ask({ text: "Wie bekomme ich eine Lizenz für Copilot?" });
    expect(a.reply.kind).toBe("answer");
    expect(a.intent).not.toBe("out_of_scope");
    expect(a.citations[0]?.path).toBe("governance/tools-and-seats.md");
  });

  it.each([
    ["mag ik loonstroken in Copilot gooien?", "governance/data-privacy.md"],
    ["czy mogę wkleić listę płac do Copilota?", "governance/data-privacy.md"],
    ["¿cómo consigo una licencia de Copilot?", "governance/tools-and-seats.md"],
  ])("%s is answered from %s", async (text, playbook) => {
    const a = await new AnswerService({ index }).ask({ text });
    expect(a.reply.kind).toBe("answer");
    expect(a.citations.map((c) => c.path)).toContain(playbook);
  });

  it("an everyday errand in German is still refused as out of scope", async () => {
    const a = await new AnswerService({ index }).ask({ text: "Kannst du mir sagen, was es heute in der Kantine zum Mittagessen gibt?" });
    expect(a.reply.kind).toBe("refusal");
    expect(a.intent).toBe("out_of_scope");
  });
});
