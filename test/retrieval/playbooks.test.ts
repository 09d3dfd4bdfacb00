import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chunkPlaybook, chunkPlaybooks } from "../../src/retrieval/chunking.ts";
import { loadPlaybooks, parsePlaybook, PlaybookError } from "../../src/retrieval/playbooks.ts";
import { parseUseCase, USE_CASE_FENCE } from "../../src/usecases/catalog.ts";
import {
  knowledgeDir,
  playbookText,
  REPO_ROOT,
  removeTempDirs,
  SHIPPED_KNOWLEDGE,
  tempDir,
} from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

const BODY = "# A title\n\nSome text about AI adoption.\n\n## Section\n\nMore text.\n";

function good(id: string, extra: Record<string, unknown> = {}): string {
  return playbookText({ id, title: `Title of ${id}`, ...extra }, BODY);
}

/** Runs `fn`, expects a PlaybookError and returns it. */
async function playbookError(fn: () => Promise<unknown> | unknown): Promise<PlaybookError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PlaybookError);
    return err as PlaybookError;
  }
  throw new Error("expected a PlaybookError, but nothing was thrown");
}

/** 1-based line of the first line of `text` that starts with `prefix`. */
function lineOf(text: string, prefix: string): number {
  const i = text.split("\n").findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starts with ${prefix}`);
  return i + 1;
}

describe("loadPlaybooks: validation errors name the file, the line and what is wrong", () => {
  it("loads a valid directory, with paths relative to it (forward slashes) and sorted", async () => {
    const dir = knowledgeDir({
      "b/second.md": good("b-second"),
      "a/first.md": good("a-first", { systems: ["salesforce"], audience: ["sales"] }),
    });
    const pbs = await loadPlaybooks(dir);
    expect(pbs.map((p) => p.path)).toEqual(["a/first.md", "b/second.md"]);
    expect(pbs[0]).toMatchObject({ id: "a-first", owner: "AI Enablement Office", reviewed: "2026-10-01", tags: ["fixture"], systems: ["salesforce"] });
    expect(pbs[0]!.body.trimStart().startsWith("# A title")).toBe(true);
    expect(pbs[0]!.bodyLine).toBe(10); // lines 1-9 are the front matter (with systems and audience)
  });

  it.each(["title", "owner", "reviewed", "tags", "id"])("a missing %s field names the file and the field", async (field) => {
    const dir = knowledgeDir({ "ok.md": good("ok-doc"), "gov/broken.md": playbookText({ id: "gov-broken", [field]: undefined }, BODY) });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe("gov/broken.md");
    expect(err.message).toContain("gov/broken.md");
    expect(err.message).toContain(`"${field}"`);
    expect(err.message).toMatch(/missing/i);
    // The line points into the front matter (lines 2..n of the file).
    expect(err.line).toBeGreaterThanOrEqual(2);
    expect(err.line).toBeLessThanOrEqual(7);
  });

  it.each([
    ["2026-13-45", /real calendar date/],
    ["2026-02-30", /real calendar date/],
    ["yesterday", /YYYY-MM-DD/],
    ["26-10-01", /YYYY-MM-DD/],
  ])("a bad reviewed date %s is rejected on the reviewed line", async (value, reason) => {
    const text = playbookText({ id: "bad-date", reviewed: value, tags: ["a", "b"] }, BODY);
    const dir = knowledgeDir({ "bad-date.md": text });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe("bad-date.md");
    expect(err.message).toContain("reviewed");
    expect(err.reason).toMatch(reason);
    expect(err.line).toBe(lineOf(text, "reviewed:"));
    expect(err.message).toContain(`bad-date.md:${err.line}:`);
  });

  it("an unknown field is named, with the allowed fields and its own line", async () => {
    const text = playbookText({ id: "extra-field", author: "Priya Nair" }, BODY);
    const dir = knowledgeDir({ "x/extra.md": text });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe("x/extra.md");
    expect(err.reason).toContain('unknown field "author"');
    expect(err.reason).toContain("allowed:");
    expect(err.line).toBe(lineOf(text, "author:"));
  });

  it("a field of the wrong shape points at that field's line", async () => {
    const text = playbookText({ id: "Not_Kebab Case" }, BODY);
    const err = await playbookError(() => loadPlaybooks(knowledgeDir({ "shape.md": text })));
    expect(err.reason).toContain('"id"');
    expect(err.reason).toMatch(/kebab-case/);
    expect(err.line).toBe(lineOf(text, "id:"));
  });

  it("a duplicate id names both files", async () => {
    const dir = knowledgeDir({ "a/one.md": good("same-id"), "b/two.md": good("same-id") });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.message).toContain("a/one.md");
    expect(err.message).toContain("b/two.md");
    expect(err.message).toContain('duplicate id "same-id"');
  });

  it("a duplicate id points at the id line of the second file", async () => {
    const second = ["---", "title: Second", "owner: AI Enablement Office", "id: same-id", "reviewed: 2026-10-01", "tags: [x]", "---", "", BODY].join("\n");
    const dir = knowledgeDir({ "a/one.md": good("same-id"), "b/two.md": second });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe("b/two.md");
    expect(err.line).toBe(4);
  });

  it("an empty directory is an error naming the directory", async () => {
    const dir = tempDir("empty-kb");
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe(dir);
    expect(err.message).toMatch(/no Markdown playbooks/);
  });

  it("a directory that does not exist is an error that mentions KNOWLEDGE_DIR", async () => {
    const dir = path.join(tempDir("no-kb"), "missing");
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.message).toContain("KNOWLEDGE_DIR");
  });

  it("a non-Markdown file (notes.txt) stops loading and is named", async () => {
    const dir = knowledgeDir({ "ok.md": good("ok-doc"), "drafts/notes.txt": "todo: write more" });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe("drafts/notes.txt");
    expect(err.message).toMatch(/not a Markdown playbook/);
  });

  it("partners.yml (the partner directory) and hidden files are allowed beside the playbooks", async () => {
    const dir = knowledgeDir({
      "ok.md": good("ok-doc"),
      "partners.yml": "partners:\n  - id: acme\n    name: Acme Consulting\n",
      ".DS_Store": "binary junk",
    });
    const pbs = await loadPlaybooks(dir);
    expect(pbs.map((p) => p.path)).toEqual(["ok.md"]);
  });

  it("a file without front matter is rejected on line 1", async () => {
    const dir = knowledgeDir({ "plain.md": "# Just a heading\n\nNo front matter here.\n" });
    const err = await playbookError(() => loadPlaybooks(dir));
    expect(err.file).toBe("plain.md");
    expect(err.line).toBe(1);
    expect(err.reason).toMatch(/front matter/);
  });

  it("an empty file and front matter without a body are rejected", async () => {
    const empty = await playbookError(() => loadPlaybooks(knowledgeDir({ "empty.md": "  \n" })));
    expect(empty.reason).toMatch(/empty/);
    const noBody = await playbookError(() => loadPlaybooks(knowledgeDir({ "nobody.md": playbookText({ id: "no-body" }, "") })));
    expect(noBody.file).toBe("nobody.md");
    expect(noBody.reason).toMatch(/no content/);
  });

  it("front matter that is not valid YAML gives the line of the YAML error", async () => {
    const text = ["---", "id: bad-yaml", "title: [unclosed", "owner: x", "---", "", BODY].join("\n");
    const err = await playbookError(() => loadPlaybooks(knowledgeDir({ "yaml.md": text })));
    expect(err.reason).toMatch(/not valid YAML/);
    expect(err.line).toBeGreaterThanOrEqual(2);
    expect(err.line).toBeLessThanOrEqual(5);
  });
});

describe("chunking errors are PlaybookErrors with the line of the code block", () => {
  it("an unclosed code fence names the file and the line of the opening ```", () => {
    const body = "# Title\n\nIntro.\n\n## Example\n\n```bash\necho hello\n";
    const text = playbookText({ id: "open-fence" }, body);
    const pb = parsePlaybook("x/open-fence.md", text);
    let err: unknown;
    try {
      chunkPlaybook(pb);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlaybookError);
    const e = err as PlaybookError;
    expect(e.file).toBe("x/open-fence.md");
    expect(e.line).toBe(lineOf(text, "```bash"));
    expect(e.reason).toMatch(/never closed/);
  });

  it("an invalid use-case YAML block names the field and the line of the block", () => {
    const body = [
      "# Catalog",
      "",
      "## A use case",
      "",
      "```yaml usecase",
      "id: broken-uc",
      "title: Broken use case",
      "roles: [analyst]",
      "description: Missing most of the required fields on purpose.",
      "```",
      "",
    ].join("\n");
    const text = playbookText({ id: "usecases-broken" }, body);
    const pb = parsePlaybook("usecases/broken.md", text);
    let err: unknown;
    try {
      chunkPlaybooks([pb]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PlaybookError);
    const e = err as PlaybookError;
    expect(e.file).toBe("usecases/broken.md");
    expect(e.line).toBe(lineOf(text, "```yaml usecase"));
    expect(e.reason).toMatch(/use case field "example_prompts"/);
  });

  it("a use-case block with a score out of range is rejected", () => {
    const uc = [
      "id: bad-score",
      "title: Bad score",
      "roles: [analyst]",
      "description: Effort is outside the 1-5 scale here.",
      "example_prompts: [\"Summarise this\"]",
      "hours_saved_per_week: 2",
      "effort: 9",
      "risk: 2",
      "data_sensitivity: internal",
      "systems: []",
      "maturity_stage: pilot",
      "kpis: [\"time saved\"]",
    ].join("\n");
    const pb = parsePlaybook("usecases/score.md", playbookText({ id: "usecases-score" }, `# C\n\n## U\n\n\`\`\`yaml usecase\n${uc}\n\`\`\`\n`));
    expect(() => chunkPlaybook(pb)).toThrow(/effort/);
  });
});

describe("the shipped knowledge directory", () => {
  it("has 38 valid playbooks (37 + governance/tools-and-seats.md) with unique ids that chunk without errors", async () => {
    const pbs = await loadPlaybooks(SHIPPED_KNOWLEDGE);
    expect(pbs).toHaveLength(38);
    expect(new Set(pbs.map((p) => p.id)).size).toBe(38);
    const chunks = chunkPlaybooks(pbs);
    expect(new Set(chunks.map((c) => c.path)).size).toBe(38);
    for (const c of chunks) expect(c.text.trim().length).toBeGreaterThan(0);
  });

  it("every use-case catalog under usecases/ has at least 8 ```yaml usecase blocks that parse", () => {
    const dir = path.join(SHIPPED_KNOWLEDGE, "usecases");
    const files = readdirSync(dir).filter((f) => f.endsWith(".md"));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const ids = new Set<string>();
    for (const file of files) {
      const text = readFileSync(path.join(dir, file), "utf8");
      const blocks = [...text.matchAll(/^```(.*)\n([\s\S]*?)^```\s*$/gm)].filter((m) => USE_CASE_FENCE.test(m[1]!.trim()));
      expect(blocks.length, file).toBeGreaterThanOrEqual(8);
      for (const block of blocks) {
        const uc = parseUseCase(block[2]!);
        expect(ids.has(uc.id), `${file}: duplicate use case id ${uc.id}`).toBe(false);
        ids.add(uc.id);
      }
    }
  });

  it("has the paths DESIGN.md and the code rely on", () => {
    const required = [
      "usecases",
      "partners",
      "integrations/salesforce.md", // the `ask --json` contract example
      "partners/when-to-engage-a-partner.md", // the escalation criteria (src/assistant/escalation.ts)
      "partners/how-referrals-work.md",
      "partners/partner-tiers-and-certifications.md",
    ];
    for (const rel of required) expect(existsSync(path.join(SHIPPED_KNOWLEDGE, rel)), rel).toBe(true);
    expect(statSync(path.join(SHIPPED_KNOWLEDGE, "usecases")).isDirectory()).toBe(true);
    for (const rel of ["prompts", "manifest.yml", "src/config.ts", "src/main.ts", "bin/partnerpilot.js"]) {
      expect(existsSync(path.join(REPO_ROOT, rel)), rel).toBe(true);
    }
  });

  it("every path the retrieval eval set expects exists in the knowledge directory", () => {
    const lines = readFileSync(path.join(REPO_ROOT, "test/eval/retrieval.jsonl"), "utf8").split("\n").filter((l) => l.trim());
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const { expected } = JSON.parse(line) as { expected: string[] };
      for (const rel of expected) expect(existsSync(path.join(SHIPPED_KNOWLEDGE, rel)), rel).toBe(true);
    }
  });
});
