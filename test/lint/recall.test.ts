import { afterAll, describe, expect, it } from "vitest";
import { labelledTeam, permissions, quantities, teams } from "../../src/lint/facts.ts";
import { bandOf, bandsOverlap } from "../../src/lint/bands.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// Behaviour added for recall on reworded plants: ratios, periods a rule sets, rare rates.
afterAll(removeTempDirs);

const pb = fixturePlaybook;

describe("facts: ratios and periods", () => {
  it("reads '1 champion per 25-40 people' as one ratio, not one person and a group", () => {
    const q = quantities("Halden plans for 1 champion per 25-40 people who have access to an AI tool.");
    expect(q.map((x) => [x.kind, x.lo, x.hi])).toEqual([["ratio:champion", 25, 40]]);
  });

  it("reads a hyphenated period a rule sets as a duration, and an event's length as a length", () => {
    const q = quantities("Chats are kept under the one-year policy; a six-month lifetime for tokens; a 2-hour lab.");
    expect(q.map((x) => [x.kind, Math.round(x.lo * 100) / 100])).toEqual([
      ["duration", 365],
      ["duration", 182.4],
      ["duration:length", 0.08],
    ]);
  });
});

describe("facts: read once", () => {
  it("gives each caller its own list of a text's figures, the same on every call", () => {
    const text = "A Standard review takes 15 business days; the pilot runs 4-8 weeks with 15-50 users.";
    const first = quantities(text);
    expect(first.map((q) => q.text)).toEqual(["15 business days", "4-8 weeks", "15-50 users"]);
    first.splice(0, 2);
    expect(quantities(text).map((q) => q.text)).toEqual(["15 business days", "4-8 weeks", "15-50 users"]);
    expect(quantities(text)).not.toBe(quantities(text));
  });
});

describe("facts: figures in other words", () => {
  it("reads a total after its parts as a count of the same thing, and a share that halves as 50%", () => {
    const read = (t: string) => quantities(t).map((q) => [q.kind, q.lo, q.text]);
    expect(read("PartnerPilot asks two questions per dimension, ten in total, and scores each answer.")).toEqual([
      ["count:question", 2, "two questions per dimension"],
      ["count:question", 10, "ten in total"],
    ]);
    // A total with nothing counted before it in its sentence says nothing about what it counts.
    expect(read("Ten in total. The survey has five dimensions.")).toEqual([["count:dimension", 5, "five dimensions"]]);
    expect(read("An ROI forecast with self-reported hours cut by half.")).toEqual([["percent", 50, "cut by half"]]);
    expect(read("Self-reported hours are halved before they are used.")).toEqual([["percent", 50, "halved"]]);
  });

  it("reads 'and a half', a couple, a dozen, teens and tens in words, and abbreviated units", () => {
    const first = (t: string) => quantities(t).map((q) => [q.kind, Math.round(q.lo * 100) / 100])[0];
    expect(first("Reviews take one and a half weeks.")).toEqual(["duration", 10.5]);
    expect(first("The course takes an hour and a half.")).toEqual(["duration", 0.06]);
    expect(first("Reviews take a couple of weeks.")).toEqual(["duration", 14]);
    expect(first("The pilot covers a dozen people.")).toEqual(["people", 12]);
    expect(first("At least seventy percent use it weekly.")).toEqual(["percent", 70]);
    expect(first("Keep logs for 7 yrs.")).toEqual(["duration", 2555]);
    expect(first("One of the four escalation criteria applies.")).toEqual(["count:criterion", 4]);
  });

  it("reads a cadence with a number as a cadence, comparable with 'quarterly'", () => {
    const first = (t: string) => quantities(t).map((q) => [q.kind, Math.round(q.lo * 100) / 100])[0];
    expect(first("Scorecards are reviewed every 3 months.")).toEqual(["frequency", 91.2]);
    expect(first("Scorecards are reviewed once every two years.")).toEqual(["frequency", 730]);
    expect(first("The board meets every second week.")).toEqual(["frequency", 14]);
    expect(first("Scorecards are reviewed twice yearly.")).toEqual(["frequency", 182.5]);
  });
});

describe("facts: numbers in words with their powers", () => {
  it("reads hundreds and thousands in words, powers after digits, seconds and fractions with a hyphen", () => {
    const first = (t: string) => quantities(t).map((q) => [q.kind, Math.round(q.lo * 1e6) / 1e6, Math.round(q.hi * 1e6) / 1e6])[0];
    expect(first("The pilot group has about five hundred people.")).toEqual(["people", 500, 500]);
    expect(first("Licences for twelve hundred seats.")).toEqual(["people", 1200, 1200]);
    expect(first("It reaches one hundred and twenty users.")).toEqual(["people", 120, 120]);
    expect(first("It reaches two thousand five hundred users.")).toEqual(["people", 2500, 2500]);
    expect(first("Plan for 1.2 thousand users.")).toEqual(["people", 1200, 1200]);
    expect(first("We shortlist half a dozen partners.")).toEqual(["count:partner", 6, 6]);
    expect(first("Answers arrive within 120 seconds.")).toEqual(first("Answers arrive within two minutes."));
    expect(first("Three-quarters of users are active.")).toEqual(["percent", 75, 75]);
    // "and" joins a number only after a power: this stays a range.
    expect(first("Plan between two and three weeks.")).toEqual(["duration", 14, 21]);
  });
});

describe("facts: permissions in other words", () => {
  it("reads refusals, keeping something off and what can be expensed or requested", () => {
    const polarity = (t: string) => permissions(t).map((p) => p.polarity);
    expect(polarity("Personal AI subscriptions can be expensed up to €20 a month.")).toEqual(["allowed"]);
    expect(polarity("Apps hosted on personal cloud accounts are rejected.")).toEqual(["forbidden"]);
    expect(polarity("Application access to mail is refused unless scoped to named mailboxes.")).toEqual(["forbidden"]);
    expect(polarity("IT Platform Team keeps them off.")).toEqual(["forbidden"]);
    expect(polarity("Copilot Chat is available to every employee.")).toEqual(["allowed"]);
  });

  it("reads common phrasings: not okay, unable to, can turn on, available for, eligible, needs no approval, requires X to approve", () => {
    const polarity = (t: string) => permissions(t).map((p) => p.polarity);
    expect(polarity("Uploading PHI to ChatGPT is not okay.")).toEqual(["forbidden"]);
    expect(polarity("Users are not able to switch connectors on.")).toEqual(["forbidden"]);
    expect(polarity("Users can turn memory on themselves.")).toEqual(["allowed"]);
    expect(polarity("The connector is available for Chicago users.")).toEqual(["allowed"]);
    expect(polarity("Contractors are not eligible for a seat.")).toEqual(["forbidden"]);
    expect(polarity("Contractors are eligible for a seat.")).toEqual(["allowed"]);
    expect(polarity("Tier 1 use cases need no formal approval.")).toEqual(["optional"]);
    expect(polarity("Sharing a GPT company-wide requires the AI Enablement Office to approve it.")).toEqual(["approval"]);
  });

  it("reads instructions to switch on, a setting's 'off' after its label, what has not been enabled or is not issued", () => {
    const polarity = (t: string) => permissions(t).map((p) => p.polarity);
    expect(polarity("Switch on ChatGPT memory so it keeps your preferred formats.")).toEqual(["allowed"]);
    expect(polarity("Memory (ChatGPT memory and Copilot memory): off, so that personal details do not carry over.")).toEqual(["forbidden"]);
    expect(polarity("Slack AI's thread summaries, which are switched on in every workspace.")).toEqual(["allowed"]);
    expect(polarity("Every variant that can be sent is reviewed.")).toEqual([]);
    expect(polarity("Halden & Rowe has not enabled a Salesforce connector in ChatGPT Enterprise.")).toEqual(["forbidden"]);
    expect(polarity("API tokens are legacy and are not issued for new integrations.")).toEqual(["forbidden"]);
    expect(polarity("Unreleased group results are Restricted data: keep them out of every AI tool.")).toEqual(["forbidden"]);
    expect(polarity("The public-code filter is enforced centrally.")).toEqual(["required"]);
    expect(polarity("Teams may disable the public-code filter for internal tools.")).toEqual(["optional"]);
  });

  it("reads a label's rule and the item's own rule after its colon apart", () => {
    const polarity = (t: string) => permissions(t).map((p) => p.polarity);
    expect(polarity("No prohibited practices (Article 5): emotion recognition of colleagues is allowed with their consent.")).toEqual(["forbidden", "allowed"]);
    expect(polarity("These tools may not be used until a decision is published:")).toEqual(["forbidden"]);
  });
});

describe("contradictions: rare rates", () => {
  it("pairs two of the few ratios of one kind even in different words", () => {
    const c = contradictions({
      "a/champions.md": pb("a-champions", "AI Enablement Office", "## Coverage\n\nHalden plans for 1 champion per 25-40 people who have access to an AI tool.\n"),
      "b/scale.md": pb("b-scale", "Change & Communications", "## Scale criteria\n\n- Champion coverage at 1 champion per 50-80 users for the target teams.\n"),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/25-40/);
    expect(c[0]!.message).toMatch(/50-80/);
  });

  it("does not pair plain counts of one noun that belong to two things", () => {
    const c = contradictions({
      "a/adkar.md": pb("a-adkar", "Change & Communications", "## Check-in\n\nPartnerPilot DMs each member the ten questions of the check-in.\n"),
      "b/pulse.md": pb("b-pulse", "AI Enablement Office", "## Pulse\n\nThe quarterly survey has 15 questions about tool use.\n"),
    });
    expect(c).toEqual([]);
  });
});

/** Enough unrelated statements that a word used in two places is rare (IDF above the name threshold). */
const CORPUS_FILLER = Array.from({ length: 80 }, (_, i) => `- Background note ${i}: item${i} alpha${i} beta${i} gamma${i}.`).join("\n");

describe("contradictions: a label's rule is not the item's", () => {
  it("flags an item allowing what the label forbids elsewhere", () => {
    const c = contradictions({
      "misc/notes.md": pb("misc-notes", "AI Enablement Office", `## Notes\n\n${CORPUS_FILLER}\n`),
      "gov/use.md": pb("gov-use", "Legal & Compliance", "## Duties\n\n1. No prohibited practices (Article 5 of the AI Act): emotion recognition of colleagues is allowed with their consent.\n"),
      "gov/risk.md": pb("gov-risk", "AI Enablement Office", "## Tiers\n\nEmotion recognition of colleagues is prohibited under Article 5 of the AI Act.\n"),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/emotion recognition/i);
  });
});

describe("teams: who owns what", () => {
  const KNOWN = ["Data Platform Team", "AI Enablement Office", "IT Platform Team"];
  const owner = (t: string) => labelledTeam(t, teams(t, KNOWN));

  it("reads the owner of a 'who owns what' item and of an 'Approval:' label", () => {
    expect(owner("Data Platform Team: Snowflake and Databricks regions and data sharing.")).toMatchObject({ team: "Data Platform Team", action: "owns" });
    expect(owner("AI Enablement Office (head: Priya Nair): tier assignment and Tier 2 approval.")).toMatchObject({ team: "AI Enablement Office", action: "owns" });
    expect(owner("Approval: the AI Enablement Office; no formal evaluation set.")).toMatchObject({ team: "AI Enablement Office", action: "approves" });
    expect(owner("Ask the AI Enablement Office: it answers within a day.")).toBeUndefined();
  });

  it("flags another team owning what a 'who owns what' item gives to one team", () => {
    const c = contradictions({
      "misc/notes.md": pb("misc-notes", "AI Enablement Office", `## Notes\n\n${CORPUS_FILLER}\n`),
      "gov/residency.md": pb("gov-residency", "Information Security", "## Who owns what\n\n- Data Platform Team: Snowflake and Databricks regions and data sharing.\n- AI Enablement Office: the intake form.\n"),
      "int/warehouse.md": pb("int-warehouse", "Data Platform Team", "## Ownership\n\nIT Platform Team owns the Snowflake and Databricks regions and data sharing.\n"),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/different teams/);
  });
});

describe("restatements: figures attached to one name", () => {
  it("compares two figures of the same named review however different the words around them are", () => {
    const c = contradictions({
      "gov/review.md": pb(
        "gov-review",
        "Information Security",
        "## Review tracks\n\n- Full security review, 30 business days: PHI, payment card numbers, bulk payroll exports, ledger writes, patient letters, vendor hosting abroad.\n- Lite security review, 5 business days: public data only.\n",
      ),
      "misc/notes.md": pb("misc-notes", "AI Enablement Office", `## Notes\n\n${CORPUS_FILLER}\n`),
      "int/mail.md": pb(
        "int-mail",
        "IT Platform Team",
        "## Mail access\n\nApplication access to mail or Teams messages needs the Full security review (eight weeks, see the review playbook) and is refused unless scoped to named mailboxes.\n",
      ),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/eight weeks/);
    expect(c[0]!.message).toMatch(/30 business days/);
  });
});

describe("restatements: a figure measuring the name after it", () => {
  it("compares '20 business days of Standard review' with the Standard review's own figure", () => {
    const c = contradictions({
      "gov/review.md": pb(
        "gov-review",
        "Information Security",
        "## Review tracks\n\n- Standard review, 15 business days: an API integration with read access to a system of record, or a new sub-processor.\n- Lite review, 5 business days: public data only.\n\n## Planning\n\nBudget lines are owned by the sponsor, so a read-only integration plans for 20 business days of Standard review before go-live.\n",
      ),
      "misc/notes.md": pb("misc-notes", "AI Enablement Office", `## Notes\n\n${CORPUS_FILLER}\n`),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/15 business days/);
    expect(c[0]!.message).toMatch(/20 business days/);
  });
});

describe("bands: a list of ranges that overlap", () => {
  it("reads the range an item opens with, and nothing from a sentence that starts with a figure", () => {
    expect(bandOf("Up to €25,000: approval by the cost centre owner.")).toMatchObject({ lo: -Infinity, hi: 25000, unit: "money" });
    expect(bandOf("€25,000 to €100,000: approval by the department head.")).toMatchObject({ lo: 25000, hi: 100000 });
    expect(bandOf("85 or more (green): normal referrals.")).toMatchObject({ lo: 85, hi: Infinity, unit: "number" });
    expect(bandOf("70–84 (amber): an improvement plan.")).toMatchObject({ lo: 70, hi: 84 });
    expect(bandOf("At least 20% of a Tier 3 set are edge cases.")).toBeUndefined();
    expect(bandsOverlap(bandOf("Up to €25,000: a.")!, bandOf("€25,000 to €100,000: b.")!)).toBe(false);
    expect(bandsOverlap(bandOf("80 or more (green): a.")!, bandOf("70–84 (amber): b.")!)).toBe(true);
  });

  it("flags two bands of one list that overlap, and not bands that only touch", () => {
    const bands = (first: string) =>
      contradictions({
        "p/approvals.md": pb("p-approvals", "Procurement Operations", `## Who approves\n\n- ${first}: approval by the cost centre owner.\n- €25,000 to €100,000: approval by the department head.\n- Above €100,000: approval by the CFO.\n`),
      });
    expect(bands("Up to €25,000")).toEqual([]);
    const c = bands("Up to €40,000");
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/overlapping bands/);
  });
});
