import { describe, expect, it } from "vitest";
import { specificCoverage } from "../../src/assistant/confidence.ts";
import type { Chunk } from "../../src/retrieval/chunking.ts";
import type { SearchHit } from "../../src/retrieval/KnowledgeIndex.ts";
import { terms } from "../../src/retrieval/text.ts";

// One passage about Copilot meeting transcripts and the works council; the corpus knows its words and "budget".
const passage = "Copilot meeting transcripts are visible to participants; the works council is consulted first.";
const inPassage = new Set(terms(passage));
const known = new Set([...inPassage, ...terms("budget")]);
const hits = [{ chunk: { id: "c1" } as unknown as Chunk, score: 1, termCoverage: 0.5 } as SearchHit];
const coverage = (question: string, skipUnknown?: boolean) =>
  specificCoverage(question, hits, () => 3, () => inPassage, (t) => known.has(t), skipUnknown === undefined ? {} : { skipUnknown });

describe("specificCoverage", () => {
  it("a question's words the passages lack lower the coverage, known or not", () => {
    expect(coverage("copilot meeting transcripts works council")).toBe(1);
    expect(coverage("copilot meeting transcripts retention budget")!).toBeLessThan(1);
  });

  it("with skipUnknown (a message in another language) words the corpus has never seen do not count", () => {
    // "Betriebsrat fragt, ob Copilot Protokolle erstellt": the German words the glossary does not know are not the subject.
    const german = "betriebsrat fragt copilot transcripts erstellt lesen";
    expect(coverage(german)!).toBeLessThan(0.5);
    expect(coverage(german, true)).toBe(1);
    // A known word the passages lack still counts against it.
    expect(coverage("copilot transcripts budget fragt", true)!).toBeLessThan(1);
  });
});
