import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editDistance, type EnglishWords, SpellingCorrector } from "../../src/retrieval/spelling.ts";
import type { KnowledgeIndex } from "../../src/retrieval/KnowledgeIndex.ts";
import { AnswerService } from "../../src/assistant/AnswerService.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { openShippedIndex } from "../support/shipped-index.ts";

/** A small English dictionary, most frequent first. */
function english(words: string[]): EnglishWords {
  const rank = new Map(words.map((w, i) => [w, i]));
  return { rank: (w) => rank.get(w), words };
}

const PLAYBOOK_WORDS = new Map([
  ["copilot", 40],
  ["licence", 12],
  ["license", 3],
  ["enterprise", 20],
  ["actuals", 4],
  ["actual", 2],
  ["literacy", 5],
  ["redline", 2],
  ["hospital", 9],
  ["approved", 30],
]);
const ENGLISH = english(["the", "actually", "literally", "approved", "hospital", "enterprise", "license", "cold", "could", "redlining", "slowed", "allowed"]);
const corrector = (otherLanguage = (_: string) => false) => new SpellingCorrector(PLAYBOOK_WORDS, ENGLISH, new Set(["sfdc"]), otherLanguage);

describe("editDistance (optimal string alignment)", () => {
  it.each([
    ["copliot", "copilot", 1],
    ["hosptial", "hospital", 1],
    ["enterpise", "enterprise", 1],
    ["aproved", "approved", 1],
    ["licence", "license", 1],
    ["kitten", "sitting", 3],
  ] as const)("%s → %s is %i", (a, b, d) => {
    expect(editDistance(a, b, 3)).toBe(d);
  });

  it("stops at max + 1 as soon as the distance must exceed it", () => {
    expect(editDistance("abcdef", "uvwxyz", 1)).toBe(2);
    expect(editDistance("short", "muchlongerword", 2)).toBe(3);
  });
});

describe("SpellingCorrector", () => {
  it("corrects a word nothing knows to the playbook word one edit away", () => {
    expect(corrector().correct("hw do i get copliot on our enterpise org? no licnese found")).toBe("hw do i get copilot on our enterprise org? no license found");
    expect(corrector().correct("is it aproved for hosptial data")).toBe("is it approved for hospital data");
  });

  it("leaves English words, aliases, short words and other forms of playbook words alone", () => {
    const c = corrector();
    for (const text of ["cold emails", "our sfdc org", "const x", "redlining the terms", "copilots for everyone"]) expect(c.correct(text)).toBe(text);
  });

  it("does not correct into a playbook word when a likelier English word is as close", () => {
    // "literally" (English, and no form of it in the playbooks) is likelier than the playbooks' "literacy".
    expect(corrector().correction("literaly")).toBeUndefined();
    // "actually" is likelier than "actuals", and the playbooks use "actual": corrected to the English word.
    expect(corrector().correction("actualy")).toBe("actually");
    // "license" is likelier than "licence", and the playbooks use it too.
    expect(corrector().correction("licnese")).toBe("license");
  });

  it("leaves a name capitalised inside a sentence, but corrects a capitalised first word", () => {
    expect(corrector().correct("is Copliot ok?")).toBe("is Copliot ok?");
    expect(corrector().correct("Copliot for drafting?")).toBe("copilot for drafting?");
  });

  it("leaves a message with words of another language as written", () => {
    const c = corrector((t) => /\bdarf\b/.test(t));
    expect(c.correct("darf ich copliot nutzen")).toBe("darf ich copliot nutzen");
  });
});

describe("typos in a question, end to end over the shipped playbooks", () => {
  let index: KnowledgeIndex;
  let store: SqliteStore;
  beforeAll(async () => {
    index = await openShippedIndex("spelling-data");
    store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    removeTempDirs();
  });

  it("the shipped index corrects with the word vectors' English, and leaves English it does not use alone", () => {
    expect(index.correctSpelling("can i put hosptial reciepts into copliot")).toBe("can i put hospital receipts into copilot");
    expect(index.correctSpelling("whats the best way to write cold emails")).toBe("whats the best way to write cold emails");
  });

  it("a question with typos is answered as the one without them", async () => {
    const service = new AnswerService({ index, store });
    const ask = (text: string, conversationId: string) => service.ask({ text, conversationId, userId: "U_TEST" });
    const typed = await ask("how do i get a copliot licnese? is it aproved for my team", "spelling:1");
    const clean = await ask("how do i get a copilot license? is it approved for my team", "spelling:2");
    expect(typed.reply.kind).toBe("answer");
    expect(typed.citations.map((c) => c.path)).toEqual(clean.citations.map((c) => c.path));
    expect(typed.intent).toBe(clean.intent);
  });
});
