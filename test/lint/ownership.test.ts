import { afterAll, describe, expect, it } from "vitest";
import { removeTempDirs } from "../support/fixtures-knowledge.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";
import { findOwnershipConflicts } from "../../src/lint/ownership.ts";
import { checkPlaybook } from "../../src/retrieval/playbooks.ts";
import { statementsOf } from "../../src/lint/statements.ts";

// The ownership-list detector (src/lint/ownership.ts): a thing a "who owns what" line gives one team, given to another.
afterAll(removeTempDirs);

const pb = fixturePlaybook;

const TEAMS = ["IT Platform Team", "Customer Experience Ops", "Privacy Office", "Legal & Compliance", "Information Security"];

/** Filler statements so document frequencies look like a corpus (rare words stay rare), with every team as an owner. */
const FILLER = Object.fromEntries(
  TEAMS.map((team, t) => [
    `misc/notes-${t}.md`,
    pb(`misc-notes-${t}`, team, `## Notes\n\n${Array.from({ length: 40 }, (_, i) => `- Background note ${t}-${i}: item${i} alpha${t}x${i} beta${i}.`).join("\n")}\n`),
  ]),
);

describe("ownership lists", () => {
  it("flags another team creating a thing that a 'Team owns …' line lists", () => {
    const c = contradictions({
      ...FILLER,
      "int/desk.md": pb(
        "int-desk",
        "Customer Experience Ops",
        "## Prerequisites\n\n- A desk admin from the IT Platform Team to create OAuth clients, webhooks and triggers.\n\n## Who owns what\n\n- Customer Experience Ops owns the desk instance, triggers, macros and agent groups.\n",
      ),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toMatch(/IT Platform Team/);
    expect(c[0]!.message).toMatch(/Customer Experience Ops/);
  });

  it("flags a labelled line giving a listed thing to another team once, against the nearest of its lists", () => {
    const c = contradictions({
      ...FILLER,
      "gov/privacy.md": pb("gov-privacy", "Privacy Office", "## Who does what\n\n- Privacy Office: classification rules, DPIAs and DSARs.\n"),
      "gov/hr.md": pb("gov-hr", "Privacy Office", "## Contacts\n\n- Privacy Office: DPIAs for payroll data.\n"),
      "gov/risk.md": pb("gov-risk", "Legal & Compliance", "## Who signs off\n\n- Legal & Compliance: DPIAs for Tier 3 use cases.\n- Information Security: red teaming.\n"),
    });
    expect(c).toHaveLength(1);
    expect(c[0]!.places.map((p) => p.path).sort()).toContain("gov/risk.md");
  });

  it("does not flag a team acting on something else, an approval step, or another system's tenant", () => {
    const c = contradictions({
      ...FILLER,
      "int/desk.md": pb(
        "int-desk",
        "Customer Experience Ops",
        "## Who owns what\n\n- Customer Experience Ops owns the desk instance, triggers, macros and agent groups.\n- Information Security: security reviews and connector approval.\n\n## Build\n\n- IT Platform Team runs the build with the triggers in mind.\n- IT Platform Team grants connector access to one site.\n",
      ),
      "integrations/crm.md": pb("int-crm", "IT Platform Team", "## Who owns what\n\n- IT Platform Team owns the tenant, app registrations and connectors.\n", { systems: ["salesforce"] }),
      "integrations/hr.md": pb("int-hr", "Legal & Compliance", "## Who owns what\n\n- Legal & Compliance owns the Workday tenant and release testing.\n", { systems: ["workday"] }),
    });
    expect(c.map((f) => f.message)).toEqual([]);
  });

  it("keeps apart listed things that differ only by number, and items of one 'who does what' list", () => {
    const text = pb(
      "gov-risk",
      "Privacy Office",
      "## Plans\n\n- Information Security maintains the Tier 3 evaluation plans.\n\n## Who owns what\n\n- Privacy Office: Tier 2 evaluation plans.\n- Information Security: Tier 2 retention schedules.\n- Legal & Compliance: Tier 3 evaluation plans.\n",
    );
    const statements = [...Object.entries(FILLER), ["gov/risk.md", text] as const].flatMap(([path, t]) => statementsOf(checkPlaybook(path, t).playbook!));
    const found = findOwnershipConflicts(statements, { teams: TEAMS });
    // Tier 3 plans are Legal & Compliance's: another team maintaining them conflicts; the Tier 2 line names another thing.
    expect(found.map((f) => f.message.replace(/ ".*?"/g, ""))).toEqual([
      "different teams for the same subject (tier evalu): Information Security in gov/risk.md:13 vs Legal & Compliance in gov/risk.md:19",
    ]);
  });

  // A thing named only in words many statements use ("desk allocation") is still a listed thing when the other clause
  // hands the same thing out in the same words.
  const COMMON = {
    "misc/desks.md": pb("misc-desks", "Information Security", `## Desks\n\n${Array.from({ length: 45 }, (_, i) => `- Desk note ${i}: desks and licences and seats on floor${i} gamma${i}.`).join("\n")}\n`),
  };
  const ownershipOf = (files: Record<string, string>) => {
    const statements = Object.entries({ ...FILLER, ...COMMON, ...files }).flatMap(([path, t]) => statementsOf(checkPlaybook(path, t).playbook!));
    return findOwnershipConflicts(statements, { teams: TEAMS }).map((f) => f.message.replace(/ ".*?"/g, ""));
  };

  it("flags another team handing out, or deciding who gets, a thing a list names in common words", () => {
    const list = pb("gov-office", "IT Platform Team", "## Who owns what\n\n- IT Platform Team: desk allocation, the visitor register and badge printing.\n");
    expect(ownershipOf({ "gov/office.md": list, "gov/floor.md": pb("gov-floor", "Privacy Office", "## Floors\n\n- Hot desks for visiting auditors, handed out by Customer Experience Ops; book a day ahead.\n") })).toEqual([
      "different teams for the same subject (desk): Customer Experience Ops in gov/floor.md:13 vs IT Platform Team in gov/office.md:13",
    ]);
    expect(ownershipOf({ "gov/office.md": list, "gov/floor.md": pb("gov-floor", "Privacy Office", "## Floors\n\n- Each floor has a coordinator in Legal & Compliance who decides who gets desks.\n") })).toEqual([
      "different teams for the same subject (desk): Legal & Compliance in gov/floor.md:13 vs IT Platform Team in gov/office.md:13",
    ]);
  });

  it("does not pair common words through a synonym, or a thing the list only owns", () => {
    // "licence assignment" (the technical step) is not "allocating the seat" (who gets one), though the words are synonyms.
    const list = pb("gov-office", "IT Platform Team", "## Who owns what\n\n- IT Platform Team: licence assignment, the desk register and badge printing.\n");
    expect(ownershipOf({ "gov/office.md": list, "gov/floor.md": pb("gov-floor", "Privacy Office", "## Floors\n\n- Legal & Compliance allocates the seat within a day.\n- Desks for visiting auditors, handed out by Customer Experience Ops.\n") })).toEqual([]);
  });
});
