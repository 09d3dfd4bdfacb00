import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { withoutQuestionBlocks } from "../../src/retrieval/chunking.ts";
import { defaultGlossary, expandGlossary, foldWord, Glossary, readGlossaryFiles } from "../../src/retrieval/glossary.ts";
import { REPO_ROOT } from "../support/fixtures-knowledge.ts";

/** The English words the glossary appended to a message (what follows the original text). */
function added(text: string): string {
  const out = expandGlossary(text);
  expect(out.startsWith(text), "the original words are kept, in front").toBe(true);
  return out.slice(text.length).trim();
}

describe("glossary", () => {
  it.each([
    ["German", "darf ich ChatGPT auf dem Handy benutzen?", ["allowed", "phone", "use"]],
    ["German", "Wie bekomme ich eine Lizenz für Copilot?", ["get", "licence", "seat"]],
    ["German", "Wie lange dauert die Sicherheitsprüfung?", ["long", "security", "review"]],
    ["German", "Dürfen wir Kundendaten und Gehaltslisten in Copilot hochladen?", ["allowed", "customer", "data", "salary", "upload"]],
    ["Dutch", "mag ik loonstroken in Copilot gooien?", ["allowed", "payroll", "put"]],
    ["Dutch", "wie keurt een nieuwe AI-tool goed en hoe lang duurt de beoordeling?", ["long", "review"]],
    ["Spanish", "puedo meter la lista de precios en chatgpt?", ["can", "put", "price", "list"]],
    ["Spanish", "¿cuánto tiempo se guardan los datos personales de los clientes?", ["long", "stored", "personal", "data", "customers"]],
    ["Polish", "czy mogę wkleić listę płac do Copilota?", ["can", "paste", "payroll"]],
    ["Polish", "jak długo trwa przegląd bezpieczeństwa?", ["long", "review", "security"]],
    ["French", "est-ce que je peux utiliser l'IA pour traduire un contrat client ?", ["can", "use", "AI", "translate", "contract", "customer"]],
  ])("%s: %s", (_language, text, english) => {
    const words = added(text).split(" ");
    for (const w of english) expect(words, `${JSON.stringify(text)} gets ${w}`).toContain(w);
  });

  it("is accent-tolerant and case-insensitive: typed without diacritics or in capitals, the same words match", () => {
    expect(added("czy moge wkleic liste plac do copilota?")).toBe(added("czy mogę wkleić listę płac do Copilota?"));
    expect(added("DARF ICH CHATGPT AUF DEM HANDY BENUTZEN?")).toBe(added("darf ich ChatGPT auf dem Handy benutzen?"));
    expect(added("Muss ich die Datenschutzpruefung machen?")).not.toBe("");
    expect(added("wie lange dauert die Sicherheitsprufung")).toContain("security");
  });

  it("appends each English word once, and a phrase's own words do not match again", () => {
    const words = added("darf ich, darf ich wirklich?").split(" ");
    expect(words.filter((w) => w === "allowed")).toHaveLength(1);
    // "buenos días" is a greeting, not "days".
    expect(added("buenos días, una pregunta")).not.toContain("days");
  });

  it.each([
    "Can I use ChatGPT on my phone?",
    "How long does the security review take, and who approves it?",
    "Is it allowed to paste the price list into Copilot?",
    "The die-cut line in the warehouse has a handy meter; can AI read it?",
    "I met Dan and the OR team about the lager order",
    "sin, con, i, die, was, man, wie: none of these alone make a message foreign",
    "What are sensible AI use cases for a con artist's resume revision?",
    "Our patients are informed; the place is safe; the rooster crowed at the turnout",
    "Can Copilot summarise a contract for a customer? We have confidential data in SAP.",
    "who won the match last night?",
    "hi",
  ])("leaves English as it is: %s", (text) => {
    expect(expandGlossary(text)).toBe(text);
  });

  it("words that are also English count only beside other words of their language", () => {
    // "Handy" and "meter" alone are English; in a German or Spanish sentence they are the phone and "put".
    expect(expandGlossary("that is handy")).toBe("that is handy");
    expect(added("ist das Handy erlaubt?")).toContain("phone");
    expect(expandGlossary("the meter reading")).toBe("the meter reading");
    expect(added("puedo meter el contrato en chatgpt?")).toContain("put");
    // "wie" is German "how" and Dutch "who": it needs the other words to say which.
    expect(expandGlossary("wie")).toBe("wie");
  });

  it("a case-sensitive entry matches only as written: French/Spanish IA in capitals is AI, the letters ia are not", () => {
    expect(added("est-ce que l'IA est autorisée ?")).toContain("AI");
    expect(expandGlossary("via ia")).toBe("via ia");
  });

  it("every messages of the development sets that the glossary changes is written (partly) in another language", () => {
    // English messages must be left alone: the eval figures on English sets are what they were. A message on
    // this list is one a person can see is German, Dutch, Spanish or Polish; a new one that changes must be too.
    const foreign = [
      "Wat is het beleid voor AI-gebruik",
      "Wie verbinde ich Copilot",
      "Kunnen jullie ons in contact",
      "Wie kann KI unserem Vertriebsteam",
      "Bitte, we search a partner",
      "Kun je een check-in starten",
      "Hoi, mag ik klantgegevens",
      "wie lange dauert das normally",
      "Wir möchten, dass ein AI-Agent",
      "Ich bin Einkäufer",
      "Ik zoek een consultant",
      "Ich möchte gerne einen Check-in",
      "Wir möchten ChatGPT Enterprise für den ganzen Standort",
      "Ich brauche einen Experten",
    ];
    const files = ["routing.jsonl", "retrieval.jsonl", "holdout/routing.jsonl", "holdout/retrieval.jsonl"].map((f) => path.join(REPO_ROOT, "test/eval", f));
    let messages = 0;
    for (const file of files) {
      for (const line of readFileSync(file, "utf8").split("\n").filter(Boolean)) {
        const text = (JSON.parse(line) as { text?: string; question?: string; query?: string }).text ?? (JSON.parse(line) as { question?: string }).question;
        if (typeof text !== "string") continue;
        messages++;
        if (expandGlossary(text) !== text) expect(foreign.some((f) => text.startsWith(f)), `changed: ${text}`).toBe(true);
      }
    }
    expect(messages).toBeGreaterThan(500);
  });

  it("no glossary word that applies on its own is a word of the (English) playbooks", () => {
    // The playbooks are the bot's English: a key that matches one of their words would change English questions.
    // The few foreign words the playbooks quote (an alias list, a national-identifier example) are allowed, and the
    // ```questions blocks are employees' questions, some of them in Dutch, German or Polish, not the playbooks' English.
    const quoted = new Set(["steuer", "persoonsgegevens", "*gegevens", "pracowni*"]);
    const walk = (d: string): string[] => readdirSync(d).flatMap((f) => (statSync(path.join(d, f)).isDirectory() ? walk(path.join(d, f)) : f.endsWith(".md") ? [path.join(d, f)] : []));
    const vocabulary = new Set<string>();
    for (const f of walk(path.join(REPO_ROOT, "knowledge"))) for (const w of withoutQuestionBlocks(readFileSync(f, "utf8")).match(/[\p{L}\p{M}\p{N}]+/gu) ?? []) vocabulary.add(foldWord(w));
    const clashes: string[] = [];
    for (const e of defaultGlossary().entries) {
      if (e.kind !== "word" || e.caseSensitive || e.words.length > 1 || quoted.has(foldWord(e.source))) continue;
      const k = e.words[0]!;
      const clash = [...vocabulary].find((w) => (k.prefix && k.suffix ? w.includes(k.text) : k.prefix ? w.startsWith(k.text) : k.suffix ? w.endsWith(k.text) : w === k.text));
      if (clash) clashes.push(`${e.language} ${e.source} ~ ${clash}`);
    }
    expect(clashes).toEqual([]);
  });

  it("every language file has a few hundred entries, and a bad key is refused", () => {
    const files = readGlossaryFiles();
    expect(files.map((f) => f.language).sort()).toEqual(["de", "es", "fr", "nl", "pl"]);
    for (const f of files) expect(Object.keys(f.words).length + Object.keys(f.inContext).length, f.language).toBeGreaterThan(150);
    expect(() => new Glossary([{ language: "xx", name: "X", words: { "a/b": "c" }, inContext: {}, markers: [], caseSensitive: {} }])).toThrow(/bad key/);
  });
});
