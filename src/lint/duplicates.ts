/**
 * Duplicate passages: statements in different playbooks whose word shingles (4 stems in a row) overlap by
 * Jaccard >= 0.6. Exact Jaccard through an inverted index of shingles, not MinHash: a corpus of a few thousand
 * statements is small enough to count shared shingles per pair directly, which has no false negatives.
 */
import { terms } from "../retrieval/text.ts";
import type { Finding } from "./findings.ts";
import type { Statement } from "./statements.ts";

const SHINGLE = 4;
/** Statements shorter than this (in content words) are boilerplate-sized and not compared. */
const MIN_WORDS = 12;
export const DUPLICATE_JACCARD = 0.6;

export function findDuplicates(statements: Statement[], threshold = DUPLICATE_JACCARD): Finding[] {
  const shingles: Set<string>[] = statements.map((s) => {
    const t = terms(s.text);
    const set = new Set<string>();
    if (t.length >= MIN_WORDS) for (let i = 0; i + SHINGLE <= t.length; i++) set.add(t.slice(i, i + SHINGLE).join(" "));
    return set;
  });
  const postings = new Map<string, number[]>();
  shingles.forEach((set, i) => {
    for (const sh of set) {
      const list = postings.get(sh);
      if (list) list.push(i);
      else postings.set(sh, [i]);
    }
  });
  const findings: Finding[] = [];
  const reported = new Set<string>();
  shingles.forEach((set, i) => {
    const shared = new Map<number, number>();
    for (const sh of set) for (const j of postings.get(sh)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, count] of shared) {
      const a = statements[i]!;
      const b = statements[j]!;
      if (a.path === b.path) continue;
      const jaccard = count / (set.size + shingles[j]!.size - count);
      if (jaccard < threshold) continue;
      const key = `${a.path}:${a.line}|${b.path}:${b.line}`;
      if (reported.has(key)) continue;
      reported.add(key);
      findings.push({
        kind: "duplicate",
        message: `${jaccard >= 0.999 ? "the same passage" : `near-duplicate passages (${Math.round(jaccard * 100)}% of word sequences shared)`} in ${a.path}:${a.line} and ${b.path}:${b.line}: "${clip(a.text)}" — keep it in one playbook and point to it from the other`,
        places: [
          { path: a.path, line: a.line, owner: a.owner },
          { path: b.path, line: b.line, owner: b.owner },
        ],
      });
    }
  });
  return findings;
}

function clip(s: string, max = 120): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
