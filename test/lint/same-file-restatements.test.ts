import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { lintSources } from "../../src/lint/lint.ts";
import { listFiles } from "../../src/retrieval/playbooks.ts";
import { NOW } from "./fixtures.ts";

// Two sentences of one playbook that restate each other (high cosine) need no extra same-file margin.
describe("contradictions: a restatement within one playbook", () => {
  it("finds 'minimum three people' against 'groups of at least 5 people' in the same playbook of the shipped corpus", async () => {
    const dir = path.resolve("knowledge");
    const sources = await Promise.all((await listFiles(dir)).map(async (p) => ({ path: p, text: await readFile(path.join(dir, p), "utf8") })));
    const file = "change/communications.md";
    const lint = (size: string) =>
      lintSources(
        sources.map((s) => (s.path === file ? { ...s, text: s.text.replace("(minimum 5 people)", `(minimum ${size} people)`) } : s)),
        { now: NOW },
      ).findings.filter((f) => f.kind === "contradiction" && f.places.some((p) => p.path === file && p.line === 102));
    const found = lint("three");
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => `${p.path}:${p.line}`)).toContain(`${file}:85`);
    expect(lint("five")).toEqual([]);
  });
});
