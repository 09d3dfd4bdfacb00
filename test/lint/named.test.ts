import { describe, expect, it } from "vitest";
import { findAcronyms } from "../../src/lint/acronyms.ts";
import { quantities } from "../../src/lint/facts.ts";
import { attachedName, buildLexicon, findNamedSubjectConflicts, mentions, nameKey } from "../../src/lint/named.ts";
import { labelOf, statementsOf } from "../../src/lint/statements.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { contradictions, contradictionsAfterEdit, fixturePlaybook, lineOf, shippedSources } from "./fixtures.ts";

// The named-subject check (src/lint/named.ts): values attached to one named thing, the name canonicalised with the
// corpus's own labels and acronyms.
const TEAMS = ["IT Platform Team", "AI Enablement Office", "Line manager", "Privacy Office"];

const statements = (files: Record<string, string>) =>
  Object.entries(files).flatMap(([id, body]) => statementsOf(checkPlaybook(`${id}.md`, fixturePlaybook(id, "Operations", body)).playbook!));

const named = (files: Record<string, string>) => {
  const sts = statements(files);
  return findNamedSubjectConflicts(sts, { teams: TEAMS, acronyms: findAcronyms(sts.map((s) => s.text)) });
};

describe("names the corpus uses", () => {
  it("reads an item's label: its bold lead or the words before its colon, cut at a comma or a dash", () => {
    expect(labelOf("- **Standard review, 15 business days**: Confidential data.")?.label).toBe("Standard review");
    expect(labelOf("- **Tier 1 - Low**: personal productivity. Approval: the line manager.")?.label).toBe("Tier 1");
    expect(labelOf("- AI Enablement Office (head: Priya Nair): tier assignment.")?.label).toBe("AI Enablement Office");
    expect(labelOf("Plan 8-12 weeks from submission to agreement.")).toBeUndefined();
  });

  it("spells out an acronym the corpus uses, and finds a label's words with one other word among them", () => {
    const acronyms = new Map([["CAB", "Change Advisory Board"]]);
    expect(nameKey("CAB", acronyms)).toBe(nameKey("the Change Advisory Board", acronyms));
    const sts = statements({
      tracks: "## Tracks\n\n- **Standard review, 15 business days**: Confidential data.\n- **Full review, 30 business days**: Restricted data.\n",
    });
    const lexicon = buildLexicon(sts, { teams: TEAMS, acronyms });
    const text = "Plan for the Standard security review and then the Full review.";
    expect(mentions(text, lexicon, acronyms).map((m) => text.slice(m.start, m.end))).toEqual(["Standard security review", "Full review"]);
    expect(mentions("Plan for the security review.", lexicon, acronyms)).toEqual([]);
  });

  it("attaches a value only to a name right next to it, the label's own value or the label's head noun", () => {
    const acronyms = new Map([["CAB", "Change Advisory Board"]]);
    const sts = statements({
      changes:
        "## Changes\n\n- Change Advisory Board: IT Platform Team's weekly board that approves normal changes.\n" +
        "- Summaries go to the fortnightly CAB.\n- Go live through the CAB and review analytics monthly.\n",
    });
    const lexicon = buildLexicon(sts, { teams: TEAMS, acronyms });
    const attached = sts.map((s) => {
      const rawLabel = labelOf(s.raw);
      const key = rawLabel ? nameKey(rawLabel.label, acronyms) : undefined;
      const label = key && lexicon.names.has(key) ? { key, colon: rawLabel!.colon } : undefined;
      return quantities(s.text).map((q) => attachedName(s, q, mentions(s.text, lexicon, acronyms), label) ?? null);
    });
    const board = nameKey("Change Advisory Board", acronyms);
    expect(attached.filter((a) => a.length > 0)).toEqual([[board], [board], [null]]);
  });
});

describe("values of one named thing", () => {
  it("pairs a cadence given to an acronym with the one its spelt-out label gives, and not a value beside the name", () => {
    const found = named({
      itsm: "## Who owns what\n\n- Change Advisory Board: IT Platform Team's weekly board that approves normal changes.\n",
      ops: "## Change summaries\n\nChange summaries go to the fortnightly CAB; the change manager still approves.\n\nGo live through the CAB and review analytics monthly.\n",
    });
    expect(found.map((f) => f.places.map((p) => `${p.path}:${p.line}`))).toEqual([["itsm.md:13", "ops.md:13"]]);
    expect(found[0]!.message).toMatch(/^different figures for the same named subject \(Change Advisory Board\): weekly in itsm\.md:13/);
  });

  it("pairs each drifted restatement with the item that defines the thing, not one review track with another", () => {
    const found = named({
      review:
        "## Tracks\n\n- **Standard review, 15 business days**: Confidential data.\n- **Full review, 30 business days**: Restricted data.\n\n" +
        "## Plans\n\nA read-only app plans for 15 business days of Standard review.\n",
      crm: "## Timelines\n\nA read-only sync takes 4 weeks of build, plus the two-week Standard security review.\n",
      desk: "## Timelines\n\nA sidebar app takes 2 weeks of build, plus the Standard security review (about a week).\n\nA write-back needs the Full security review (30 business days).\n",
    });
    const pairs = found.map((f) => f.places.map((p) => `${p.path}:${p.line}`).join(" ↔ ")).sort();
    expect(pairs).toEqual(["crm.md:13 ↔ review.md:13", "desk.md:13 ↔ review.md:13"]);
  });

  it("pairs two approvers of one tier: the approval in the tier's item and the 'who signs off' line naming the tier", () => {
    const files = (approver: string) => ({
      risk:
        "## Risk tiers\n\n- **Tier 1 - Low**: personal productivity on Internal data. Approval: " +
        approver +
        "; no formal evaluation set.\n- **Tier 2 - Medium**: team workflows. Approval: AI Enablement Office.\n\n" +
        "## Who signs off\n\n- Line manager: Tier 1 use cases.\n- AI Enablement Office: tier assignment and Tier 2 approval.\n",
    });
    expect(named(files("the line manager"))).toEqual([]);
    const found = named(files("the AI Enablement Office"));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/^different teams for the same named subject \(Tier 1\): AI Enablement Office in risk\.md:\d+ .* vs Line manager in risk\.md:\d+/);
  });

  it("reads a system's abbreviation from its playbook's aliases and a value in parentheses after the name's noun", () => {
    const files = (size: string) => ({
      "integrations/m365.md": fixturePlaybook("m365", "IT Platform Team", "## Seats\n\n- Microsoft 365 Copilot: 300 pilot users; Copilot respects SharePoint permissions.\n", {
        systems: ["microsoft-365"],
        aliases: ["M365", "Office 365"],
      }),
      "usecases/sales.md": fixturePlaybook("sales", "Revenue Operations", `## Meeting recaps\n\nOnly the M365 Copilot pilot group (about ${size}) has this today.\n`),
    });
    const named = (fs: ReturnType<typeof contradictions>) => fs.filter((f) => f.message.includes("named subject"));
    expect(named(contradictions(files("300 people")))).toEqual([]);
    const found = named(contradictions(files("500 people")));
    expect(found.map((f) => f.places.map((p) => p.path))).toEqual([["integrations/m365.md", "usecases/sales.md"]]);
    expect(found[0]!.message).toMatch(/\(Microsoft 365 Copilot\): 300 pilot users in integrations\/m365\.md:\d+ .* vs 500 people in usecases\/sales\.md:\d+/);
  });

  it("reports a drifted CAB cadence in the shipped playbooks against the Change Advisory Board's own item", async () => {
    const sources = await shippedSources();
    const found = contradictionsAfterEdit(sources, { file: "usecases/it-operations.md", find: "for the weekly CAB", replace: "for the fortnightly CAB" });
    const board = lineOf(sources, "integrations/servicenow.md", "- Change Advisory Board: IT Platform Team's weekly board");
    const edited = lineOf(sources, "usecases/it-operations.md", "for the weekly CAB");
    expect(found.map((f) => f.places.map((p) => `${p.path}:${p.line}`))).toEqual([[`integrations/servicenow.md:${board}`, `usecases/it-operations.md:${edited}`]]);
  });
});
