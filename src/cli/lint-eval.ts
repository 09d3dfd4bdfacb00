import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type LintEvalResult, type PlantedEdit, scoreLint } from "../evaluation/lint.ts";
import { lintKnowledge } from "../lint/lint.ts";

export type { LintEvalResult };

interface PlantedModule {
  BASE_DIR: string;
  loadPlanted(file?: string, baseDir?: string): { rows: PlantedRow[]; problems: string[] };
  applyPlanted(rows: PlantedRow[], outDir: string, baseDir?: string): { edits: AppliedEdit[]; problems: string[] };
}
interface PlantedRow {
  id: string;
  reworded?: boolean;
  edit: { path: string; find: string; replace: string };
  note: string;
}
interface AppliedEdit {
  id: string;
  decoy: boolean;
  kind: string | null;
  path: string;
  line: number;
  conflicts_with: { path: string; line: number } | null;
}

/**
 * Lint a frozen base corpus and the same corpus with planted contradictions, scored two ways: the edited copy on its
 * own (the whole corpus against itself) and as a knowledge owner's change to the approved corpus (`lint --baseline
 * base/`); undefined when the set is absent. `dir` holds planted.jsonl and base/; the applier is the held-out set's
 * (test/eval/lint/apply-planted.mjs), so the development set (test/eval/lint-dev/) is applied and scored exactly like
 * the held-out one.
 */
export async function runLintEval(
  dir: string,
  applier = path.join(dir, "..", "lint", "apply-planted.mjs"),
): Promise<{ wholeCorpus: LintEvalResult; sinceBaseline: LintEvalResult } | undefined> {
  const script = existsSync(path.join(dir, "apply-planted.mjs")) ? path.join(dir, "apply-planted.mjs") : applier;
  const plantedFile = path.join(dir, "planted.jsonl");
  const baseDir = path.join(dir, "base");
  if (!existsSync(script) || !existsSync(plantedFile) || !existsSync(baseDir)) return undefined;
  const mod = (await import(pathToFileURL(script).href)) as PlantedModule;
  const { rows, problems } = mod.loadPlanted(plantedFile, baseDir);
  if (problems.length > 0) throw new Error(`${path.relative(".", plantedFile)}: ${problems.join("; ")}`);
  const out = mkdtempSync(path.join(tmpdir(), "pp-lint-eval-"));
  try {
    const applied = mod.applyPlanted(rows, out, baseDir);
    if (applied.problems.length > 0) throw new Error(`${path.relative(".", dir)}: ${applied.problems.join("; ")}`);
    // The date only matters for staleness, which the score ignores.
    const now = new Date("2026-12-01T00:00:00Z");
    const base = await lintKnowledge(baseDir, { now });
    const edited = await lintKnowledge(out, { now });
    const changed = await lintKnowledge(out, { now, baselineDir: baseDir });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const edits: PlantedEdit[] = applied.edits.map((e) => {
      const row = byId.get(e.id)!;
      return { ...e, reworded: row.reworded ?? false, find: row.edit.find, replace: row.edit.replace, note: row.note };
    });
    const lines = new Map<string, string[] | undefined>();
    const baseLines = (p: string) => {
      if (!lines.has(p)) {
        const file = path.join(baseDir, p);
        lines.set(p, existsSync(file) ? readFileSync(file, "utf8").split(/\r?\n/) : undefined);
      }
      return lines.get(p);
    };
    return {
      wholeCorpus: scoreLint(edits, base.findings, edited.findings, baseLines),
      sinceBaseline: scoreLint(edits, base.findings, changed.findings, baseLines),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function printLintEval(r: LintEvalResult, verbose: boolean, title = "planted contradictions (test/eval/lint/)"): void {
  const pct = (x: number) => x.toFixed(3);
  console.log(`\n=== lint: ${title} ===`);
  console.log(`planted ${r.planted}, decoys ${r.decoys}; found ${r.found}: recall ${pct(r.recall)}`);
  console.log(
    `findings: ${r.trueFindings} true, ${r.falseFindings} false → false per true ${Number.isFinite(r.falsePerTrue) ? pct(r.falsePerTrue) : "∞"} (bar ≤ 0.200); ` +
      `${r.decoysFlagged} on decoys; ${r.alreadyInBase} already in the base corpus (not counted)`,
  );
  console.log(`by kind: ${Object.entries(r.byKind).map(([k, v]) => `${k} ${v.found}/${v.planted}`).join(", ")}`);
  console.log(`reworded ${r.byReworded.reworded.found}/${r.byReworded.reworded.planted}, same words ${r.byReworded.same.found}/${r.byReworded.same.planted}`);
  if (verbose) {
    console.log(`missed: ${r.missed.join(", ") || "none"}`);
    for (const m of r.falseMessages) console.log(`  false: ${m}`);
  }
}
