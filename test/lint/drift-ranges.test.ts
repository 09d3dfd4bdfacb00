import { afterAll, describe, expect, it } from "vitest";
import { lintSources } from "../../src/lint/lint.ts";
import { playbookText, removeTempDirs } from "../support/fixtures-knowledge.ts";

// Changes since a baseline (src/lint/drift.ts): a range edited into one that overlaps it ("2-4 modules" → "4-6
// modules") changed the value, though the two agree where they touch.
afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T12:00:00Z");
const pb = (id: string, owner: string, lines: string[]) =>
  playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"] }, `# Playbook ${id}\n\n## Coaching\n\n${lines.join("\n\n")}`);

const BASE: Record<string, string> = {
  "change/coaching.md": pb("coaching", "Change & Communications", ["Each cohort works through 2-4 practice modules in its first month, chosen by the coach.", "Sessions are held on Tuesdays."]),
  "change/cohorts.md": pb("cohorts", "AI Enablement Office", ["The coach picks 2-4 practice modules for a new cohort's first month.", "A cohort of 8 people shares one coach."]),
};
const files = (corpus: Record<string, string>) => Object.entries(corpus).map(([p, text]) => ({ path: p, text }));
const changed = (find: string, replace: string, base = BASE) => {
  const now = { ...base, "change/coaching.md": base["change/coaching.md"]!.replace(find, replace) };
  return lintSources(files(now), { now: NOW, baseline: files(base) }).findings.filter((f) => f.kind === "contradiction" && /^changed since /.test(f.message)).map((f) => f.message.replace(/ ".*?"/g, ""));
};

describe("a range edited into an overlapping one", () => {
  it("is reported against the unchanged place that gives exactly the old range", () => {
    expect(changed("2-4 practice modules", "4-6 practice modules")).toEqual([
      expect.stringMatching(/^changed since the baseline \(was 2-4 practice modules\b.*\): 4-6 practice modules\b.* in change\/coaching\.md:13 vs 2-4 practice modules\b.* in change\/cohorts\.md:13$/),
    ]);
  });

  it("is not reported against a place that only overlaps the old range, nor when the edit restates it in other words", () => {
    const loose = { ...BASE, "change/cohorts.md": BASE["change/cohorts.md"]!.replace("picks 2-4 practice modules", "picks up to 4 practice modules") };
    expect(changed("2-4 practice modules", "4-6 practice modules", loose)).toEqual([]);
    expect(changed("2-4 practice modules", "two to four practice modules")).toEqual([]);
  });
});
