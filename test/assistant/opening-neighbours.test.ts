import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";
import { loadOpeningNeighbours, OpeningNeighbours } from "../../src/assistant/opening-neighbours.ts";
import { composeAnswer, openingSentences } from "../../src/assistant/composer.ts";
import { HAND_WEIGHTS, OPENING_FEATURES } from "../../src/assistant/opening-ranker.ts";
import type { SearchHit } from "../../src/retrieval/KnowledgeIndex.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "opening-neighbours-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const REVIEW = "A standard security review is completed within 15 business days.";
const SEAT = "Seats are assigned by the AI Enablement Office within 3 business days.";
const LABELLED = [
  { text: "how long is a security review??", question: "how long is a security review", sentences: [REVIEW] },
  { text: "security review turnaround pls", question: "security review turnaround", sentences: [REVIEW] },
  { text: "when do I get my copilot seat", question: "when do I get my copilot seat", sentences: [SEAT] },
];

describe("the opening's labelled neighbours", () => {
  const neighbours = OpeningNeighbours.from(LABELLED);

  it("votes for the sentence that answered the most similar labelled questions, and for none that answered nothing like it", () => {
    const vote = neighbours.voter("how long does the security review take");
    const review = vote(REVIEW);
    expect(review.share).toBeGreaterThan(0.5);
    expect(review.best).toBeGreaterThan(0);
    expect(vote(SEAT).share).toBeLessThan(review.share);
    expect(vote("Tenant settings are reviewed every quarter.")).toEqual({ share: 0, best: 0 });
  });

  it("matches a sentence however it is cased or spaced, as the facts are", () => {
    const vote = neighbours.voter("security review turnaround");
    expect(vote(`  ${REVIEW.toUpperCase()}`).share).toBeGreaterThan(0);
  });

  it("gives no vote to a question sharing no word with any labelled one", () => {
    expect(neighbours.voter("pizza order for friday")(REVIEW)).toEqual({ share: 0, best: 0 });
  });

  it("leaves out the labelled questions written as the given messages (a set measured after it was learned from)", () => {
    const without = neighbours.without(new Set(["how long is a security review??", "security review turnaround pls"]));
    expect(without.labelled).toHaveLength(1);
    expect(without.voter("how long is a security review")(REVIEW)).toEqual({ share: 0, best: 0 });
  });

  it("is a feature of the opening's score: with weight on it, the voted sentence opens instead of the better-worded one", () => {
    const chunk = {
      id: "c1",
      path: "governance/security-review.md",
      title: "Security review",
      section: "Review",
      text: `Every security review is logged and each security review is tracked. ${REVIEW}`,
      systems: [],
    } as unknown as SearchHit["chunk"];
    const hits: SearchHit[] = [{ chunk, score: 1 } as SearchHit];
    const labelled = OpeningNeighbours.from([{ text: "review logging?", question: "is every security review logged and tracked", sentences: [REVIEW] }]);
    const compose = (neighbourShare: number) =>
      composeAnswer({ question: "is every security review logged and tracked", hits, idf: () => 1, translation: null, neighbours: labelled, openingWeights: { ...HAND_WEIGHTS, neighbourShare } })?.reply.lead.text;
    expect(OPENING_FEATURES).toContain("neighbourShare");
    expect(compose(0)).toMatch(/logged/);
    expect(compose(5)).toBe(REVIEW);
  });
});

describe("loading the shipped neighbours", () => {
  it("reads a file written by eval --fit-opening", () => {
    const file = path.join(dir, "good.json");
    writeFileSync(file, JSON.stringify({ fittedOn: ["set A"], questions: LABELLED }));
    expect(loadOpeningNeighbours(file)?.labelled).toHaveLength(3);
  });

  it("is undefined when there is no file, and an error naming the file when it is not a neighbours file", () => {
    expect(loadOpeningNeighbours(path.join(dir, "missing.json"))).toBeUndefined();
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ fittedOn: [], questions: [{ text: "x", question: "x", sentences: [] }] }));
    expect(() => loadOpeningNeighbours(bad)).toThrow(/bad\.json: not an opening-neighbours file/);
  });
});

describe("passages the neighbours bring (offline engine)", () => {
  let index: KnowledgeIndex;
  beforeAll(async () => {
    index = await openShippedIndex("opening-neighbours");
  }, 120_000);
  afterAll(() => removeTempDirs());

  it("a sentence that answered the nearest labelled question is among the candidates though search did not return its passage", async () => {
    const question = "how long does a security review take?";
    // A sentence of a playbook far from the question, so search does not bring it.
    const far = index.chunks.find((c) => c.path.startsWith("usecases/") && openingSentences(c).length > 0)!;
    const sentence = openingSentences(far)[0]!;
    const neighbours = OpeningNeighbours.from([{ text: "labelled", question, sentences: [sentence] }]);
    const candidates = async (openingNeighbours: OpeningNeighbours | null) => {
      let seen: string[] = [];
      await new AnswerService({ index, openingNeighbours, onOpeningCandidates: (c) => (seen = c.map((x) => x.text)) }).ask({ text: question });
      return seen;
    };
    expect(await candidates(null)).not.toContain(sentence);
    expect(await candidates(neighbours)).toContain(sentence);
  });
});
