import { describe, expect, it } from "vitest";
import { britishSpelling, sentences, stem, terms, words } from "../../src/retrieval/text.ts";

describe("American and British spellings meet", () => {
  it.each([
    ["license", "licence"],
    ["licenses", "licences"],
    ["organization", "organisation"],
    ["optimize", "optimise"],
    ["summarizing", "summarising"],
    ["analyze", "analyse"],
    ["behavior", "behaviour"],
    ["center", "centre"],
    ["program", "programme"],
    ["catalog", "catalogue"],
    ["defense", "defence"],
  ])("%s and %s stem alike", (us, uk) => {
    expect(stem(us)).toBe(stem(uk));
  });

  it("leaves words that only look like them alone", () => {
    for (const word of ["size", "citizen", "enter", "or", "error", "major", "register", "programmer"]) expect(britishSpelling(word)).toBe(word);
  });

  it("a question in American spelling has the playbook's terms", () => {
    expect(terms("how do I get a Copilot license for my organization?")).toEqual(expect.arrayContaining(terms("Copilot licence for the organisation")));
  });
});

describe("words Porter would fold into another word's stem stay apart", () => {
  it.each([
    ["interns", "internal"],
    ["intern", "international"],
    ["paste", "past"],
    ["accessibility", "access"],
    ["excellence", "excel"],
    ["applicants", "applications"],
    ["general", "generated"],
    ["busy", "business"],
    ["accountant", "account"],
    ["productivity", "product"],
    ["memorial", "memory"],
    ["news", "new"],
  ])("%s is not %s", (a, b) => {
    expect(stem(a)).not.toBe(stem(b));
  });

  it.each([
    ["interns", "intern"],
    ["internships", "internship"],
    ["internal", "internally"],
    ["paste", "pasting"],
    ["pasted", "pastes"],
    ["applicant", "applicants"],
    ["accessible", "accessibility"],
    ["accountants", "accounting"],
  ])("%s and %s still stem alike", (a, b) => {
    expect(stem(a)).toBe(stem(b));
  });
});

describe("words of chat", () => {
  it("are dropped like stopwords, unless kept for the intent model", () => {
    expect(words("how do i actually get a seat pls lol")).toEqual(["seat"]);
    expect(words("how do i actually get a seat pls lol", true)).toEqual(["actually", "seat", "pls", "lol"]);
    // The words they were confused with keep their meaning: "actual hours", "PL" for Poland.
    expect(words("actual hours saved in PL")).toEqual(["actual", "hours", "saved", "pl"]);
  });
});

describe("sentences", () => {
  it("splits at a full stop before a capital, not after an initial or an abbreviation's last letter", () => {
    expect(sentences('Add a note such as "Drafted with ChatGPT Enterprise, checked by J. Kowalski" so readers know. Then send it.')).toEqual([
      'Add a note such as "Drafted with ChatGPT Enterprise, checked by J. Kowalski" so readers know.',
      "Then send it.",
    ]);
    expect(sentences("They are certified under the EU-U.S. Data Privacy Framework. SCCs are the fallback.")).toHaveLength(2);
    // A list item is one sentence, whatever it holds.
    expect(sentences("- First item. Second part\n- Next")).toEqual(["- First item. Second part", "- Next"]);
  });
});
