import { describe, expect, it } from "vitest";
import { quantities, type QuantityFact } from "../../src/lint/facts.ts";
import type { Finding } from "../../src/lint/findings.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { parsePlaybook } from "../../src/retrieval/playbooks.ts";
import {
  boundOf,
  canonicalTeam,
  conflictsOf,
  findRestatementConflicts,
  quantitiesAgree,
  unseenConflicts,
  valueGroup,
  valueKeysOf,
  valuesDisagree,
} from "../../src/lint/restatements.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { playbookText } from "../support/fixtures-knowledge.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

function q(text: string): QuantityFact {
  const found = quantities(text);
  expect(found, text).toHaveLength(1);
  return found[0]!;
}

function pb(id: string, owner: string, body: string, extra: Record<string, unknown> = {}): string {
  return playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"], ...extra }, `# Playbook ${id}\n\n${body}`);
}

/**
 * Statements that make document frequencies look like a corpus (ordinary words common, names rare): every sentence
 * pairs two of these topics with a shared frame.
 */
const TOPICS = ["newsletter", "dashboard", "budget", "roadmap", "survey", "workshop", "backlog", "glossary", "calendar", "mailbox", "intranet", "handbook"];
const FILLER = [
  "## Background",
  "",
  ...TOPICS.flatMap((t, i) => [
    `The ${t} is updated by each department and linked from the ${TOPICS[(i + 1) % TOPICS.length]}.`,
    `Managers discuss the ${t} with their teams before they change the ${TOPICS[(i + 5) % TOPICS.length]}.`,
    `Every office keeps a copy of the ${t} next to the ${TOPICS[(i + 3) % TOPICS.length]}.`,
    `New starters read the ${t} in their first month and ask questions about the ${TOPICS[(i + 7) % TOPICS.length]}.`,
    `The ${t} and the ${TOPICS[(i + 2) % TOPICS.length]} are archived at the end of each year.`,
  ]),
].join("\n");

function restatementFindings(files: Record<string, string>): Finding[] {
  const statements = Object.entries(files).flatMap(([path, text]) => statementsOf(parsePlaybook(path, text)));
  return findRestatementConflicts(statements, { teams: ["IT Platform Team", "AI Enablement Office", "Information Security"] });
}

describe("value normalisation", () => {
  it("reads durations in calendar days: business days, weeks and months compare across units", () => {
    expect(quantitiesAgree(q("within 2 weeks"), q("within 10 business days"))).toBe(true);
    expect(quantitiesAgree(q("within 15 business days"), q("within 2–3 weeks"))).toBe(true);
    expect(quantitiesAgree(q("within 5 business days"), q("within 10 working days"))).toBe(false);
    expect(quantitiesAgree(q("kept for 30 days"), q("kept for two months"))).toBe(false);
  });

  it("treats overlapping ranges as agreeing and disjoint ones as different", () => {
    expect(quantitiesAgree(q("a pilot of 4-8 weeks"), q("a pilot of six weeks"))).toBe(true);
    expect(quantitiesAgree(q("a pilot of 4-8 weeks"), q("a pilot of 10-12 weeks"))).toBe(false);
  });

  it("compares cadences with cadences and lengths with lengths, never a length with a deadline", () => {
    expect(valueGroup(q("the weekly digest"))).toBe(valueGroup(q("the monthly digest")));
    expect(valuesDisagree(q("the weekly digest"), q("the monthly digest"))).toBe(true);
    expect(valueGroup(q("a 2-hour lab"))).not.toBe(valueGroup(q("answered within 2 days")));
  });

  it("compares money with a time rate per month, and words with numbers", () => {
    expect(quantitiesAgree(q("€55 per seat per month"), q("€660 per seat per year"))).toBe(true);
    expect(valuesDisagree(q("€55 per seat per month"), q("€65 per seat per month"))).toBe(true);
    expect(quantitiesAgree(q("fifty users"), q("50 users"))).toBe(true);
  });

  it("does not call figures an order of magnitude apart a drift", () => {
    expect(valuesDisagree(q("within 3 business days"), q("within 180 days"))).toBe(false);
  });

  it("reads lower and upper bounds from the words around a figure", () => {
    const bound = (text: string) => boundOf(text, q(text));
    expect(bound("WAU of at least 70% is the target")).toBe("lower");
    expect(bound("tools with 25 or more users")).toBe("lower");
    expect(bound("if WAU falls below 50% the rollout pauses")).toBe("upper");
    expect(bound("champions spend up to 10% of their time")).toBe("upper");
    expect(bound("the pilot has 20 users")).toBeUndefined();
  });

  it("names a team the same way with or without article, 'Team' or a parenthesis", () => {
    expect(canonicalTeam("the IT Platform Team")).toBe(canonicalTeam("IT Platform"));
    expect(canonicalTeam("Privacy Office (DPO)")).toBe(canonicalTeam("Privacy Office"));
    expect(canonicalTeam("Legal & Compliance")).toBe("legal and compliance");
    expect(canonicalTeam("Legal & Compliance")).not.toBe(canonicalTeam("Information Security"));
  });
});

/** A seats playbook whose summary says "within two weeks" and whose detail says `toolsDelay`. */
function seatsPlaybook(toolsDelay: string): Record<string, string> {
  return {
    "governance/seats.md": pb(
      "seats",
      "AI Enablement Office",
      [
        "## Requesting a seat",
        "",
        "A ChatGPT Enterprise seat requested through the AI Tool Access catalog item is active within two weeks.",
        "",
        "## Tools",
        "",
        `- ChatGPT Enterprise seats requested through the AI Tool Access catalog item are active within ${toolsDelay}.`,
        "",
        FILLER,
      ].join("\n"),
    ),
  };
}

describe("restatement pairing", () => {
  it("finds a summary in the same playbook that drifted from its detailed section, naming both places", () => {
    const files = seatsPlaybook("3 business days");
    const found = restatementFindings(files);
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => p.path)).toEqual(["governance/seats.md", "governance/seats.md"]);
    expect(found[0]!.places[0]!.owner).toBe("AI Enablement Office");
    expect(found[0]!.message).toMatch(/two weeks.*3 business days|3 business days.*two weeks/);
  });

  it("lets a restatement in other units agree (two weeks = 10 business days)", () => {
    const files = seatsPlaybook("10 business days");
    expect(restatementFindings(files)).toEqual([]);
  });

  it("does not compare a value that belongs to another region", () => {
    const files = (eu: string, us: string) => ({
      "governance/retention.md": pb(
        "retention",
        "Legal & Compliance",
        ["## Retention", "", `${eu}prompts to the internal assistant are kept for 30 days with a pseudonymised user id.`, "", FILLER].join("\n"),
      ),
      "governance/us.md": pb(
        "us",
        "Legal & Compliance",
        ["## Retention", "", `${us}prompts to the internal assistant are kept for 90 days with a pseudonymised user id.`, "", FILLER].join("\n"),
      ),
    });
    expect(restatementFindings(files("In the EU, ", "In the US, "))).toEqual([]);
    expect(restatementFindings(files("All ", "All "))).toHaveLength(1);
  });

  it("finds a team named for an action its restatement gives to another team", () => {
    const files = {
      "governance/seats.md": pb(
        "seats",
        "AI Enablement Office",
        ["## Who does what", "", "- AI Enablement Office allocates ChatGPT Enterprise seats and keeps the waiting list.", "", FILLER].join("\n"),
      ),
      "change/rollout.md": pb(
        "rollout",
        "Change & Communications",
        ["## Seats", "", "ChatGPT Enterprise seats and the waiting list are allocated by the IT Platform Team.", "", FILLER].join("\n"),
      ),
    };
    const conflicts = conflictsOf(
      Object.entries(files).flatMap(([path, text]) => statementsOf(parsePlaybook(path, text))),
      { teams: ["IT Platform Team", "AI Enablement Office"] },
    );
    expect(conflicts.map((c) => [c.va.fact.type, c.vb.fact.type])).toEqual([["team", "team"]]);
  });

  it("pairs values attached to the same name however different the rest of the sentences is; two named things are not one", () => {
    const files = (integrationReview: string) => ({
      "governance/review.md": pb(
        "review",
        "Information Security",
        ["## Review tracks", "", "- Standard review, 15 business days: Confidential data or read access to a system of record.", "", FILLER].join("\n"),
      ),
      "integrations/crm.md": pb(
        "crm",
        "Revenue Operations",
        ["## Timelines", "", `A read-only connector takes 2–3 weeks of build from an approved intake, plus the ${integrationReview}.`, "", FILLER].join("\n"),
      ),
    });
    const found = restatementFindings(files("Standard security review (20 business days)"));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/15 business days/);
    expect(found[0]!.message).toMatch(/20 business days/);
    expect(restatementFindings(files("Standard security review (15 business days)"))).toEqual([]);
    expect(restatementFindings(files("Premier onboarding review (20 business days)"))).toEqual([]);
  });

  it("reports through lint once when both detectors find the same pair", () => {
    const files = {
      "a/identity.md": pb("identity", "IT Platform Team", ["## Provisioning", "", "SCIM provisioning from Okta is required for every AI tool above 50 users.", "", FILLER].join("\n")),
      "b/tools.md": pb("tools", "Information Security", ["## Provisioning", "", "SCIM provisioning from Okta is required for every AI tool above 25 users.", "", FILLER].join("\n")),
    };
    const findings = lintSources(Object.entries(files).map(([path, text]) => ({ path, text })), { now: NOW }).findings.filter((f) => f.kind === "contradiction");
    expect(findings).toHaveLength(1);
  });
});

describe("merging with the other detector", () => {
  const existing: Finding = {
    kind: "contradiction",
    message: 'different durations for the same subject (seat): two weeks in a.md:3 "x" vs 3 business days in a.md:9 "y"',
    places: [
      { path: "a.md", line: 3, owner: "o" },
      { path: "a.md", line: 9, owner: "o" },
    ],
  };

  it("reads each side's place and normalised value from a finding's message", () => {
    expect(valueKeysOf(existing)).toEqual(["a.md:3|q:duration=14-14|q:duration=4.2-4.2", "a.md:9|q:duration=4.2-4.2|q:duration=14-14"]);
  });

  it("drops the same pair, and the same statement's same values paired with another restatement; keeps the rest", () => {
    const samePair: Finding = { ...existing, message: existing.message.replace("for the same subject", "in restatements of one fact") };
    const otherRestatement: Finding = {
      kind: "contradiction",
      message: 'different durations in restatements of one fact (seat): 14 days in a.md:3 "x" vs 3 business days in b.md:20 "z"',
      places: [
        { path: "a.md", line: 3, owner: "o" },
        { path: "b.md", line: 20, owner: "o" },
      ],
    };
    const otherValue: Finding = {
      kind: "contradiction",
      message: 'different durations in restatements of one fact (seat): two weeks in a.md:3 "x" vs 30 days in b.md:20 "z"',
      places: otherRestatement.places,
    };
    expect(unseenConflicts([existing], [samePair, otherRestatement, otherValue])).toEqual([otherValue]);
  });
});
