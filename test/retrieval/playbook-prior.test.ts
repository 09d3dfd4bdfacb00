import { describe, expect, it } from "vitest";
import { chunkPlaybook } from "../../src/retrieval/chunking.ts";
import { PlaybookPrior, priorFeatures } from "../../src/retrieval/PlaybookPrior.ts";
import { parsePlaybook } from "../../src/retrieval/playbooks.ts";
import { playbookText } from "../support/fixtures-knowledge.ts";

function prior(seatQuestions: string): PlaybookPrior {
  const playbooks = [
    parsePlaybook("governance/seats.md", playbookText({ id: "governance-seats", title: "AI tools and seats" }, `# AI tools and seats\n\n## Requests\n\nRequest a seat through the AI Tool Access catalog item.\n\n${seatQuestions}\n`)),
    parsePlaybook("change/travel.md", playbookText({ id: "change-travel", title: "Travel for training" }, "# Travel for training\n\n## Hotels\n\nHotel stays for training days are booked through the travel portal.\n")),
  ];
  const chunks = playbooks.flatMap((pb, i) => chunkPlaybook(pb, i * 10));
  return PlaybookPrior.train(playbooks, chunks, []);
}

describe("PlaybookPrior: the questions a playbook's sections answer", () => {
  it("are how employees ask for it: a question in those words leans to that playbook", () => {
    const asked = priorFeatures("new starter, what do i do first?");
    const without = prior("").probabilitiesOf(asked).get("governance/seats.md")!;
    const withQuestions = prior("```questions\nwhat do i do first as a new starter?\ni'm new, where do i start\n```").probabilitiesOf(asked).get("governance/seats.md")!;
    expect(withQuestions).toBeGreaterThan(0.5);
    expect(withQuestions).toBeGreaterThan(without + 0.1);
  });
});
