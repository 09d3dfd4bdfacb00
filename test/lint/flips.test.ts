import { describe, expect, it } from "vitest";
import type { Finding } from "../../src/lint/findings.ts";
import { ruleTurned } from "../../src/lint/flips.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { playbookText } from "../support/fixtures-knowledge.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

function pb(id: string, owner: string, heading: string, body: string): string {
  return playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"] }, `# Playbook ${id}\n\n## ${heading}\n\n${body}`);
}

/** Two playbooks that say, in different words, where seats are requested (and where not). */
function corpus(seats: string): { path: string; text: string }[] {
  return [
    {
      path: "governance/seats.md",
      text: pb("seats", "IT Platform Team", "Requesting a seat", [seats, "", "Travel is booked through the travel portal."].join("\n")),
    },
    {
      path: "governance/tools.md",
      text: pb(
        "tools",
        "AI Enablement Office",
        "Subscriptions",
        ["Seats for ChatGPT Enterprise are requested only through the AI intake form, never in a chat.", "", "Expense claims are paid monthly."].join("\n"),
      ),
    },
  ];
}

const BEFORE = "Seats for ChatGPT Enterprise are never requested through PartnerPilot or an AI champion.";
const TURNED = "Seats for ChatGPT Enterprise can also be requested through PartnerPilot or an AI champion.";
const flips = (findings: Finding[]) => findings.filter((f) => f.kind === "contradiction" && /a rule turned round/.test(f.message));

describe("ruleTurned: which way an edit turned a statement's rule", () => {
  it.each([
    ["Personal AI subscriptions cannot be expensed.", "Personal AI subscriptions can be expensed up to €20 a month.", "to_permit"],
    ["Seats are never requested through PartnerPilot.", "Seats can also be requested through PartnerPilot.", "to_permit"],
    ["Slack's native AI features are switched off in the org.", "Slack's native AI features are switched on in the org.", "to_permit"],
    ["Teams may keep the filter that blocks public code.", "Teams must keep the filter that blocks public code.", "to_restrict"],
  ] as const)("%s → %s", (before, now, way) => {
    expect(ruleTurned(before, now)).toBe(way);
  });

  it("a reworded rule, or a changed figure, is not turned round", () => {
    expect(ruleTurned("Personal AI subscriptions cannot be expensed.", "Personal AI subscriptions can never be expensed.")).toBeUndefined();
    expect(ruleTurned("A seat request is answered within 5 business days.", "A seat request is answered within 10 business days.")).toBeUndefined();
  });
});

describe("lint --baseline: a rule turned round against the places that still state the old one", () => {
  it("names the edited statement and the unchanged one that restricts what it now permits", () => {
    const report = lintSources(corpus(TURNED), { now: NOW, baseline: corpus(BEFORE) });
    const found = flips(report.findings);
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => `${p.path}:${p.owner}`)).toEqual(["governance/seats.md:IT Platform Team", "governance/tools.md:AI Enablement Office"]);
    expect(found[0]!.message).toContain("was \"Seats for ChatGPT Enterprise are never requested");
  });

  it("says nothing for an edit that keeps the rule, or without a baseline", () => {
    expect(flips(lintSources(corpus("Seats for ChatGPT Enterprise are not requested through PartnerPilot or an AI champion."), { now: NOW, baseline: corpus(BEFORE) }).findings)).toEqual([]);
    expect(flips(lintSources(corpus(TURNED), { now: NOW }).findings)).toEqual([]);
  });
});
