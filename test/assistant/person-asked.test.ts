import { describe, expect, it } from "vitest";
import { asksForPerson, namesPerson } from "../../src/assistant/person-asked.ts";

describe("asksForPerson", () => {
  it.each([
    "who is the AI champion for finance in wroclaw?",
    "who's our contact at the Partner Management Office?",
    "Who's the exec sponsor for Customer Support? Need to loop them in.",
    "who would be the sponsor for that on the field service side?",
    "who's the right person in the privacy office for a DPIA question",
    "my manager say ask AI office but which person exactly",
    "who's exec sponsor for sales AI. need a name asap",
    "wie is onze AI champion in het DC?",
    "wer ist unser Ansprechpartner im AI Enablement Office?",
    "kto jest championem AI dla zespołu HR we Wrocławiu?",
  ])("asks for a person: %s", (text) => {
    expect(asksForPerson(text)).toBe(true);
  });

  it.each([
    "who approves my copilot licence?",
    "who owns the Salesforce integration users?",
    "which team runs security reviews?",
    "who can use ChatGPT Enterprise?",
    "what does an AI champion do?",
    "how many champions do we have?",
    "wer genehmigt die Lizenz?",
  ])("asks for a team, an approver or a rule, not a person: %s", (text) => {
    expect(asksForPerson(text)).toBe(false);
  });
});

describe("namesPerson", () => {
  it("finds a named head or an office one person holds", () => {
    expect(namesPerson("The AI Enablement Office (head: Priya Nair) runs the network.")).toBe(true);
    expect(namesPerson("It chairs the board with Priya Nair (head of the AI Enablement Office).")).toBe(true);
    expect(namesPerson("The Chief Operating Officer is the executive sponsor of the AI programme.")).toBe(true);
  });

  it("does not take a team, a channel or a role for a person", () => {
    expect(namesPerson("Each business unit has a senior sponsor at director level.")).toBe(false);
    expect(namesPerson("Questions go to #ai-help or directly to the Privacy Office.")).toBe(false);
    expect(namesPerson("The Partner Management Office runs the directory; Revenue Operations owns both orgs.")).toBe(false);
  });
});
