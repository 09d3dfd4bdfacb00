import { describe, expect, it } from "vitest";
import { lintSources } from "../../src/lint/lint.ts";
import { findSameQuestionConflicts, type SameQuestionData, sameQuestionData } from "../../src/lint/questions.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { fixturePlaybook, NOW, shippedSources } from "./fixtures.ts";

// The same-question check (src/lint/questions.ts): two statements that answer one labelled employee question with one
// figure state one rule, however differently they are worded around it.

const lint = (files: Record<string, string>, sameQuestion: SameQuestionData) =>
  lintSources(
    Object.entries(files).map(([id, body]) => ({ path: `${id}.md`, text: fixturePlaybook(id, "Partner Management Office", body) })),
    { now: NOW, sameQuestion },
  ).findings.filter((f) => f.kind === "contradiction");

const NONE: SameQuestionData = { groups: [], links: [] };

describe("same-question check", () => {
  const referrals = "## Triage\n\nThe office triages each request within one business day, checks for overlapping engagements and shortlists up to 3 partners.\n";
  const tiers = "## Matching\n\nPartnerPilot suggests up to 5 partners per referral and ranks them by specialisation fit, tier and region.\n";
  const question: SameQuestionData = { groups: [{ playbooks: ["referrals.md", "tiers.md"], facts: ["up to 3 partners"] }], links: [] };

  it("reports a question's phrase stated with another figure, where the two sentences share too few words to be paired", () => {
    expect(lint({ referrals, tiers }, NONE)).toEqual([]);
    const found = lint({ referrals, tiers }, question);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("up to 5 partners");
    expect(found[0]!.places.map((p) => p.path).sort()).toEqual(["referrals.md", "tiers.md"]);
  });

  it("recognises a linked sentence reworded since the links were made, by its nearest sentence in the playbook", () => {
    const stages = "## Stages\n\n- Pilot: one team tries the use case for about three months with a baseline, success criteria and measurement.\n";
    const design = "## Pilot design\n\nDuration: 4-8 weeks; shorter pilots do not show whether use survives the novelty phase.\n";
    const links: SameQuestionData = {
      groups: [],
      links: [
        {
          value: { kind: "duration", lo: 28, hi: 56, text: "4-8 weeks" },
          places: [
            { path: "stages.md", text: "Pilot: one team tries the use case for 4-8 weeks with a baseline, success criteria and measurement.", phrase: "4-8 weeks" },
            { path: "design.md", text: "Duration: 4-8 weeks; shorter pilots do not show whether use survives the novelty phase.", phrase: "4-8 weeks" },
          ],
        },
      ],
    };
    expect(lint({ stages, design }, NONE)).toEqual([]);
    const found = lint({ stages, design }, links);
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("three months");
  });

  it("leaves alone items of one list (one case each) and sentences that still state the figure", () => {
    const countries = "## Consultation\n\n- Poland: inform the employee representatives. Plan 4 weeks.\n- United Kingdom: inform the consultation forum; plan six weeks.\n";
    const links: SameQuestionData = {
      groups: [],
      links: [
        {
          value: { kind: "duration", lo: 28, hi: 28, text: "4 weeks" },
          places: [
            { path: "countries.md", text: "Poland: inform the employee representatives.", phrase: "4 weeks" },
            { path: "countries.md", text: "United Kingdom: inform the consultation forum; plan 4 weeks.", phrase: "4 weeks" },
          ],
        },
      ],
    };
    expect(lint({ countries }, links)).toEqual([]);
    const agreeing = "## Matching\n\nPartnerPilot suggests up to three partners per referral.\n";
    expect(lint({ referrals, tiers: agreeing }, question)).toEqual([]);
  });

  it("finds nothing on the shipped corpus with the shipped links", async () => {
    const statements = (await shippedSources())
      .filter((s) => s.path.endsWith(".md"))
      .flatMap((s) => {
        const { playbook } = checkPlaybook(s.path, s.text);
        return playbook ? statementsOf(playbook) : [];
      });
    expect(sameQuestionData().links.length).toBeGreaterThan(0);
    expect(findSameQuestionConflicts(statements, sameQuestionData())).toEqual([]);
  });
});
