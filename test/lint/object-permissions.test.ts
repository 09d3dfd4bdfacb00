import { afterAll, describe, expect, it } from "vitest";
import { permissions } from "../../src/lint/facts.ts";
import { contentStems, findObjectPermissionConflicts } from "../../src/lint/objects.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { fixturePlaybook } from "./fixtures.ts";

// The sixth check (src/lint/objects.ts): two rules about one thing named in ordinary words, one leaving it free and
// one restricting it, paired by the content words next to their modals.
afterAll(removeTempDirs);

const pb = (id: string, owner: string, lines: string[]): [string, string] => [`${id}.md`, fixturePlaybook(id, owner, `## Rules\n\n${lines.join("\n")}`)];
/** Sixty statements on other topics, so that words have corpus frequencies as in a real playbook set. */
const filler = pb(
  "filler",
  "Operations",
  Array.from({ length: 60 }, (_, i) => `- Topic ${i} covers the quarterly ${["invoice", "budget", "roadmap", "newsletter", "survey", "workshop"][i % 6]} plan number ${i} for the regional office.`),
);
function conflicts(...files: [string, string][]) {
  const statements = [filler, ...files].flatMap(([path, text]) => statementsOf(checkPlaybook(path, text).playbook!));
  return findObjectPermissionConflicts(statements, { teams: ["Privacy Office", "People Technology", "Operations"] });
}
const polarities = (text: string) => permissions(text).map((p) => p.polarity);

describe("object-keyed permissions", () => {
  it("pairs an allowance and a ban of one kind of data worded otherwise, and not a ban of something else", () => {
    const found = conflicts(
      pb("privacy", "Privacy Office", ["- You may paste grievance case files and disciplinary notes into the assistant when the summary is for one employee."]),
      pb("hr", "People Technology", ["- Grievance case files and disciplinary notes never go into any assistant.", "- Payroll exports never go into any assistant."]),
    );
    expect(found.map((f) => f.places.map((p) => p.path).sort())).toEqual([["hr.md", "privacy.md"]]);
    expect(found[0]!.message).toMatch(/^different permissions for the same subject \([^)]*grievanc[^)]*\): not allowed in hr\.md:13 .* vs allowed in privacy\.md:13/);
  });

  it("pairs needing approval with needing none for the same thing, and not needing approval with being allowed", () => {
    const found = conflicts(
      pb("privacy", "Privacy Office", ["- Exporting the vendor contract register needs the DPO's approval.", "- Sharing the supplier scorecard digest needs the DPO's approval."]),
      pb("hr", "People Technology", ["- No approval is needed for exporting the vendor contract register.", "- Staff may share the supplier scorecard digest with their team."]),
    );
    expect(found.map((f) => f.message.replace(/ ".*?"/g, ""))).toEqual([
      expect.stringMatching(/^different permissions for the same subject \([^)]*regist[^)]*\): optional in hr\.md:13 vs needs approval in privacy\.md:13$/),
    ]);
  });

  it("reads 'does not need approval' as an exemption and 'has to be approved' as needing approval, and pairs them", () => {
    expect(polarities("Exporting the vendor contract register has to be approved by the DPO.")).toEqual(["approval"]);
    const found = conflicts(
      pb("privacy", "Privacy Office", ["- Exporting the vendor contract register has to be approved by the DPO."]),
      pb("hr", "People Technology", ["- Exporting the vendor contract register does not need approval from anyone.", "- Caller details the vendor contract register does not need are dropped."]),
    );
    expect(found.map((f) => f.places.map((p) => `${p.path}:${p.line}`))).toEqual([["hr.md:13", "privacy.md:13"]]);
  });

  it("does not pair rules that share only scope words, a rule with its own exception about the thing, or a relative clause", () => {
    const found = conflicts(
      pb("one", "Privacy Office", [
        "- Public, Internal and Confidential are allowed in the assistant.",
        "- Telescope summaries and telescope notes may be used; telescope exports stay off until Legal approves them.",
        "- Copilot Chat is available for chores that do not need a licensed hammock.",
      ]),
      pb("two", "People Technology", [
        "- Registered partners may not receive Public, Internal or Confidential material from us.",
        "- Telescope summaries and telescope notes are switched off for telescope exports; telescope summaries may be used for tagging.",
        "- A licensed hammock is never shared between chores.",
      ]),
    );
    expect(found.map((f) => f.message)).toEqual([]);
  });

  it("reads the words next to a modal without rule words and with the words that name a thing", () => {
    expect(contentStems("You may use personal AI accounts for work")).toEqual(expect.arrayContaining(["person", "account"]));
    expect(contentStems("You may use personal AI accounts for work")).not.toContain("may");
  });
});

describe("permission readings used by the object check", () => {
  it("reads a rule label, 'may also', 'no … may be', 'unless … approved', a possessive review and a ban in a relative clause", () => {
    expect(polarities("Not allowed: an AI agent that auto-declines lease applications without a human approval step.")).toEqual(["forbidden"]);
    expect(polarities("The campaign may also send text generated per recipient at send time.")).toEqual(["allowed"]);
    expect(polarities("Because the deployments are in the EU, no US PHI may be sent to them.")).toEqual(["forbidden"]);
    expect(polarities("Nothing AI-drafted reaches a customer unless a person has read and approved that exact text.")).toEqual(["approval"]);
    expect(polarities("Small applications may be declined automatically without a credit officer's review.")).toEqual(["optional"]);
    // "the setting that blocks" names the setting; what teams may switch off is optional.
    expect(polarities("Teams may switch off the organisation setting that blocks suggestions matching public code.")).toEqual(["optional"]);
    // A ban that is the clause's own rule stays a ban.
    expect(polarities("An Azure Policy assignment blocks Global deployment types.")).toEqual(["forbidden"]);
  });
  it("reads 'may … only if …' as allowing on a condition, and a pronoun object as the thing the statement opened with", () => {
    const found = conflicts(
      pb("vault", "Privacy Office", [
        "- Shared mailbox passwords are retired here and are not granted to new automations.",
        "- A shared mailbox password opens every folder of the mailbox and never changes on its own, so a new automation may hold one only if a manager renews it each quarter.",
      ]),
    );
    expect(found.map((f) => f.places.map((p) => p.line))).toEqual([[13, 14]]);
    expect(found[0]!.message).toMatch(/not allowed in vault\.md:13 .* vs allowed in vault\.md:14/);
  });

  it("still reads 'may … only to …' as a restriction, not an allowance, and pairs two rules of one statement pair once", () => {
    const restricted = conflicts(
      pb("vault", "Privacy Office", [
        "- Shared mailbox passwords are retired here and are not granted to new automations.",
        "- A new automation may connect only to shared mailbox folders on the approved list.",
      ]),
    );
    expect(restricted).toEqual([]);
    const once = conflicts(
      pb("notes", "Privacy Office", ["- Meeting transcripts of board sessions must never be forwarded outside the board."]),
      pb("memo", "People Technology", ["- Meeting transcripts of board sessions may be forwarded outside the board, and nobody needs to sign off on forwarding them."]),
    );
    expect(once.length).toBeLessThanOrEqual(1);
  });
});
