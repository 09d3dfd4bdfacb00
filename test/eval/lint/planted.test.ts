import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir as tempDirFor } from "../../support/fixtures-knowledge.ts";
import { applyPlanted, BASE_DIR, loadPlanted } from "./apply-planted.mjs";

const tempDir = () => tempDirFor("planted");
afterEach(removeTempDirs);

describe("planted contradictions for the lint eval", () => {
  it("every line is well formed and there are enough of each sort", () => {
    const { rows, problems } = loadPlanted();
    expect(problems).toEqual([]);
    const planted = rows.filter((r) => !r.decoy);
    expect(planted.length).toBeGreaterThanOrEqual(35);
    expect(rows.filter((r) => r.decoy).length).toBeGreaterThanOrEqual(8);
    expect(new Set(planted.map((r) => r.kind))).toEqual(new Set(["number", "duration", "threshold", "permission", "team"]));
    const crossFile = planted.filter((r) => r.conflicts_with?.path !== r.edit.path).length;
    expect(crossFile).toBeGreaterThan(0);
    expect(crossFile).toBeLessThan(planted.length);
  });

  it("all edits apply to a copy of base, each on its own line, without moving any line", () => {
    const { rows } = loadPlanted();
    const out = tempDir();
    const { edits, problems } = applyPlanted(rows, out);
    expect(problems).toEqual([]);
    expect(edits).toHaveLength(rows.length);
    const places = new Set(edits.map((e) => `${e.path}:${e.line}`));
    expect(places.size).toBe(edits.length);
    for (const edit of edits) {
      const row = rows.find((r) => r.id === edit.id)!;
      const before = readFileSync(path.join(BASE_DIR, edit.path), "utf8").split("\n");
      const after = readFileSync(path.join(out, edit.path), "utf8").split("\n");
      expect(after).toHaveLength(before.length);
      expect(after[edit.line - 1]).toContain(row.edit.replace);
      // No planted edit rewrites the statement another planted edit is meant to contradict.
      expect(rows.some((r) => r.conflicts_with?.path === edit.path && r.conflicts_with.line === edit.line)).toBe(false);
    }
  });

  it("reports a find that is missing or occurs twice, and a conflicts_with line outside the file", () => {
    const base = tempDir();
    writeFileSync(path.join(base, "a.md"), "one rule\nthe same rule\nanother line\n");
    const file = path.join(tempDir(), "planted.jsonl");
    const line = (o: object) => JSON.stringify(o);
    writeFileSync(
      file,
      [
        line({ id: "x1", kind: "number", edit: { path: "a.md", find: "rule", replace: "law" }, conflicts_with: { path: "a.md", line: 3 }, note: "" }),
        line({ id: "x2", kind: "number", edit: { path: "a.md", find: "absent", replace: "law" }, conflicts_with: { path: "a.md", line: 9 }, note: "" }),
      ].join("\n"),
    );
    const loaded = loadPlanted(file, base);
    expect(loaded.problems).toEqual(["planted.jsonl:2 x2: conflicts_with.line 9 outside a.md (1-4)"]);
    const applied = applyPlanted(loaded.rows, tempDir(), base);
    expect(applied.problems).toEqual(["x1: find occurs more than once in a.md", "x2: find not found in a.md (or an earlier edit changed it)"]);
  });
});
