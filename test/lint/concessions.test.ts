import { afterAll, describe, expect, it } from "vitest";
import { findObjectPermissionConflicts } from "../../src/lint/objects.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { fixturePlaybook } from "./fixtures.ts";

// Object-keyed permissions (src/lint/objects.ts): a rule extended "even on a personal plan" holds on every plan, and a
// two-word name used in both rules ("mapping plugins") pairs them on less weight than two words found apart.
afterAll(removeTempDirs);

const pb = (id: string, lines: string[]): [string, string] => [`${id}.md`, fixturePlaybook(id, "Operations", `## Rules\n\n${lines.join("\n")}`)];
/** Two hundred statements on other topics; "mapping", "plugins", "survey" and "sketches" each in a few of them, never side by side. */
const filler = pb("filler", [
  ...Array.from({ length: 200 }, (_, i) => `- Topic ${i} covers the quarterly ${["invoice", "budget", "roadmap", "newsletter"][i % 4]} plan number ${i} for office ${i}.`),
  ...["mapping", "plugins", "survey", "sketches"].flatMap((w) => [1, 2, 3].map((i) => `- Note ${w} ${i}: the ${w} item ${i} is listed in the archive.`)),
]);
function conflicts(...files: [string, string][]) {
  const statements = [filler, ...files].flatMap(([path, text]) => statementsOf(checkPlaybook(path, text).playbook!));
  return findObjectPermissionConflicts(statements, { teams: ["Operations"] }).map((f) => f.places.map((p) => p.path).sort().join(" "));
}

describe("concessions and shared names in permission rules", () => {
  it("pairs a ban that holds 'even on a personal plan' with an allowance that names no plan", () => {
    expect(conflicts(pb("rules-a", ["- Other mapping plugins are not approved, even on a personal plan."]), pb("rules-b", ["- Other mapping plugins can be used for quick sketches."]))).toEqual(["rules-a.md rules-b.md"]);
  });

  it("keeps apart a ban scoped to personal plans and an allowance that names none", () => {
    expect(conflicts(pb("rules-a", ["- Other mapping plugins are not approved on a personal plan."]), pb("rules-b", ["- Other mapping plugins can be used for quick sketches."]))).toEqual([]);
  });

  it("does not pair two rules on the strength of the policy both cite", () => {
    expect(conflicts(pb("rules-a", ["- Exports banned by the survey policy are not allowed."]), pb("rules-b", ["- A review is not required for sketches within the survey policy."]))).toEqual([]);
  });
});
