/**
 * Lint quality on planted contradictions (test/eval/lint/, format in its README): recall, false findings and
 * false per true, scored as that README says. Pure: the CLI applies the edits and runs the lint.
 */
import type { Finding, Place } from "../lint/findings.ts";

/** One planted row as apply-planted.mjs reports it, with what the scorer needs from the row itself. */
export interface PlantedEdit {
  id: string;
  decoy: boolean;
  kind: string | null;
  reworded: boolean;
  path: string;
  line: number;
  conflicts_with: { path: string; line: number } | null;
  find: string;
  replace: string;
  note: string;
}

export interface LintEvalResult {
  planted: number;
  decoys: number;
  found: number;
  recall: number;
  trueFindings: number;
  falseFindings: number;
  /** false / true: the bar is at most 0.2 (one false per five true). */
  falsePerTrue: number;
  /** Edited-corpus contradiction findings already present in the base corpus (dropped before scoring). */
  alreadyInBase: number;
  /** Findings that touch a decoy's line. */
  decoysFlagged: number;
  byKind: Record<string, { planted: number; found: number }>;
  byReworded: { reworded: { planted: number; found: number }; same: { planted: number; found: number } };
  /** Ids of planted rows not found (only printed with --verbose). */
  missed: string[];
  /** Messages of false findings (only printed with --verbose). */
  falseMessages: string[];
}

const near = (p: Place, path: string, line: number, slack = 2) => p.path === path && Math.abs(p.line - line) <= slack;

/** Words and numbers in `find` that `replace` no longer has: the original value of the edited fact. */
export function originalValue(find: string, replace: string): string[] {
  const after = new Set(replace.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}.,–-]*/gu) ?? []);
  return (find.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}.,–-]*/gu) ?? []).filter((w) => !after.has(w) && (/\d/.test(w) || w.length > 3));
}

/**
 * Scores edited-corpus findings against the planted rows. `baseLines(path)` gives a base file's lines (to find
 * other places stating the original value).
 */
export function scoreLint(
  edits: PlantedEdit[],
  baseFindings: Finding[],
  editedFindings: Finding[],
  baseLines: (path: string) => string[] | undefined,
): LintEvalResult {
  const contradictions = (fs: Finding[]) => fs.filter((f) => f.kind === "contradiction");
  const base = contradictions(baseFindings);
  const edited = contradictions(editedFindings);
  const fresh = edited.filter((f) => !base.some((b) => f.places.every((p) => b.places.some((q) => near(p, q.path, q.line)))));
  const planted = edits.filter((e) => !e.decoy);

  const otherSide = (e: PlantedEdit, p: Place): boolean => {
    if (e.conflicts_with && near(p, e.conflicts_with.path, e.conflicts_with.line)) return true;
    const value = originalValue(e.find, e.replace);
    for (const m of e.note.matchAll(/([a-z0-9-]+\/[a-z0-9-]+\.md)(?::(\d+)|,? line (\d+))?/g)) {
      const line = Number(m[2] ?? m[3]);
      if (line ? near(p, m[1]!, line) : p.path === m[1] && statesValue(p, value)) return true;
    }
    return statesValue(p, value);
  };
  const statesValue = (p: Place, value: string[]) => {
    const text = baseLines(p.path)?.[p.line - 1]?.toLowerCase();
    return text !== undefined && value.length > 0 && value.some((v) => new RegExp(`(^|[^\\p{L}\\p{N}])${escape(v)}($|[^\\p{L}\\p{N}])`, "u").test(text));
  };
  const isTrueFor = (f: Finding, e: PlantedEdit) => {
    const i = f.places.findIndex((p) => near(p, e.path, e.line));
    return i >= 0 && f.places.some((p, j) => j !== i && otherSide(e, p));
  };

  // Each finding counts for one row at most: maximum bipartite matching (augmenting paths).
  const owner = new Array<number>(fresh.length).fill(-1);
  const tryRow = (r: number, seen: Set<number>): boolean => {
    for (let f = 0; f < fresh.length; f++) {
      if (seen.has(f) || !isTrueFor(fresh[f]!, planted[r]!)) continue;
      seen.add(f);
      if (owner[f] === -1 || tryRow(owner[f]!, seen)) {
        owner[f] = r;
        return true;
      }
    }
    return false;
  };
  planted.forEach((_, r) => tryRow(r, new Set()));
  const foundRows = new Set(owner.filter((r) => r >= 0));
  const trueFindings = owner.filter((r) => r >= 0).length;
  const falseIdx = fresh.map((_, i) => i).filter((i) => owner[i] === -1);
  const decoys = edits.filter((e) => e.decoy);
  const tally = (rows: PlantedEdit[]) => ({ planted: rows.length, found: rows.filter((e) => foundRows.has(planted.indexOf(e))).length });
  const byKind: LintEvalResult["byKind"] = {};
  for (const k of [...new Set(planted.map((e) => e.kind ?? "other"))].sort()) byKind[k] = tally(planted.filter((e) => (e.kind ?? "other") === k));
  return {
    planted: planted.length,
    decoys: decoys.length,
    found: foundRows.size,
    recall: planted.length ? foundRows.size / planted.length : 0,
    trueFindings,
    falseFindings: falseIdx.length,
    falsePerTrue: trueFindings ? falseIdx.length / trueFindings : falseIdx.length > 0 ? Infinity : 0,
    alreadyInBase: edited.length - fresh.length,
    decoysFlagged: fresh.filter((f) => f.places.some((p) => decoys.some((d) => near(p, d.path, d.line)))).length,
    byKind,
    byReworded: { reworded: tally(planted.filter((e) => e.reworded)), same: tally(planted.filter((e) => !e.reworded)) },
    missed: planted.filter((_, r) => !foundRows.has(r)).map((e) => e.id),
    falseMessages: falseIdx.map((i) => fresh[i]!.message),
  };
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
