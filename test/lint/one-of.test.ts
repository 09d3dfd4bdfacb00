import { afterAll, describe, expect, it } from "vitest";
import { quantities } from "../../src/lint/facts.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// "one" of a singular thing is a count ("signed by one named approver"), compared with "two named approvers".
afterAll(removeTempDirs);

const counts = (text: string) => quantities(text).filter((q) => q.kind.startsWith("count:")).map((q) => [q.kind, q.lo]);

describe("one of a thing", () => {
  it("reads 'one' with the noun that ends its phrase", () => {
    expect(counts("Each release is signed by one named approver.")).toEqual([["count:approver", 1]]);
    expect(counts("Each release is signed by two named approvers.")).toEqual([["count:approver", 2]]);
  });

  it("does not read 'one' before a plural, a time unit or a word of comparison", () => {
    expect(counts("One of the approvers signs.")).toEqual([]);
    expect(counts("Keep it for one month.").filter(([k]) => k !== "duration")).toEqual([]);
    expect(counts("Pick one more.")).toEqual([]);
  });

  it("flags a rule in another playbook that counts two where the steps count one", () => {
    const filler = Object.fromEntries(
      Array.from({ length: 4 }, (_, t) => [
        `misc/notes-${t}.md`,
        fixturePlaybook(`misc-notes-${t}`, "Information Security", `## Notes\n\n${Array.from({ length: 40 }, (_, i) => `- Background note ${t}-${i}: item${i} alpha${t}x${i} beta${i}.`).join("\n")}\n`),
      ]),
    );
    const corpus = (n: string) => ({
      ...filler,
      "usecases/releases.md": fixturePlaybook(
        "usecases-releases",
        "Information Security",
        "## Steps\n\n1. Turn on the pipeline settings: the secret scanner (enforced centrally) and release gating with one named approver.\n2. Ship to the canary ring.\n",
      ),
      "governance/release-guardrails.md": fixturePlaybook(
        "governance-release-guardrails",
        "Information Security",
        `## Guardrails\n\n- The AI release notes are an extra check, not a replacement: release gating still requires ${n} named approvers.\n`,
      ),
    });
    expect(contradictions(corpus("two"))).toHaveLength(1);
    expect(contradictions(corpus("one"))).toEqual([]);
  });
});
