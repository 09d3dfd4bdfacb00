import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTranslationTable, TranslationTable } from "../../src/assistant/opening-translation.ts";
import { terms } from "../../src/retrieval/text.ts";

const dir = mkdtempSync(path.join(os.tmpdir(), "opening-translation-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Questions asked in words their answers do not use: "how long" is answered in business days, "who" by a team.
const PAIRS = [
  { question: "how long does the security review take?", sentence: "A standard review is completed within 15 business days." },
  { question: "how long until my seat is active?", sentence: "A seat is active within 3 business days of approval." },
  { question: "how long does a DPIA take", sentence: "A full DPIA takes 20 business days." },
  { question: "who approves a new connector?", sentence: "The IT Platform Team approves every connector." },
  { question: "who signs off on the tenant settings?", sentence: "The IT Platform Team owns the tenant." },
  { question: "who do I ask about Workday?", sentence: "The HR Systems Team owns Workday." },
];

const q = (text: string) => [...new Set(terms(text))];

describe("the opening's translation model (IBM Model 1)", () => {
  const table = TranslationTable.learn(PAIRS);

  it("learns which answer words a kind of question is asked with, beyond shared words", () => {
    const question = q("how long will the works council review take?");
    const duration = table.score(question, terms("Consultation usually needs 30 business days."));
    const team = table.score(question, terms("The Employee Relations Office owns consultation."));
    expect(duration).toBeGreaterThan(team);
    // "who" itself is a stopword; what carries it is the rest of the question ("approves", "signs off").
    const who = q("who approves the Okta settings?");
    expect(table.score(who, terms("The Identity Team decides on Okta settings."))).toBeGreaterThan(table.score(who, terms("Okta settings change within 5 business days.")));
  });

  it("lets a term no labelled answer used translate to itself, so a new sentence naming what was asked is not penalised", () => {
    // "QuillBot" is in no learned sentence: before, the sentence naming it scored as if it shared nothing with the question.
    const question = q("is quillbot ok?");
    const naming = table.score(question, terms("QuillBot is not approved for work."));
    const unrelated = table.score(question, terms("Tenant settings are reviewed every quarter."));
    expect(naming).toBeGreaterThan(unrelated + 1);
    // A term the table knows keeps its learned translations only (no identity added on top): "standard" was in a
    // learned answer but in no question, so asked about, the sentence "standard" explains it no better than an unknown
    // term does.
    const standard = terms("standard");
    expect(Object.keys(table.toJSON())).toContain(standard[0]);
    expect(table.score(standard, standard)).toBeCloseTo(table.score(standard, terms("quillbot")), 12);
  });

  it("scores many sentences for one question the same as one at a time", () => {
    const question = q("how long does approval take and who approves?");
    const score = table.scorer(question);
    for (const s of ["within 10 business days", "The IT Platform Team approves it.", "nothing in common here", ""]) {
      expect(score(terms(s))).toBeCloseTo(table.score(question, terms(s)), 12);
    }
    expect(table.score([], terms("anything"))).toBe(0);
  });

  it("round-trips through its JSON file, and a malformed file is an error, not a silent fallback", () => {
    const file = path.join(dir, "table.json");
    writeFileSync(file, JSON.stringify({ fittedOn: ["toy"], pairs: PAIRS.length, table: table.toJSON() }));
    const loaded = loadTranslationTable(file)!;
    const question = q("how long does it take?");
    expect(loaded.score(question, terms("within 15 business days"))).toBeCloseTo(table.score(question, terms("within 15 business days")), 3);
    expect(loadTranslationTable(path.join(dir, "missing.json"))).toBeUndefined();
    writeFileSync(file, JSON.stringify({ fittedOn: ["toy"], table: { day: { long: 2 } } }));
    expect(() => loadTranslationTable(file)).toThrow(/not an opening translation table/);
  });
});
