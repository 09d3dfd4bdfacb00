import { describe, expect, it } from "vitest";
import { ANSWERED_IN_ENGLISH, messageLanguage } from "../../src/assistant/language.ts";

describe("the language a message is written in", () => {
  it.each([
    ["darf ich kundendaten in chatgpt eingeben um eine zusammenfassung zu schreiben?", "de"],
    ["wie lange dauert die freigabe eines neuen KI tools und wer ist dafür zuständig?", "de"],
    ["mag ik copilot gebruiken om notulen van ons teamoverleg te maken?", "nl"],
    ["welke ai use cases passen bij een finance controller?", "nl"],
    ["czy mogę używać copilota do notatek?", "pl"],
  ])("%s → %s", (text, language) => {
    expect(messageLanguage(text)).toBe(language);
  });

  it.each([
    "can i use chatgpt for a spec in SAP?",
    // A greeting, a place or a works council in another language does not make the message German or Dutch.
    "Guten Tag. At H&R Financial Services we consider an AI model to support credit decisions",
    "we have the OR meeting in Utrecht, can I use copilot for the notes",
    "Buenos días. I have 18 sales people in Madrid and Lisbon.",
    "Need Copilot for 40 sales reps in DACH by Q3. Kosten, approvals, Betriebsrat: what's the path?",
    "",
  ])("English: %s", (text) => {
    expect(messageLanguage(text)).toBeUndefined();
  });

  it("has a sentence for every language it can read, in that language", () => {
    expect(Object.keys(ANSWERED_IN_ENGLISH).sort()).toEqual(["de", "es", "fr", "nl", "pl"]);
    expect(ANSWERED_IN_ENGLISH.de).toMatch(/Englisch/);
    expect(ANSWERED_IN_ENGLISH.nl).toMatch(/Engels/);
  });
});
