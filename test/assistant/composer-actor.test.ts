import { describe, expect, it } from "vitest";
import { composeAnswer } from "../../src/assistant/composer.ts";
import { HAND_WEIGHTS, type OpeningWeights } from "../../src/assistant/opening-ranker.ts";
import { passage } from "../support/fixtures-knowledge.ts";

const chunk = (id: number, section: string, text: string) => passage(id, "governance/security-review.md", section, text, "Information Security");

describe("a 'who' question opens with the sentence whose subject is the team that acts", () => {
  // Both steps name a team; the vendor step shares more of the question's words ("new", "vendor", "approve"), so word
  // overlap alone opens with what the vendor does, and only names Information Security as an aside.
  const hits = [
    {
      chunk: chunk(
        1,
        "How to request a security review",
        [
          "1. The new vendor uploads its evidence for approval to the vendor portal, because Information Security cannot start without it.",
          "2. Information Security issues a decision: Approved, Approved with conditions, or Rejected.",
        ].join("\n"),
      ),
      score: 1,
      termCoverage: 1,
    },
  ];
  const ask = (question: string, weights: OpeningWeights) => composeAnswer({ question, hits, idf: () => 1, openingWeights: weights, translation: null, neighbours: null })!.reply.lead.text;
  const withActor: OpeningWeights = { ...HAND_WEIGHTS, actorSubject: 1 };

  it("by the learned weight, the acting team's sentence wins", () => {
    expect(ask("who gives approval for a new vendor?", HAND_WEIGHTS)).toContain("vendor uploads");
    expect(ask("who gives approval for a new vendor?", withActor)).toContain("Information Security issues a decision");
  });

  it("changes nothing when the question does not ask who", () => {
    expect(ask("how does approval for a new vendor work?", withActor)).toBe(ask("how does approval for a new vendor work?", HAND_WEIGHTS));
  });

  it("counts a role as the subject too, and a team named later in the sentence not", () => {
    const roleHits = [
      {
        chunk: chunk(2, "Access", ["- The request for a seat waits in the ServiceNow queue until Okta is updated by IT.", "- Your line manager approves the request in ServiceNow."].join("\n")),
        score: 1,
        termCoverage: 1,
      },
    ];
    const lead = (weights: OpeningWeights) => composeAnswer({ question: "who approves my seat request in servicenow?", hits: roleHits, idf: () => 1, openingWeights: weights, translation: null, neighbours: null })!.reply.lead.text;
    expect(lead(HAND_WEIGHTS)).toContain("waits in the ServiceNow queue");
    expect(lead(withActor)).toContain("line manager approves");
  });
});
