import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// A lead-in that counts its list ("three checks run before go-live:") above a list of another length.
afterAll(removeTempDirs);

const playbook = (leadIn: string, items: string[]) => ({
  "governance/go-live.md": fixturePlaybook(
    "governance-go-live",
    "Information Security",
    `## Before go-live\n\n${leadIn}\n${items.map((i, k) => `${k + 1}. ${i}`).join("\n")}\n\nEach check is recorded in the release ticket.\n`,
  ),
});

const CHECKS = ["Penetration test of the public endpoint.", "Prompt-injection test set passed.", "Logging switched on and sent to the SIEM."];

describe("list counts", () => {
  it("flags a lead-in that counts one more or one fewer item than its list has", () => {
    const found = contradictions(playbook("Every AI app passes two checks before go-live, whoever built it:", CHECKS));
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/two checks/);
    expect(found[0]!.message).toMatch(/3 items/);
    expect(contradictions(playbook("Every AI app passes 4 checks before go-live:", CHECKS))).toHaveLength(1);
  });

  it("does not flag a count that matches, a selection, a bound, or sub-items", () => {
    expect(contradictions(playbook("Every AI app passes three checks before go-live, whoever built it:", CHECKS))).toEqual([]);
    expect(contradictions(playbook("Every AI app passes six checks before go-live, for example:", CHECKS))).toEqual([]);
    expect(contradictions(playbook("Every AI app passes at least two checks before go-live:", CHECKS))).toEqual([]);
    const nested = {
      "governance/go-live.md": fixturePlaybook(
        "governance-go-live",
        "Information Security",
        "## Before go-live\n\nEvery AI app passes two checks before go-live:\n1. Security tests:\n   - penetration test of the public endpoint;\n   - prompt-injection test set.\n2. Logging switched on and sent to the SIEM.\n",
      ),
    };
    expect(contradictions(nested)).toEqual([]);
  });
});
