import { afterAll, describe, expect, it } from "vitest";
import { FINDING_KINDS } from "../../src/lint/findings.ts";
import { knowledgeDir, playbookText, removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";
import { runCli, type CliRun } from "../support/run-cli.ts";

afterAll(removeTempDirs);

/** `partnerpilot ARGS` offline, with a data directory of its own (lint reads only the playbooks). */
function run(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { dataDir: tempDir("lint-cli-data"), env });
}

const body = (text: string) => `# Doc\n\n## Section\n\n${text}\n`;
const clean = () =>
  knowledgeDir({
    "a/one.md": playbookText({ id: "a-one", owner: "Information Security", reviewed: new Date().toISOString().slice(0, 10) }, body("Short and unique text about identity.")),
  });
const conflicted = () =>
  knowledgeDir({
    "a/one.md": playbookText({ id: "a-one", owner: "Information Security", reviewed: new Date().toISOString().slice(0, 10) }, body("Every AI tool with more than 25 users must be provisioned over SCIM from Okta.")),
    "b/two.md": playbookText({ id: "b-two", owner: "IT Platform Team", reviewed: "2020-01-01" }, body("AI tools with more than 50 users must be provisioned over SCIM from Okta.")),
  });

describe("partnerpilot lint", () => {
  it("--json prints the findings contract and exits 1 when there are findings", async () => {
    const r = await run(["lint", "--json", "--dir", conflicted()]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: { kind: string; message: string; places: { path: string; line: number; owner: string }[] }[] };
    expect(out.findings.map((f) => f.kind).sort()).toEqual(["contradiction", "stale"]);
    for (const f of out.findings) {
      expect(FINDING_KINDS).toContain(f.kind);
      expect(typeof f.message).toBe("string");
      for (const p of f.places) {
        expect(Object.keys(p).sort()).toEqual(["line", "owner", "path"]);
        expect(p.path).not.toMatch(/^\//); // relative to the corpus
        expect(Number.isInteger(p.line) && p.line >= 1).toBe(true);
      }
    }
    const c = out.findings.find((f) => f.kind === "contradiction")!;
    expect(c.places.map((p) => `${p.path}:${p.line}:${p.owner}`)).toEqual(["a/one.md:13:Information Security", "b/two.md:13:IT Platform Team"]);
  }, 60_000);

  it("text output groups findings by owner; a clean corpus exits 0; KNOWLEDGE_DIR is the default", async () => {
    const text = await run(["lint", "--dir", conflicted()]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^IT Platform Team — 2 findings$/m);
    expect(text.stdout).toMatch(/^Information Security — 1 finding$/m);
    expect(text.stdout).toMatch(/2 findings: 1 past review, 1 contradiction\.$/m);
    const ok = await run(["lint"], { KNOWLEDGE_DIR: clean() });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/1 playbooks, no findings\./);
  }, 60_000);

  it("a missing directory or a wrong option is a usage error: exit 2 with one line", async () => {
    const missing = await run(["lint", "--dir", "/no/such/dir"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
    expect(missing.stderr).toMatch(/\/no\/such\/dir: knowledge directory does not exist/);
    const bad = await run(["lint", "--bogus"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option '--bogus'/);
  }, 60_000);
});
