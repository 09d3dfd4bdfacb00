/**
 * The checks every planted-contradiction set shares (test/eval/lint*, each with planted.jsonl and base/): its lines are
 * well formed and it has enough contradictions and decoys, its edits apply to a copy of base without moving a line, and
 * the applier runs it from the command line. Each set's own test adds what is particular to it (its mix of kinds, YAML,
 * decoy spacing).
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import { type AppliedEdit, applyPlanted, loadPlanted, type PlantedRow } from "./apply-planted.mjs";

const APPLIER = path.join(path.dirname(fileURLToPath(import.meta.url)), "apply-planted.mjs");

/**
 * Reads the set in `setDir`, checks every line is well formed and that it has at least `min` contradictions and decoys,
 * and returns them apart (the set's own test then checks its mix).
 */
export function expectWellFormed(setDir: string, min: { planted: number; decoys: number }): { planted: PlantedRow[]; decoys: PlantedRow[] } {
  const { rows, problems } = loadPlanted(path.join(setDir, "planted.jsonl"), path.join(setDir, "base"));
  expect(problems).toEqual([]);
  const planted = rows.filter((r) => !r.decoy);
  const decoys = rows.filter((r) => r.decoy);
  expect(planted.length).toBeGreaterThanOrEqual(min.planted);
  expect(decoys.length).toBeGreaterThanOrEqual(min.decoys);
  return { planted, decoys };
}

/**
 * Applies the set in `setDir` to `out` and checks that every edit applied once, on its own line, keeping the file's
 * line count, never on a line another row names as its conflicts_with place, which is a statement (not blank).
 */
export function expectAppliesCleanly(setDir: string, out: string): { rows: PlantedRow[]; edits: AppliedEdit[] } {
  const baseDir = path.join(setDir, "base");
  const { rows } = loadPlanted(path.join(setDir, "planted.jsonl"), baseDir);
  const { edits, problems } = applyPlanted(rows, out, baseDir);
  expect(problems).toEqual([]);
  expect(edits).toHaveLength(rows.length);
  expect(new Set(edits.map((e) => `${e.path}:${e.line}`)).size).toBe(edits.length);
  const named = new Set(rows.flatMap((r) => (r.conflicts_with ? [`${r.conflicts_with.path}:${r.conflicts_with.line}`] : [])));
  for (const edit of edits) {
    const row = rows.find((r) => r.id === edit.id)!;
    const before = readFileSync(path.join(baseDir, edit.path), "utf8").split("\n");
    const after = readFileSync(path.join(out, edit.path), "utf8").split("\n");
    expect(after).toHaveLength(before.length);
    expect(after[edit.line - 1]).toContain(row.edit.replace);
    expect(named.has(`${edit.path}:${edit.line}`), `${edit.id} rewrites a conflicts_with line`).toBe(false);
  }
  for (const row of rows.filter((r) => r.conflicts_with)) {
    const { path: rel, line } = row.conflicts_with!;
    expect(readFileSync(path.join(baseDir, rel), "utf8").split("\n")[line - 1]?.trim(), `${row.id} conflicts_with a blank line`).toBeTruthy();
  }
  return { rows, edits };
}

/** Runs the applier's `--set` option on `setDir` into `out` and checks it applied every row. */
export function expectAppliesFromCommandLine(setDir: string, out: string): void {
  const run = spawnSync(process.execPath, [APPLIER, "--set", setDir, "--out", out, "--json"], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const result = JSON.parse(run.stdout) as { dir: string; edits: { id: string }[] };
  expect(result.dir).toBe(out);
  expect(result.edits).toHaveLength(loadPlanted(path.join(setDir, "planted.jsonl"), path.join(setDir, "base")).rows.length);
}

/** The applier refuses a directory that holds no set. */
export function expectRefusesDirectoryWithoutSet(dir: string): void {
  const missing = spawnSync(process.execPath, [APPLIER, "--set", dir], { encoding: "utf8" });
  expect(missing.status).toBe(2);
  expect(missing.stderr).toContain("must hold planted.jsonl and base/");
}
