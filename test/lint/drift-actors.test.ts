import { afterAll, describe, expect, it } from "vitest";
import { lintSources } from "../../src/lint/lint.ts";
import { playbookText, removeTempDirs } from "../support/fixtures-knowledge.ts";

// Changes since a baseline (src/lint/drift.ts): a team replaced by words that name who does it instead ("the developers
// building the portal", "a solution architect") is a new actor for the old team's action.
afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T12:00:00Z");
const pb = (id: string, owner: string, lines: string[]) =>
  playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"] }, `# Playbook ${id}\n\n## Setup\n\n${lines.join("\n\n")}`);

const BASE: Record<string, string> = {
  "integrations/portal.md": pb("portal", "IT Platform Team", ["A signing key for the booking portal, created by IT Platform Team.", "The portal is read-only."]),
  "governance/keys.md": pb("keys", "Information Security", ["IT Platform Team owns the signing keys of every internal portal.", "Keys are rotated yearly."]),
};
const files = (corpus: Record<string, string>) => Object.entries(corpus).map(([p, text]) => ({ path: p, text }));
const teamChanges = (replace: string) => {
  const now = { ...BASE, "integrations/portal.md": BASE["integrations/portal.md"]!.replace("created by IT Platform Team", replace) };
  return lintSources(files(now), { now: NOW, baseline: files(BASE) })
    .findings.filter((f) => f.kind === "contradiction" && /^changed since the baseline \(was IT Platform Team\)/.test(f.message))
    .map((f) => f.places.map((p) => `${p.path}:${p.line}`).join(" "));
};

describe("a team replaced by the people who now do it", () => {
  it("reports developers or an architect named in the team's place against the team's ownership line", () => {
    expect(teamChanges("created by the developers building the portal")).toEqual(["integrations/portal.md:13 governance/keys.md:13"]);
    expect(teamChanges("created by a solution architect")).toEqual(["integrations/portal.md:13 governance/keys.md:13"]);
  });

  it("does not read words that name no one as a new actor", () => {
    expect(teamChanges("created by hand during setup")).toEqual([]);
  });
});
