import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { removeTempDirs, tempDir as tempDirFor } from "../../support/fixtures-knowledge.ts";
import { applyPlanted, loadPlanted } from "../lint/apply-planted.mjs";

const SET_DIR = path.dirname(fileURLToPath(import.meta.url));
const PLANTED_FILE = path.join(SET_DIR, "planted.jsonl");
const BASE_DIR = path.join(SET_DIR, "base");
const APPLIER = path.join(SET_DIR, "..", "lint", "apply-planted.mjs");

const tempDir = () => tempDirFor("planted-dev-2");
afterEach(removeTempDirs);

describe("second development set of planted contradictions (test/eval/lint-dev-2)", () => {
  it("every line is well formed and the mix is the one its README states", () => {
    const { rows, problems } = loadPlanted(PLANTED_FILE, BASE_DIR);
    expect(problems).toEqual([]);
    const planted = rows.filter((r) => !r.decoy);
    expect(planted.length).toBeGreaterThanOrEqual(45);
    expect(rows.filter((r) => r.decoy).length).toBeGreaterThanOrEqual(15);
    expect(new Set(planted.map((r) => r.kind))).toEqual(new Set(["number", "duration", "threshold", "permission", "team"]));
    expect(planted.every((r) => typeof r.reworded === "boolean")).toBe(true);
    expect(planted.filter((r) => r.reworded).length / planted.length).toBeGreaterThanOrEqual(0.4);
    const sameFile = planted.filter((r) => r.conflicts_with?.path === r.edit.path).length / planted.length;
    expect(sameFile).toBeGreaterThanOrEqual(0.35);
    expect(sameFile).toBeLessThanOrEqual(0.65);
  });

  it("all edits apply to a copy of base, each on its own line, without moving lines or rewriting a conflicts_with line", () => {
    const { rows } = loadPlanted(PLANTED_FILE, BASE_DIR);
    const out = tempDir();
    const { edits, problems } = applyPlanted(rows, out, BASE_DIR);
    expect(problems).toEqual([]);
    expect(edits).toHaveLength(rows.length);
    expect(new Set(edits.map((e) => `${e.path}:${e.line}`)).size).toBe(edits.length);
    const named = new Set(rows.flatMap((r) => (r.conflicts_with ? [`${r.conflicts_with.path}:${r.conflicts_with.line}`] : [])));
    for (const edit of edits) {
      const row = rows.find((r) => r.id === edit.id)!;
      const before = readFileSync(path.join(BASE_DIR, edit.path), "utf8").split("\n");
      const after = readFileSync(path.join(out, edit.path), "utf8").split("\n");
      expect(after).toHaveLength(before.length);
      expect(after[edit.line - 1]).toContain(row.edit.replace);
      expect(named.has(`${edit.path}:${edit.line}`)).toBe(false);
    }
    // Every conflicts_with place is a statement, not a blank line.
    for (const row of rows.filter((r) => r.conflicts_with)) {
      const { path: rel, line } = row.conflicts_with!;
      expect(readFileSync(path.join(BASE_DIR, rel), "utf8").split("\n")[line - 1]?.trim()).toBeTruthy();
    }
  });

  it("the applier's --set option applies this set from the command line and refuses a directory without a set", () => {
    const out = tempDir();
    const run = spawnSync(process.execPath, [APPLIER, "--set", SET_DIR, "--out", out, "--json"], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { dir: string; edits: { id: string }[] };
    expect(result.dir).toBe(out);
    expect(result.edits).toHaveLength(loadPlanted(PLANTED_FILE, BASE_DIR).rows.length);

    const missing = spawnSync(process.execPath, [APPLIER, "--set", tempDir()], { encoding: "utf8" });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("must hold planted.jsonl and base/");
  });
});
