import { describe, expect, it } from "vitest";
import { answerRules } from "../../src/lint/facts.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { fixturePlaybook, NOW } from "./fixtures.ts";

// An answer under a yes/no question heading ('### "Can I …?"') states a rule about what the question asks: "No; …"
// forbids it, "Yes, …" or "Only for … / Only if …" allows it.
describe("answers to yes/no questions", () => {
  it("reads the opening of an answer as a rule about the question's action, and nothing under other headings", () => {
    const q = ['FAQ', '"Can I record client calls with the voice memo app on my phone?"'];
    expect(answerRules("No; client calls are recorded only in the meeting platform.", q).map((r) => [r.polarity, r.about])).toEqual([
      ["forbidden", "record client calls with the voice memo app on my phone"],
    ]);
    expect(answerRules("Only for internal stand-ups where everyone has agreed.", q).map((r) => r.polarity)).toEqual(["allowed"]);
    expect(answerRules("Yes, if the client agrees in writing first.", q).map((r) => r.polarity)).toEqual(["allowed"]);
    // Not an answer's opening, not a yes/no question, not a question at all.
    expect(answerRules("Recordings are kept for 30 days.", q)).toEqual([]);
    expect(answerRules("No one reviews them.", ["FAQ", '"How do I record client calls?"'])).toEqual([]);
    expect(answerRules("No; see the meeting playbook.", ["Recording client calls"])).toEqual([]);
  });

  it("reports an answer changed from no to 'only for …' against the rule that still forbids it", () => {
    const base = {
      "meetings.md": fixturePlaybook("meetings", "Workplace Tech", "## Recording\n\n- Do not record client calls with the voice memo app on your phone; use the meeting platform's recorder.\n"),
      "faq.md": fixturePlaybook("faq", "Change Office", '## FAQ\n\n### "Can I record client calls with the voice memo app on my phone?"\n\nNo; client calls are recorded only with the meeting platform\'s recorder.\n'),
    };
    const now = { ...base, "faq.md": base["faq.md"].replace("No; client calls are recorded only with", "Only for short internal calls; client calls are recorded with") };
    const files = (c: Record<string, string>) => Object.entries(c).map(([path, text]) => ({ path, text }));
    const found = lintSources(files(now), { now: NOW, baseline: files(base) }).findings.filter((f) => f.kind === "contradiction");
    expect(found.map((f) => f.places.map((p) => p.path))).toEqual([["faq.md", "meetings.md"]]);
    expect(found[0]!.message).toMatch(/^changed since the baseline \(was not allowed\): allowed in faq\.md/);
  });
});
