import { afterAll, describe, expect, it } from "vitest";
import { teamAgents } from "../../src/lint/contradictions.ts";
import { teams } from "../../src/lint/facts.ts";
import type { Statement } from "../../src/lint/statements.ts";
import { subjectOf, tokens } from "../../src/lint/subjects.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// How a team that acts is read: which verb it is the agent of, and which words are near it.
afterAll(removeTempDirs);

const KNOWN = ["Regional Treasury Operations Desk", "Privacy Office", "Finance Systems", "Procurement Operations"];

const statement = (text: string): Statement => ({ path: "x/y.md", line: 3, owner: "", headings: ["Who signs off"], text, raw: text, list: -1 });

describe("team agents", () => {
  it("counts the words near an acting team past the words of its long name", () => {
    const text = "Regional Treasury Operations Desk signs off every export of intercompany netting files.";
    const found = teams(text, KNOWN);
    const [agent] = teamAgents(text, found);
    const subject = subjectOf(statement(text), tokens(text), agent!, { idf: () => 1, aliases: new Map() }, found);
    const stems = tokens("export intercompany netting files").map((t) => t.stem);
    expect([...subject.near]).toEqual(expect.arrayContaining(stems));
  });

  it("keeps a labelled line's near words as they were: its things follow the colon", () => {
    const text = "Regional Treasury Operations Desk: netting files.";
    const found = teams(text, KNOWN);
    const subject = subjectOf(statement(text), tokens(text), { ...found[0]!, action: "owns" }, { idf: () => 1, aliases: new Map() }, found);
    expect(subject.near.size).toBeGreaterThan(0);
  });

  it("reads the team after 'by a' or 'by an' as the agent of a passive verb ('created by an X admin')", () => {
    const text = "A signing key for the netting feed, created by a Finance Systems administrator.";
    expect(teamAgents(text, teams(text, KNOWN)).map((t) => [t.team, t.action])).toContainEqual(["Finance Systems", "created"]);
    // Someone else acting for the team: the team is not the agent.
    const other = "A signing key for the netting feed, created by a contractor for Finance Systems.";
    expect(teamAgents(other, teams(other, KNOWN))).toEqual([]);
  });

  it("does not make a team the agent of a verb in a clause after 'until', 'when' or 'if'", () => {
    const text = "Procurement Operations will not issue the contract until the supplier portal shows an approval.";
    expect(teamAgents(text, teams(text, KNOWN)).map((t) => t.action)).toEqual([]);
    const other = "Finance Systems checks the invoice when the portal shows a review.";
    expect(teamAgents(other, teams(other, KNOWN)).map((t) => t.action)).toEqual(["checks"]);
  });
});

const pb = fixturePlaybook;
const FILLER = Object.fromEntries(
  KNOWN.map((team, t) => [
    `misc/notes-${t}.md`,
    pb(`misc-notes-${t}`, team, `## Notes\n\n${Array.from({ length: 40 }, (_, i) => `- Background note ${t}-${i}: item${i} alpha${t}x${i} beta${i}.`).join("\n")}\n`),
  ]),
);

describe("a long-named team approving what a rule gives another team to approve", () => {
  const corpus = (who: string) => ({
    ...FILLER,
    "finance/treasury.md": pb(
      "finance-treasury",
      "Finance Systems",
      "## What AI may do with treasury data\n\nIntercompany netting files name counterparties and bank accounts, so any AI use of netting files needs Privacy Office approval and a reviewed prompt.\n\n" +
        `## Who owns what\n\n- ${who} approves any AI use of intercompany netting files.\n- Finance Systems runs the SAP treasury module.\n`,
    ),
  });

  it("flags the other team", () => {
    const found = contradictions(corpus("Regional Treasury Operations Desk"));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/Regional Treasury Operations Desk/);
    expect(found[0]!.message).toMatch(/Privacy Office/);
  });

  it("does not flag the same team", () => {
    expect(contradictions(corpus("Privacy Office"))).toEqual([]);
  });
});
