import { readdirSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { chunkPlaybooks } from "../../src/retrieval/chunking.ts";
import { LocalEmbedder } from "../../src/retrieval/embedders/LocalEmbedder.ts";
import { KnowledgeIndex, reorderWithinPlaybooks } from "../../src/retrieval/KnowledgeIndex.ts";
import { loadPlaybooks } from "../../src/retrieval/playbooks.ts";
import { readSectionQuestions, SectionPrior } from "../../src/retrieval/SectionPrior.ts";
import { knowledgeDir, playbookText, removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

// Two sections that share the question's words about equally; only labelled questions say which one answers.
const REFERRALS = playbookText(
  { id: "referrals", title: "How referrals work" },
  `# How referrals work

## Overview
Partners are certified firms. A referral starts when a project is too large for a team and ends with a scoping call.

## Step-by-step
You choose a partner from the shortlist; the Partner Management Office then books the scoping call.

## Engagement types
A discovery engagement lasts two to four weeks; a pilot engagement lasts six to twelve weeks.
`,
);
const SEATS = playbookText(
  { id: "seats", title: "Tools and seats" },
  `# Tools and seats

## Getting a seat
Request a seat through the service catalog; it is active within three business days.

## Reclaiming seats
Seats unused for sixty days are reclaimed and offered to the waiting list.
`,
);

async function chunksOf(files: Record<string, string>) {
  const playbooks = await loadPlaybooks(knowledgeDir(files, "section-prior-kb"));
  return chunkPlaybooks(playbooks);
}

const choose = { text: "do we pick the firm ourselves or does someone assign one to us", playbook: "partners/how-referrals-work.md", fact: ["You choose a partner"] };

describe("SectionPrior: which section of a playbook answers, learned from labelled questions", () => {
  it("tells a how-to question from a when question about the same thing by the question's frame", async () => {
    // Labelled questions about either section use the same content words ("copilot seat"); only "how do I" against
    // "when do I" (words search drops as stopwords) says which section answers.
    const seats = playbookText(
      { id: "seats", title: "Tools and seats" },
      `# Tools and seats

## Getting a seat
Request a seat through the service catalog.

## How long it takes
A seat is active within three business days.
`,
    );
    const chunks = await chunksOf({ "governance/tools-and-seats.md": seats });
    const getting = chunks.find((c) => c.section === "Getting a seat")!;
    const timing = chunks.find((c) => c.section === "How long it takes")!;
    const labelled = [
      { text: "how do i get a copilot seat", playbook: getting.path, fact: ["Request a seat"] },
      { text: "how can i get a chatgpt seat", playbook: getting.path, fact: ["Request a seat"] },
      { text: "when do i get a copilot seat", playbook: getting.path, fact: ["three business days"] },
      { text: "when will i get a chatgpt seat", playbook: getting.path, fact: ["three business days"] },
    ];
    const prior = SectionPrior.train(chunks, [...labelled, ...labelled]);
    const howTo = prior.probabilities("how do we get a gemini seat?", [getting.path]);
    const when = prior.probabilities("when do we get a gemini seat?", [getting.path]);
    expect(howTo.get(getting.id)!).toBeGreaterThan(howTo.get(timing.id)!);
    expect(when.get(timing.id)!).toBeGreaterThan(when.get(getting.id)!);
  });

  it("puts a question worded unlike its answer on the section whose text states its fact", async () => {
    const chunks = await chunksOf({ "partners/how-referrals-work.md": REFERRALS, "governance/tools-and-seats.md": SEATS });
    const steps = chunks.find((c) => c.section === "Step-by-step")!;
    const overview = chunks.find((c) => c.section === "Overview")!;
    const asked = "who picks the firm, us or someone assigning one";
    const untrained = SectionPrior.train(chunks, []).probabilities(asked, [steps.path]);
    const trained = SectionPrior.train(chunks, [choose, choose, choose]).probabilities(asked, [steps.path]);
    expect(trained.get(steps.id)!).toBeGreaterThan(untrained.get(steps.id)!);
    expect(trained.get(steps.id)!).toBeGreaterThan(trained.get(overview.id)!);
    // Probabilities are per playbook: its sections sum to one, and only the playbooks asked about are scored.
    const referralSections = chunks.filter((c) => c.path === steps.path);
    expect(referralSections.reduce((s, c) => s + trained.get(c.id)!, 0)).toBeCloseTo(1, 6);
    expect(chunks.filter((c) => c.path !== steps.path).every((c) => !trained.has(c.id))).toBe(true);
  });

  it("drops a labelled question whose fact no section of its playbook states any more (a reworded playbook)", async () => {
    const chunks = await chunksOf({ "partners/how-referrals-work.md": REFERRALS });
    const stale = { ...choose, fact: ["the office assigns a partner"] };
    const a = SectionPrior.train(chunks, [stale]).probabilities(choose.text, [choose.playbook]);
    const b = SectionPrior.train(chunks, []).probabilities(choose.text, [choose.playbook]);
    expect([...a]).toEqual([...b]);
  });

  it("caches each playbook's model by what it was trained on, and reads the same model back", async () => {
    const chunks = await chunksOf({ "partners/how-referrals-work.md": REFERRALS, "governance/tools-and-seats.md": SEATS });
    const dir = tempDir("section-prior-cache");
    const first = SectionPrior.train(chunks, [choose], dir).probabilities(choose.text, [choose.playbook]);
    const files = readdirSync(dir).filter((f) => f.startsWith("section-prior-"));
    expect(files.length).toBe(4); // two playbooks, a header and weights each
    const again = SectionPrior.train(chunks, [choose], dir).probabilities(choose.text, [choose.playbook]);
    for (const [id, p] of first) expect(again.get(id)!).toBeCloseTo(p, 5);
  });

  it("reorders sections within a playbook in search; each playbook keeps its passages' scores", async () => {
    const kb = knowledgeDir({ "partners/how-referrals-work.md": REFERRALS, "governance/tools-and-seats.md": SEATS }, "section-prior-search");
    const { index } = await KnowledgeIndex.open({ knowledgeDir: kb, dataDir: tempDir("section-prior-data"), embedder: new LocalEmbedder(undefined) });
    const query = "referral partner scoping seat";
    const plain = await index.rank(query, { priorWeight: 1 });
    expect(plain.every((h) => h.sectionPrior === undefined)).toBe(true);
    const withPrior = await index.rank(query, { priorWeight: 1, sectionWeight: 1 });
    expect(withPrior.every((h) => typeof h.sectionPrior === "number")).toBe(true);
    const scoresOf = (hits: typeof plain, p: string) => hits.filter((h) => h.chunk.path === p).map((h) => h.score.toFixed(9)).sort();
    for (const p of new Set(plain.map((h) => h.chunk.path))) expect(scoresOf(withPrior, p)).toEqual(scoresOf(plain, p));
  });
});

describe("reorderWithinPlaybooks", () => {
  const pathOf = (doc: number) => (doc < 10 ? "a.md" : "b.md");
  it("gives a playbook's best score to the passage its bonus favours, and leaves the playbooks' order alone", () => {
    const ranked = [
      { doc: 1, score: 3 },
      { doc: 11, score: 2.5 },
      { doc: 2, score: 2 },
      { doc: 12, score: 1 },
    ];
    const out = reorderWithinPlaybooks(ranked, pathOf, (doc) => (doc === 2 || doc === 12 ? 2 : 0));
    expect(out).toEqual([
      { doc: 2, score: 3 },
      { doc: 12, score: 2.5 },
      { doc: 1, score: 2 },
      { doc: 11, score: 1 },
    ]);
  });

  it("keeps the order when the bonus does not outweigh the score difference", () => {
    const ranked = [
      { doc: 1, score: 3 },
      { doc: 2, score: 1 },
    ];
    expect(reorderWithinPlaybooks(ranked, pathOf, (doc) => (doc === 2 ? 1.5 : 0))).toEqual(ranked);
  });
});

describe("the shipped section questions", () => {
  it("parse, and each names a playbook of the corpus", async () => {
    const questions = readSectionQuestions();
    expect(questions.length).toBeGreaterThan(1000);
    const playbooks = await loadPlaybooks("knowledge");
    const paths = new Set(playbooks.map((p) => p.path));
    expect(questions.filter((q) => !paths.has(q.playbook))).toEqual([]);
  });
});
