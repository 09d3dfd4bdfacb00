import { afterAll, describe, expect, it } from "vitest";
import { permissions, quantities, sameValue, teams } from "../../src/lint/facts.ts";
import { isNearestRestatement, measuredNoun, quantityFamily, teamAgents } from "../../src/lint/contradictions.ts";
import { scopeOf, scopesDiffer } from "../../src/lint/scope.ts";
import { canonicalStem, phraseStems } from "../../src/lint/subjects.ts";
import { findAcronyms } from "../../src/lint/acronyms.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

afterAll(removeTempDirs);

const pb = fixturePlaybook;

/** Filler statements so document frequencies look like a corpus (rare words stay rare). */
const FILLER = [
  "## Background",
  "",
  "Teams adopt new tools at different speeds and managers plan the work around it.",
  "Champions answer questions in the help channel and collect examples for the newsletter.",
  "The dashboard shows adoption per department and is refreshed every night.",
].join("\n");

describe("domain synonyms", () => {
  it("folds a licence into a seat and an assessment into a review, and leaves other words alone", () => {
    expect(canonicalStem(phraseStems("assessment")[0]!)).toBe(phraseStems("review")[0]);
    expect(phraseStems("prompt retention")).toEqual(phraseStems("prompt kept"));
    expect(phraseStems("licences")).toEqual([]); // a licence is a seat, and seats are the unit of a count
    expect(phraseStems("connector")).toEqual(["connector"]);
  });
});

describe("permission lexicon", () => {
  it("reads need not, do not have to, switched on/off, enabled/disabled, not yet approved and should not", () => {
    const polarity = (s: string) => permissions(s).map((p) => p.polarity);
    expect(polarity("Managers need not approve the request.")).toEqual(["optional"]);
    expect(polarity("Partners do not have to sign a BAA.")).toEqual(["optional"]);
    expect(polarity("Partners have to sign a BAA.")).toEqual(["required"]);
    expect(polarity("Ticket summaries are switched off for the US team.")).toEqual(["forbidden"]);
    expect(polarity("Ticket summaries are switched on for the US team.")).toEqual(["allowed"]);
    expect(polarity("Gemini is disabled in the Admin console.")).toEqual(["forbidden"]);
    expect(polarity("Gemini is enabled in the Admin console.")).toEqual(["allowed"]);
    expect(polarity("The Remote MCP Server is not yet approved.")).toEqual(["forbidden"]);
    expect(polarity("Staff should not paste HR data into prompts.")).toEqual(["forbidden"]);
    expect(polarity("Hospital contracts often forbid processing PHI outside the United States.")).toEqual(["forbidden"]);
    expect(polarity("No contract is signed on AI review alone.")).toEqual(["forbidden"]);
    expect(polarity("A read-only RaaS report is self-service.")).toEqual(["allowed"]);
    expect(polarity("Write-back to Workday is not self-service.")).toEqual(["forbidden"]);
    expect(polarity("Snowflake requires key-pair authentication.")).toEqual(["required"]);
  });
});

describe("scope qualifiers", () => {
  it("names systems (GitHub Copilot is not Microsoft 365 Copilot), regions, data classes, tiers and access", () => {
    const s = scopeOf("GitHub Copilot may read Confidential code for EU teams at Tier 2.");
    expect([...s.get("system")!]).toEqual(["github"]);
    expect([...s.get("region")!]).toEqual(["eu"]);
    expect([...s.get("data")!]).toEqual(["confidential"]);
    expect([...s.get("tier")!]).toEqual(["tier2"]);
    expect([...s.get("access")!]).toEqual(["read"]);
  });

  it("falls back to the playbook's own system only when the statement names none", () => {
    expect([...scopeOf("Write-back takes 4–6 weeks of build.", { ownSystem: "servicenow" }).get("system")!]).toEqual(["servicenow"]);
    expect([...scopeOf("A Zendesk sidebar app takes 2 weeks.", { ownSystem: "servicenow" }).get("system")!]).toEqual(["zendesk"]);
  });

  it("differs only on a dimension both name with nothing in common", () => {
    const eu = scopeOf("Case summaries for the EU org may use Confidential data.");
    const us = scopeOf("Case summaries for the US org need approval for Confidential data.");
    const both = scopeOf("Case summaries for the EU and US orgs need approval.");
    const none = scopeOf("Case summaries need approval.");
    expect(scopesDiffer(eu, us)).toBe("region");
    expect(scopesDiffer(eu, both)).toBeUndefined();
    expect(scopesDiffer(eu, none)).toBeUndefined();
  });
});

describe("restated rules with a changed value", () => {
  it("finds a restatement in other words with a different retention (lower subject score, high statement overlap)", () => {
    const found = contradictions({
      "governance/privacy.md": pb("privacy", "Privacy Office", `## Logging\n\nInternal apps may log prompts for at most 30 days with a pseudonymised user ID.\n\n${FILLER}`),
      "governance/residency.md": pb("residency", "IT Platform Team", `## Logs\n\nInternal apps may log prompt text for debugging for at most 60 days, and only with a pseudonymised user ID.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => p.path).sort()).toEqual(["governance/privacy.md", "governance/residency.md"]);
    expect(found[0]!.message).toContain("60 days");
  });

  it("reports a changed value once even when three playbooks restate the old one", () => {
    const rule = (n: string) => `Usage data is reported only for groups of at least ${n} people and never to assess an individual.`;
    const found = contradictions({
      "change/a.md": pb("reporting-a", "Change & Communications", `## Privacy\n\n${rule("5")}\n\n${FILLER}`),
      "change/b.md": pb("reporting-b", "AI Enablement Office", `## Privacy\n\n${rule("5")}\n\n${FILLER}`),
      "change/c.md": pb("reporting-c", "Data Platform Team", `## Privacy\n\n${rule("5")}\n\n${FILLER}`),
      "change/d.md": pb("reporting-d", "People Technology (HR)", `## Privacy\n\n${rule("10")}\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.places.some((p) => p.path === "change/d.md")).toBe(true);
  });

  it("does not compare the same rule for two systems or two regions", () => {
    const found = contradictions({
      "integrations/salesforce.md": pb("salesforce", "Revenue Operations", `## Realistic timelines\n\nWrite-back of case status takes 4–6 weeks of build with a partner, plus the Full security review.\n\n${FILLER}`, { systems: ["salesforce"] }),
      "integrations/workday.md": pb("workday", "People Technology (HR)", `## Realistic timelines\n\nWrite-back of job changes takes 8–12 weeks of build with a partner, plus the Full security review.\n\n${FILLER}`, { systems: ["workday"] }),
      "governance/eu.md": pb("eu", "Privacy Office", `## Case data\n\nCase summaries of EU service records are allowed in ChatGPT Enterprise without Privacy Office approval.\n\n${FILLER}`),
      "governance/us.md": pb("us", "Legal & Compliance", `## Case data\n\nCase summaries of US service records in ChatGPT Enterprise require Privacy Office approval.\n\n${FILLER}`),
    });
    expect(found).toEqual([]);
  });

  it("does not read a rule with its own exception as one polarity", () => {
    const found = contradictions({
      "governance/tools.md": pb("tools", "AI Enablement Office", `## Coding\n\nReal customer records never go into prompts or test fixtures for coding assistants.\n\n${FILLER}`),
      "usecases/engineering.md": pb("engineering", "Engineering Productivity", `## Test generation\n\nTest fixtures for coding assistants must use synthetic customer records, and real customer records must never be used.\n\n${FILLER}`),
    });
    expect(found).toEqual([]);
  });

  it("flags a restated permission that was flipped, even when the statement points to the owning playbook", () => {
    const found = contradictions({
      "governance/acceptable-use.md": pb("aup", "Legal & Compliance", `## Hiring\n\nAI screening, scoring or ranking of job candidates is not permitted at the company.\n\n${FILLER}`),
      "integrations/workday.md": pb("workday", "People Technology (HR)", `## Recruiting\n\nAI screening, scoring or ranking of job candidates is permitted at the company (see governance/acceptable-use.md).\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different permissions");
  });
});

describe("which figures are compared", () => {
  it("groups money with a time rate per month, and keeps counts, people and durations apart", () => {
    expect(quantityFamily("money:EUR/seat/month")).toBe("money:EUR/time");
    expect(quantityFamily("money:EUR/year")).toBe("money:EUR/time");
    expect(quantityFamily("money:EUR")).toBe("money:EUR");
    expect(quantityFamily("duration:length")).toBe("duration");
    expect(quantityFamily("people/month")).toBe("people/month");
  });

  const price = (a: string, b: string) =>
    contradictions({
      "governance/seats.md": pb("seats", "AI Enablement Office", `## Cost\n\nA ChatGPT Enterprise seat costs the cost centre ${a}, charged through the IT chargeback.\n\n${FILLER}`),
      "change/roi.md": pb("roi", "Change & Communications", `## Cost\n\nA ChatGPT Enterprise seat costs the cost centre ${b}, charged through the IT chargeback.\n\n${FILLER}`),
    });

  it("compares a monthly and a yearly price per month", () => {
    expect(price("€55 per seat per month", "€660 per seat per year")).toEqual([]);
    expect(price("€55 per seat per month", "€720 per seat per year")).toHaveLength(1);
  });

  it("does not compare figures an order of magnitude apart, or a course length with a deadline", () => {
    const found = contradictions({
      "governance/seats.md": pb("seats", "AI Enablement Office", `## Activation\n\nA ChatGPT Enterprise seat for the research team is active within 3 business days.\n\n## Training\n\nAI Foundations is a 2-day course for the research team.\n\n${FILLER}`),
      "usecases/research.md": pb("research", "Revenue Operations", `## Research briefs\n\nA ChatGPT Enterprise seat for the research team exports 180 days of account activity.\n\n## Training\n\nThe research team completes AI Foundations within 14 days.\n\n${FILLER}`),
    });
    expect(found).toEqual([]);
  });

  it("reads no permission from a lead-in to a list", () => {
    const found = contradictions({
      "governance/review.md": pb("review", "Information Security", `## When\n\nA security review is required before any of the following is used with company data:\n\n- a new AI tool\n\n${FILLER}`),
      "governance/tools.md": pb("tools", "AI Enablement Office", `## Approved\n\nA security review is not required before an approved tool is used with company data.\n\n${FILLER}`),
    });
    expect(found).toEqual([]);
  });

  it("finds a restatement with a changed value in another section of the same playbook", () => {
    const found = contradictions({
      "integrations/sso.md": pb(
        "sso",
        "Information Security",
        `## SCIM is required above 25 users\n\nEvery AI tool with more than 25 users must be provisioned over SCIM from Okta.\n\n## Before you start\n\n- An admin account in the vendor's tool.\n\n## Checklist\n\n- SCIM support for any AI tool that will have more than 50 users, provisioned from Okta.\n\n${FILLER}`,
      ),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/25 users[\s\S]*50 users|50 users[\s\S]*25 users/);
  });
});

describe("nearest restatement", () => {
  it("holds when the disagreeing statement is closer than every agreeing one for either fact, and similar enough", () => {
    expect(isNearestRestatement("quantity", 0.5, 0.2, 0.9)).toBe(true); // the drifted side has nothing closer that agrees
    expect(isNearestRestatement("quantity", 0.5, 0.9, 0.8)).toBe(false); // both sides have a closer agreeing restatement
    expect(isNearestRestatement("quantity", 0.5, 0.48, 0.47)).toBe(false); // within the margin: no clear nearest
    expect(isNearestRestatement("permission", 0.2, 0, 0)).toBe(false); // too dissimilar to be a restatement at all
  });
});

describe("owning teams", () => {
  const owners = (a: string, b: string) =>
    contradictions({
      "governance/tools.md": pb("tools", "Information Security", `## Under review\n\nThe Atlassian Remote MCP Server for external AI clients reaching Jira ${a}.\n\n${FILLER}`),
      "integrations/jira.md": pb("jira", "Privacy Office", `## Remote MCP Server\n\nThe Atlassian Remote MCP Server for external AI clients reaching Jira ${b}.\n\n${FILLER}`),
    });

  it("reads reviewing and approving as the same action, so a changed team is a conflict", () => {
    const found = owners("is reviewed by Information Security", "is approved by the Privacy Office");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different teams");
  });

  it("does not compare teams doing different things", () => {
    expect(owners("is reviewed by Information Security", "is hosted by the Privacy Office")).toEqual([]);
  });
});

describe("values in other words", () => {
  const values = (s: string) => quantities(s).map((q) => [q.kind, Math.round(q.lo * 100) / 100, Math.round(q.hi * 100) / 100]);

  it("reads compound number words, a fortnight, half a day, millions and cadences said twice", () => {
    expect(values("Pilots are limited to twenty-five users.")).toEqual([["people", 25, 25]]);
    expect(values("A Standard review takes a fortnight.")).toEqual([["duration", 14, 14]]);
    expect(values("Analysts answer within half a day.")).toEqual([["duration", 0.5, 0.5]]);
    expect(values("Engagements above €1.5 million need a tender.")).toEqual([["money:EUR", 1_500_000, 1_500_000]]);
    expect(values("Engagements above €1.5m need a tender.")).toEqual([["money:EUR", 1_500_000, 1_500_000]]);
    expect(values("Champions meet twice a week.")).toEqual([["frequency", 3.5, 3.5]]);
    expect(values("The board meets bi-weekly.")).toEqual([["frequency", 14, 14]]);
    expect(values("Pilots last 2-3 weeks.")).toEqual([["duration", 14, 21]]);
  });

  it("keeps a threshold's comparator with its number, and reads shares and large numbers in words", () => {
    expect(values("Escalate a rollout that reaches 250 or more users.")).toEqual([["people", 250, 250]]);
    expect(values("Any tool with 25+ users needs SCIM.")).toEqual([["people", 25, 25]]);
    expect(values("Bulk means a thousand records about different people.")).toEqual([["count:record", 1000, 1000]]);
    expect(values("Weekly active use by at least four in five licensed users.")).toEqual([["frequency", 7, 7], ["percent", 80, 80]]);
    expect(values("Agents send nine out of ten drafts unchanged.")).toEqual([["percent", 90, 90]]);
    expect(values("Benefits count 48 working weeks.")).toEqual([["duration", 336, 336]]);
  });

  it("reads lengths in words: hour-long, day-long, half-day, and every other month", () => {
    expect(values("The manager runs the hour-long briefing.")).toEqual([["duration:length", 0.04, 0.04]]);
    expect(values("A half-day hands-on lab for the team.")).toEqual([["duration:length", 0.5, 0.5]]);
    expect(values("A day-long workshop.")).toEqual([["duration:length", 1, 1]]);
    expect(values("The board meets every other month.")).toEqual([["frequency", 61, 61]]);
  });

  it("reads a cadence by weekday, a period next to an event, a rating scale's top and a group's size", () => {
    expect(values("The lead posts a digest every Monday.")).toEqual([["frequency", 7, 7]]);
    expect(values("The lead posts a digest every other Monday.")).toEqual([["frequency", 14, 14]]);
    expect(values("Capture baselines in the fortnight before a pilot starts.")).toEqual([["duration", 14, 14]]);
    expect(values("Each answer is scored on a 1-5 scale.")).toEqual([["scale", 5, 5]]);
    expect(values("Scores use a 1–10 scale.")).toEqual([["scale", 10, 10]]);
    expect(values("Answers use a five-point scale.")).toEqual([["scale", 5, 5]]);
    expect(values("Usage is reported for teams of three or more.")).toEqual([["people", 3, 3]]);
    expect(quantities("one of its half-dozen escalation criteria applies")[0]).toMatchObject({ kind: "count:criterion", lo: 6 });
    // A group with its unit is read as before, once.
    expect(values("Usage is reported for groups of at least 5 people.")).toEqual([["people", 5, 5]]);
    // Agents, reps and technicians are people too, and a group's range is read whole.
    expect(values("Pilot with one agent group of eight to ten agents.")).toEqual([["people", 8, 10]]);
    expect(values("The pilot had 10 reps and 20 technicians.")).toEqual([["people", 10, 10], ["people", 20, 20]]);
    expect(quantities("Usage is reported for teams of three or more.")[0]!.bound).toBe("min");
  });

  it("treats the same quantity in other units as equal, and 48 weeks against 46 as different", () => {
    const one = (t: string) => quantities(t)[0]!;
    expect(sameValue(one("within 10 working days"), one("within two weeks"))).toBe(true);
    expect(sameValue(one("every quarter"), one("every 3 months"))).toBe(true);
    expect(sameValue(one("48 weeks a year"), one("46 weeks a year"))).toBe(false);
  });
});

describe("permission polarity from verbs and modals", () => {
  const polarity = (s: string) => permissions(s).map((p) => p.polarity);

  it("reads an off-verb under a prohibition as keeping it on, and under an obligation or an instruction as keeping it off", () => {
    expect(polarity("Engineers must not disable the public-code filter.")).toEqual(["required"]);
    expect(polarity("The public-code filter is never disabled.")).toEqual(["required"]);
    expect(polarity("Keep the public-code filter on.")).toEqual(["required"]);
    expect(polarity("You must switch off Zendesk AI for the US team.")).toEqual(["forbidden"]);
    expect(polarity("Switch it off for the US team.")).toEqual(["forbidden"]);
    // A state, not a modal: stays as it was.
    expect(polarity("Ticket summaries are switched off for the US team.")).toEqual(["forbidden"]);
  });

  it("reads a feature that is off or on for someone as forbidden or allowed, and leaves places alone", () => {
    expect(polarity("The Drive connector is off for Chicago users.")).toEqual(["forbidden"]);
    expect(polarity("The other Zendesk AI features stay off until Legal & Compliance approves them.")).toEqual(["forbidden"]);
    expect(polarity("The Drive connector is on for the Chicago organisational unit.")).toEqual(["allowed"]);
    expect(polarity("The office is on the second floor.")).toEqual([]);
  });

  it("reads a second rule joined by ', and', skips an allowance in a relative clause, and reads 'may also be used' and 'blocks'", () => {
    expect(polarity("The Teams connector is off by default, and users may switch it on in their own settings.")).toEqual(["forbidden", "allowed"]);
    expect(polarity("A marketer approves every variant that can be sent.")).toEqual([]);
    expect(polarity("Cursor may also be used on internal repositories.")).toEqual(["allowed"]);
    expect(polarity("An Azure Policy assignment blocks Global deployment types.")).toEqual(["forbidden"]);
  });

  it("reads a negated 'without approving' as the approval rule and a bare one as an exemption", () => {
    expect(polarity("Nothing AI-drafted is sent to a customer without an agent approving it.")).toEqual(["approval"]);
    expect(polarity("Leads are created in Salesforce without a person approving them first.")).toEqual(["optional"]);
    expect(polarity("The tool is permitted only after the DPO signs off.")).toEqual(["approval"]);
    expect(polarity("The dates in the AI Act may move.")).toEqual([]);
  });
});

describe("contradictions said in other words", () => {
  it("flags 'switch it off' against 'must not disable' for the same feature", () => {
    const found = contradictions({
      "governance/acceptable-use.md": pb("aup", "Legal & Compliance", `## Coding assistants\n\nEngineers must not disable the GitHub Copilot public-code filter.\n\n${FILLER}`),
      "usecases/engineering.md": pb("engineering", "Engineering Productivity", `## Coding assistants\n\nSwitch off the GitHub Copilot public-code filter for engineers when it blocks a suggestion.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different permissions");
  });

  it("compares a heading that states a rule with its section, and not a heading that asks", () => {
    const stated = contradictions({
      "integrations/sso.md": pb("sso", "Information Security", `## SCIM is required above 50 users\n\nEvery AI tool with more than 25 users must be provisioned over SCIM from Okta.\n\n${FILLER}`),
    });
    expect(stated).toHaveLength(1);
    expect(stated[0]!.places.map((p) => p.line)).toEqual([expect.any(Number), expect.any(Number)]);
    const asked = contradictions({
      "governance/phi.md": pb("phi", "Legal & Compliance", `## Which AI tools may touch PHI\n\nPatient data must not be pasted into any AI tool.\n\n${FILLER}`),
    });
    expect(asked).toEqual([]);
  });
});

describe("rules stated for a list", () => {
  it("puts an item that states no rule of its own under its lead-in's rule", () => {
    const found = contradictions({
      "governance/tools.md": pb("tools", "AI Enablement Office", `## Tools under review\n\nThese tools are being reviewed and may not be used with company data until a decision is published here:\n- **Atlassian Remote MCP Server** for external AI clients reaching Jira: Information Security review.\n- **ChatGPT agent mode**: review of action controls.\n\n${FILLER}`),
      "integrations/jira.md": pb("jira", "Engineering Productivity", `## Connection patterns\n\nThe Atlassian Remote MCP Server for external AI clients reaching Jira may be used read-only.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different permissions");
    expect(found[0]!.places.map((p) => p.path).sort()).toEqual(["governance/tools.md", "integrations/jira.md"]);
  });

  it("does not give an item a lead-in's requirement ('a review is required for:')", () => {
    const found = contradictions({
      "governance/review.md": pb("review", "Information Security", `## When a review is needed\n\nA security review is required before use for:\n- an AI browser extension that reads pages;\n- a Slack app with AI features.\n\n${FILLER}`),
      "governance/aup.md": pb("aup", "Legal & Compliance", `## Other tools\n\nAn AI browser extension that reads pages is not approved until it passes a security review.\n\n${FILLER}`),
    });
    expect(found).toEqual([]);
  });

  it("reads a rule and a second rule of the same sentence apart, so each can disagree", () => {
    const found = contradictions({
      "governance/tools.md": pb("tools", "AI Enablement Office", `## Memory\n\nChatGPT memory is switched off in the company workspace.\n\n${FILLER}`),
      "governance/features.md": pb("features", "IT Platform Team", `## Memory\n\nChatGPT memory: you may switch it on in your own settings, but delete personal details so they do not carry over.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different permissions");
  });
});

describe("worked examples", () => {
  it("compares a worked example with the rules outside it, but not its own what-ifs with each other", () => {
    const body = [
      "## Return on investment",
      "",
      "### Worked example: ChatGPT Enterprise, 600 seats",
      "",
      "- Licences: a ChatGPT Enterprise seat costs the cost centre €65 per seat per month; 600 seats × 12 months = €468,000.",
      "- WAU of 68% gives 408 weekly active users.",
      "- Sensitivity: if WAU falls to 50% (300 users), ROI drops to 34%.",
    ].join("\n");
    const found = contradictions({
      "governance/seats.md": pb("seats", "AI Enablement Office", `## What a seat costs\n\nA ChatGPT Enterprise seat costs the seat holder's cost centre €55 per seat per month.\n\n${FILLER}`),
      "change/roi.md": pb("roi", "Change & Communications", `${body}\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("€65");
  });
});

describe("acronyms learnt from the corpus", () => {
  it("reads definitions and capitalised names whose initials the corpus uses, and skips the words an acronym skips", () => {
    const acronyms = findAcronyms([
      "Admin consent goes through Privileged Identity Management (PIM).",
      "The Change Advisory Board meets weekly.",
      "Summaries go to the CAB; the CAB approves normal changes.",
      "Weekly active users (WAU) is the share of assigned licences.",
      "If People Technology (HR) agrees, the feed is built.",
      "Sales Operations Team reviews it.",
    ]);
    expect(acronyms.get("PIM")).toBe("Privileged Identity Management");
    expect(acronyms.get("CAB")).toBe("Change Advisory Board");
    expect(acronyms.get("WAU")).toBe("Weekly active users");
    expect(acronyms.has("HR")).toBe(false); // "People Technology" does not spell HR
    expect(acronyms.has("SOT")).toBe(false); // never used as an acronym
  });

  it("does not read an acronym and its expansion as two different named things", () => {
    const found = contradictions({
      "integrations/m365.md": pb("m365", "IT Platform Team", `## Consent\n\n- Admin consent for any application permission is granted only by IT Platform Team through Privileged Identity Management (PIM).\n\n## Steps\n\n1. The app's owners request the Graph permission, and Information Security grants admin consent through PIM.\n\n${FILLER}`),
      "governance/security.md": pb("security", "Information Security", `## Reviews\n\nSecurity reviews are booked in the review portal.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different teams");
  });
});

describe("who does an action", () => {
  const known = ["AI Enablement Office", "IT Platform Team", "Revenue Operations", "Finance Systems", "CFO", "Chief Operating Officer", "AI Programme Board", "Privacy Office"];
  const agents = (text: string) => teamAgents(text, teams(text, known)).map((t) => `${t.team}:${t.action}`);

  it("reads the agent after a passive verb's 'by' and before an active verb, not a team named as the object", () => {
    expect(agents("The gate is held at the monthly AI Programme Board, chaired by the CFO with the head of the AI Enablement Office.")).toEqual(["CFO:chaired"]);
    expect(agents("The Chief Operating Officer is the executive sponsor and chairs the monthly AI Programme Board.")).toEqual(["Chief Operating Officer:sponsor", "Chief Operating Officer:chairs"]);
    expect(agents("Finance Systems is evaluating Joule for S/4HANA; it is not live.")).toEqual(["Finance Systems:evaluating"]);
    expect(agents("The department pays, allocated per agent by IT Platform Team or Revenue Operations.")).toEqual(["IT Platform Team:allocated"]);
    expect(agents("Case summaries are allowed in the EU org without Privacy Office approval.")).toEqual([]);
  });

  it("flags two teams named as the agent of the same action in statements that name several teams", () => {
    const found = contradictions({
      "change/pilot.md": pb("pilot", "AI Enablement Office", `## Scale decision\n\nThe scale decision gate is held at the monthly AI Programme Board, chaired by the CFO with the head of the AI Enablement Office.\n\n${FILLER}`),
      "change/comms.md": pb("comms", "Revenue Operations", `## Sponsors\n\nThe Chief Operating Officer is the executive sponsor of the AI programme and chairs the monthly AI Programme Board with the head of the AI Enablement Office.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toContain("different teams");
  });
});

describe("what a length measures", () => {
  const noun = (text: string) => {
    const q = quantities(text).find((x) => x.kind.includes(":length"))!;
    return measuredNoun(text, q);
  };

  it("reads the noun a hyphenated length is attached to", () => {
    expect(noun("Interventions: a 20-minute manager briefing using the talking points.")).toBe(noun("The 45-minute briefing for managers."));
    expect(noun("New champions complete a 3-hour champion onboarding (one half-day session).")).toBe(noun("the 6-hour champion onboarding and a lab"));
    expect(noun("the 3-minute sponsor video, with three questions")).not.toBe(noun("a 20-minute manager briefing"));
  });

  it("does not compare lengths of two differently named things, and compares a quoted name's figures", () => {
    const found = contradictions({
      "change/adkar.md": pb("adkar", "Change & Communications", `## Awareness\n\nInterventions for Awareness: a 20-minute manager briefing using the sponsor talking points and the sponsor video.\n\n${FILLER}`),
      "change/comms.md": pb("comms", "AI Enablement Office", `## Templates\n\n- "Sponsor video brief": the 3-minute sponsor video for the manager briefing.\n\n## Launch\n\nFour weeks before launch the sponsor records a 10-minute sponsor video for the manager briefing.\n\n${FILLER}`),
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.places.every((p) => p.path === "change/comms.md")).toBe(true);
  });
});
