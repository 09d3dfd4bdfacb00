import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";

let index: KnowledgeIndex;
beforeAll(async () => {
  index = await openShippedIndex("names-data");
}, 120_000);
afterAll(() => removeTempDirs());

describe("KnowledgeIndex.names", () => {
  it("finds a phrase some passage has word for word, whatever its case and punctuation", () => {
    expect(index.names("ChatGPT Enterprise")).toBe(true);
    expect(index.names("otter.ai")).toBe(true);
    expect(index.names("READ.AI")).toBe(true);
  });

  it("does not take words that stand apart, or a word's stem, for the phrase", () => {
    // Both "Copilot" and "Workday" occur in the playbooks, never as one product.
    expect(index.knows("copilot") && index.names("Workday")).toBe(true);
    expect(index.names("Copilot in Workday")).toBe(false);
    // "Copilot in Power BI" is one: the tools playbook lists it as under review.
    expect(index.names("Copilot in Power BI")).toBe(true);
    // "Fireflies" is named (a rejected note-taker); Adobe's Firefly is not.
    expect(index.names("Fireflies")).toBe(true);
    expect(index.names("Firefly")).toBe(false);
    expect(index.names("   ")).toBe(false);
  });

  it("does not count a product named only in a section's questions (what employees ask, not what the playbooks say)", () => {
    const inQuestions = index.chunks.some((c) => (c.questions ?? []).some((q) => /midjourney/i.test(q)));
    expect(inQuestions).toBe(true);
    expect(index.chunks.some((c) => /midjourney/i.test(c.text))).toBe(false);
    expect(index.names("Midjourney")).toBe(false);
  });
});
