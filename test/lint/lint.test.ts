import { afterAll, describe, expect, it } from "vitest";
import { lintKnowledge, lintSources, LintInputError } from "../../src/lint/lint.ts";
import type { Finding } from "../../src/lint/findings.ts";
import { quantities, permissions } from "../../src/lint/facts.ts";
import { sameAction } from "../../src/lint/contradictions.ts";
import { knowledgeDir, playbookText, removeTempDirs } from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

const NOW = new Date("2026-12-01T12:00:00Z");

/** A playbook file with the fixture front matter; `body` below a title. */
function pb(id: string, owner: string, body: string, extra: Record<string, unknown> = {}): string {
  return playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"], ...extra }, `# Playbook ${id}\n\n${body}`);
}

function lint(files: Record<string, string>) {
  return lintSources(Object.entries(files).map(([path, text]) => ({ path, text })), { now: NOW });
}

const of = (findings: Finding[], kind: Finding["kind"]) => findings.filter((f) => f.kind === kind);

describe("facts", () => {
  it("reads quantities with units, ranges, words and rates, and skips versions, articles and product names", () => {
    const q = quantities(
      "Tools with more than 25 users need SCIM 2.0; reviews take 2–3 weeks or 10 working days; 10% are sampled; " +
        "€30 per user per month; Art. 28(3); TLS 1.2; Microsoft 365 Copilot; a six-week pilot; the same day.",
    );
    expect(q.map((x) => [x.kind, x.lo, x.hi])).toEqual([
      ["people", 25, 25],
      ["duration", 14, 21],
      ["duration", 14, 14],
      ["percent", 10, 10],
      ["money:EUR/user/month", 30, 30],
      ["duration:length", 42, 42],
      ["duration", 1, 1],
    ]);
  });

  it("reads permission polarity per clause", () => {
    expect(permissions("CV screening is not permitted.").map((p) => p.polarity)).toEqual(["forbidden"]);
    expect(permissions("Confidential data may be pasted into ChatGPT Enterprise.").map((p) => p.polarity)).toEqual(["allowed"]);
    expect(permissions("Every write needs Information Security approval.").map((p) => p.polarity)).toEqual(["approval"]);
    expect(permissions("A DPIA is not required for public data.").map((p) => p.polarity)).toEqual(["optional"]);
    // "may contain" is a possibility, not a permission.
    expect(permissions("Service records may contain PHI.")).toEqual([]);
  });
});

describe("lint: contradictions", () => {
  const SCIM = "## Identity\n\nEvery AI tool with more than 25 users must be provisioned over SCIM from Okta.\n";

  it("flags the same subject with a different number in another playbook, naming both places and owners", () => {
    const r = lint({
      "a/identity.md": pb("a-identity", "Information Security", SCIM),
      "b/tools.md": pb("b-tools", "IT Platform Team", "## Buying tools\n\nAI tools with more than 50 users must be provisioned over SCIM from Okta.\n"),
    });
    const c = of(r.findings, "contradiction");
    expect(c).toHaveLength(1);
    expect(c[0]!.places).toEqual([
      { path: "a/identity.md", line: 13, owner: "Information Security" },
      { path: "b/tools.md", line: 13, owner: "IT Platform Team" },
    ]);
    expect(c[0]!.message).toMatch(/25 users/);
    expect(c[0]!.message).toMatch(/50 users/);
  });

  it("does not flag the same value in other units, a deferring statement, or different subjects", () => {
    const r = lint({
      "a/review.md": pb("a-review", "Information Security", "## Review\n\nA standard security review of an AI vendor takes 10 working days.\n"),
      // Same duration in other units.
      "b/vendors.md": pb("b-vendors", "Procurement Operations", "## Vendors\n\nPlan two weeks for the standard security review of an AI vendor.\n"),
      // A different subject with a different number.
      "c/training.md": pb("c-training", "AI Enablement Office", "## Courses\n\nThe prompt-writing course for new champions takes 3 weeks.\n"),
      // Defers without a value of its own.
      "d/intake.md": pb("d-intake", "AI Enablement Office", "## Intake\n\nHow long the security review takes: see governance/review.md.\n"),
    });
    expect(of(r.findings, "contradiction")).toEqual([]);
  });

  it("flags opposite permissions and different owning teams for the same action", () => {
    const r = lint({
      "a/hr.md": pb("a-hr", "People Technology (HR)", "## Recruiting\n\nAutomated CV screening with AI is not permitted in Workday Recruiting.\n\n## Seats\n\nThe AI Enablement Office allocates ChatGPT Enterprise seats to new joiners.\n"),
      "b/catalog.md": pb("b-catalog", "Revenue Operations", "## Recruiting ideas\n\nAutomated CV screening with AI is permitted in Workday Recruiting.\n\n## Seats\n\nThe IT Platform Team allocates ChatGPT Enterprise seats to new joiners.\n"),
    });
    const c = of(r.findings, "contradiction");
    expect(c.map((f) => f.message.split(" for ")[0])).toEqual(expect.arrayContaining(["different permissions", "different teams"]));
    expect(c).toHaveLength(2);
  });

  it("treats owning a thing and building it as one action, but not owning and provisioning or approving", () => {
    expect(sameAction("own", "build")).toBe(true);
    expect(sameAction("build", "own")).toBe(true);
    expect(sameAction("decide", "decide")).toBe(true);
    expect(sameAction("own", "allocate")).toBe(false);
    expect(sameAction("own", "decide")).toBe(false);
    expect(sameAction("build", "triage")).toBe(false);
  });

  it("lists an accepted contradiction as accepted, with its reason, and reports an entry that matches nothing", () => {
    const files = {
      "a/identity.md": pb("a-identity", "Information Security", SCIM),
      "b/tools.md": pb("b-tools", "IT Platform Team", "## Buying tools\n\nAI tools with more than 50 users must be provisioned over SCIM from Okta.\n"),
      "lint-accepted.yml":
        "accepted:\n  - kind: contradiction\n    paths: [a/identity.md, b/tools.md]\n    reason: The 50-user rule applies to the legacy tenant until March.\n" +
        "  - kind: duplicate\n    paths: [a/identity.md, c/gone.md]\n    reason: This one no longer exists anywhere.\n",
    };
    const r = lint(files);
    expect(r.accepted).toHaveLength(1);
    expect(r.accepted[0]!.reason).toMatch(/legacy tenant/);
    expect(of(r.findings, "contradiction")).toEqual([]);
    const stale = r.findings.filter((f) => f.places[0]?.path === "lint-accepted.yml");
    expect(stale).toHaveLength(1);
    expect(stale[0]!.message).toMatch(/matches no finding/);
    expect(stale[0]!.places[0]!.line).toBe(5);
  });

  it("reports a malformed accepted file as a schema finding on that file, with the line", () => {
    const r = lint({
      "a/identity.md": pb("a-identity", "Information Security", SCIM),
      "lint-accepted.yml": "accepted:\n  - kind: contradiction\n    paths: [a/identity.md]\n    reason: short\n",
    });
    const bad = r.findings.filter((f) => f.places[0]?.path === "lint-accepted.yml");
    expect(bad).toHaveLength(1);
    expect(bad[0]!.kind).toBe("schema");
    expect(bad[0]!.message).toMatch(/reason/);
    expect(bad[0]!.places[0]!.line).toBe(2);
  });
});

describe("lint: schema, stale, references, duplicates", () => {
  it("reports every front-matter problem of a file, a non-Markdown file and a duplicate id, with lines", () => {
    const r = lint({
      "a/bad.md": "---\nid: Bad Id\ntitle: B\nowner: Information Security\nreviewed: 2026-13-40\ntags: [x]\ncolour: blue\n---\n\n# Bad\n\ntext\n",
      "a/notes.txt": "hello",
      "b/one.md": pb("same-id", "Information Security", "text"),
      "b/two.md": pb("same-id", "Information Security", "text"),
    });
    const schema = of(r.findings, "schema").map((f) => f.message);
    expect(schema).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^a\/bad\.md:2: field "id"/),
        expect.stringMatching(/^a\/bad\.md:3: field "title"/),
        expect.stringMatching(/^a\/bad\.md:5: field "reviewed"/),
        expect.stringMatching(/^a\/bad\.md:7: unknown field "colour"/),
        expect.stringMatching(/^a\/notes\.txt:1: is not a Markdown playbook/),
        expect.stringMatching(/^b\/two\.md:2: duplicate id "same-id" \(also used by b\/one\.md\)/),
      ]),
    );
    expect(schema).toHaveLength(6);
  });

  it("flags a playbook reviewed more than 180 days before the injected clock, and not one reviewed 180 days before", () => {
    const r = lint({
      "old.md": pb("old-doc", "Revenue Operations", "text", { reviewed: "2026-06-03" }), // 181 days before NOW
      "edge.md": pb("edge-doc", "Revenue Operations", "text", { reviewed: "2026-06-04" }), // 180 days
    });
    const stale = of(r.findings, "stale");
    expect(stale).toHaveLength(1);
    expect(stale[0]!.places).toEqual([{ path: "old.md", line: 5, owner: "Revenue Operations" }]);
    expect(stale[0]!.message).toMatch(/181 days ago/);
  });

  it("flags channels, teams, forms and playbook paths no playbook defines, and accepts defined ones", () => {
    const r = lint({
      "a/contacts.md": pb(
        "a-contacts",
        "AI Enablement Office",
        "## Where to ask\n\n- #ai-help: questions about AI tools, answered within a day.\n- Data Platform Team: warehouses and service users.\n\n" +
          "## Links\n\nSee [the review](../governance/review.md) and governance/missing.md. Ask in #ai-help or #nowhere.\n" +
          'Send it through the ServiceNow "Model Change" form to the Model Risk Board; the Data Platform Team reviews it.\n',
      ),
      "governance/review.md": pb("gov-review", "Information Security", "Reviews."),
    });
    const refs = of(r.findings, "dangling_reference").map((f) => f.message);
    expect(refs).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^playbook governance\/missing\.md is mentioned once/),
        expect.stringMatching(/^channel #nowhere/),
        expect.stringMatching(/^form "Model Change"/),
        expect.stringMatching(/^team "Model Risk Board"/),
      ]),
    );
    expect(refs).toHaveLength(4);
    expect(refs.join("\n")).not.toMatch(/#ai-help|Data Platform Team|review\.md/);
  });

  it("flags a passage repeated in another playbook but not a short shared phrase", () => {
    const passage =
      "Before connecting any AI assistant to a system of record, register the integration user, restrict it to read-only permission sets, and log every call it makes for ninety days.";
    const r = lint({
      "a.md": pb("a-doc", "Revenue Operations", `## Setup\n\n${passage}\n\nAsk in the channel.\n`),
      "b.md": pb("b-doc", "IT Platform Team", `## Setup\n\n${passage.replace("ninety", "ninety whole")}\n\nAsk in the channel.\n`),
    });
    const d = of(r.findings, "duplicate");
    expect(d).toHaveLength(1);
    expect(d[0]!.places.map((p) => p.path)).toEqual(["a.md", "b.md"]);
  });
});

describe("lintKnowledge", () => {
  it("throws LintInputError for a directory that does not exist", async () => {
    await expect(lintKnowledge("/definitely/not/here", { now: NOW })).rejects.toBeInstanceOf(LintInputError);
  });

  it("reads a directory and reports owners by path", async () => {
    const dir = knowledgeDir({ "x/one.md": pb("x-one", "Finance Systems", "Short text.") });
    const r = await lintKnowledge(dir, { now: NOW });
    expect(r.playbooks).toBe(1);
    expect(r.owners).toEqual({ "x/one.md": "Finance Systems" });
    expect(r.findings).toEqual([]);
  });
});

describe("lint: roles as owners", () => {
  it("a department head approves as the line manager does, so two approvers of one tier conflict", async () => {
    const files = (approver: string) => ({
      "governance/risk.md": pb(
        "risk",
        "AI Enablement Office",
        "## Risk tiers\n\n- **Tier 1 - Low**: personal productivity on Internal data. Approval: the line manager; no formal evaluation set.\n- **Tier 2 - Medium**: team workflows. Approval: AI Enablement Office.\n\n" +
          `## Who signs off\n\n- ${approver}: Tier 1 use cases.\n- AI Enablement Office: tier assignment and Tier 2 approval.\n`,
      ),
    });
    expect(of((await lint(files("Line manager"))).findings, "contradiction")).toEqual([]);
    const found = of((await lint(files("Department head"))).findings, "contradiction");
    expect(found).toHaveLength(1);
    expect(found[0]!.message).toMatch(/Department head/);
  });
});
