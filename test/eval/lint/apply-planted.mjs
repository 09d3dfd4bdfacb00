#!/usr/bin/env node
// Applies the planted edits of test/eval/lint/planted.jsonl to a copy of test/eval/lint/base/.
//
//   node test/eval/lint/apply-planted.mjs [--set DIR] [--out DIR] [--only planted|decoys|all] [--json]
//
// --set DIR applies another set laid out the same way (DIR/planted.jsonl and DIR/base/, for example
// test/eval/lint-dev-2); without it the set is this directory's.
// Without --out the copy goes to a new temporary directory. Prints the directory, or with --json one object:
//   {"dir": "...", "edits": [{"id", "decoy", "kind", "path", "line", "conflicts_with"}]}
// where `line` is the 1-based line of the edited statement in the edited file (edits never add or remove
// lines, so base line numbers stay valid). Exits 1 with one line per problem when an edit's `find` is
// missing or occurs more than once, a replacement spans lines, an id repeats, or a `conflicts_with` place
// does not exist in base. The eval imports `loadPlanted` and `applyPlanted` from here.
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const BASE_DIR = path.join(HERE, "base");
export const PLANTED_FILE = path.join(HERE, "planted.jsonl");
const KINDS = new Set(["number", "duration", "threshold", "permission", "team"]);

/** Reads planted.jsonl and checks each line's shape; returns { rows, problems }. */
export function loadPlanted(file = PLANTED_FILE, baseDir = BASE_DIR) {
  const problems = [];
  const rows = [];
  const ids = new Set();
  readFileSync(file, "utf8").split("\n").forEach((text, index) => {
    if (!text.trim()) return;
    const where = `${path.basename(file)}:${index + 1}`;
    let row;
    try {
      row = JSON.parse(text);
    } catch (error) {
      problems.push(`${where}: not JSON (${error.message})`);
      return;
    }
    const edit = row.edit ?? {};
    if (typeof row.id !== "string" || !row.id) problems.push(`${where}: missing id`);
    else if (ids.has(row.id)) problems.push(`${where}: duplicate id ${row.id}`);
    ids.add(row.id);
    for (const key of ["path", "find", "replace"]) {
      if (typeof edit[key] !== "string" || !edit[key]) problems.push(`${where} ${row.id}: edit.${key} missing`);
    }
    if (/[\r\n]/.test(edit.find ?? "") || /[\r\n]/.test(edit.replace ?? "")) {
      problems.push(`${where} ${row.id}: find/replace must stay on one line so line numbers do not move`);
    }
    if (edit.find === edit.replace) problems.push(`${where} ${row.id}: replace equals find`);
    if (row.decoy === true) {
      if (row.conflicts_with) problems.push(`${where} ${row.id}: a decoy has no conflicts_with`);
    } else {
      if (!KINDS.has(row.kind)) problems.push(`${where} ${row.id}: kind must be one of ${[...KINDS].join("|")}`);
      const c = row.conflicts_with ?? {};
      const target = typeof c.path === "string" ? path.join(baseDir, c.path) : "";
      if (!target || !existsSync(target)) problems.push(`${where} ${row.id}: conflicts_with.path not in base`);
      else {
        const count = readFileSync(target, "utf8").split("\n").length;
        if (!Number.isInteger(c.line) || c.line < 1 || c.line > count) {
          problems.push(`${where} ${row.id}: conflicts_with.line ${c.line} outside ${c.path} (1-${count})`);
        }
      }
    }
    rows.push(row);
  });
  return { rows, problems };
}

/** Copies baseDir to outDir and applies rows in order; returns { edits, problems }. */
export function applyPlanted(rows, outDir, baseDir = BASE_DIR) {
  cpSync(baseDir, outDir, { recursive: true });
  const problems = [];
  const edits = [];
  for (const row of rows) {
    const { path: rel, find, replace } = row.edit;
    const file = path.join(outDir, rel);
    if (!existsSync(file)) {
      problems.push(`${row.id}: ${rel} does not exist in base`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const first = text.indexOf(find);
    if (first < 0) {
      problems.push(`${row.id}: find not found in ${rel} (or an earlier edit changed it)`);
      continue;
    }
    if (text.indexOf(find, first + 1) >= 0) {
      problems.push(`${row.id}: find occurs more than once in ${rel}`);
      continue;
    }
    writeFileSync(file, text.slice(0, first) + replace + text.slice(first + find.length));
    edits.push({
      id: row.id,
      decoy: row.decoy === true,
      kind: row.kind ?? null,
      path: rel,
      line: text.slice(0, first).split("\n").length,
      conflicts_with: row.conflicts_with ?? null,
    });
  }
  return { edits, problems };
}

function main(argv) {
  const arg = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const only = arg("--only") ?? "all";
  if (!["all", "planted", "decoys"].includes(only)) {
    console.error(`--only must be planted, decoys or all (got "${only}")`);
    return 2;
  }
  const set = arg("--set");
  const plantedFile = set ? path.resolve(set, "planted.jsonl") : PLANTED_FILE;
  const baseDir = set ? path.resolve(set, "base") : BASE_DIR;
  if (set && (!existsSync(plantedFile) || !existsSync(baseDir))) {
    console.error(`--set ${set}: the directory must hold planted.jsonl and base/`);
    return 2;
  }
  const { rows, problems } = loadPlanted(plantedFile, baseDir);
  const chosen = rows.filter((r) => only === "all" || (only === "decoys") === (r.decoy === true));
  const outDir = arg("--out") ?? mkdtempSync(path.join(os.tmpdir(), "lint-planted-"));
  const applied = applyPlanted(chosen, outDir, baseDir);
  const all = [...problems, ...applied.problems];
  if (all.length) {
    for (const p of all) console.error(p);
    return 1;
  }
  if (argv.includes("--json")) console.log(JSON.stringify({ dir: outDir, edits: applied.edits }));
  else console.log(outDir);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
