/** What `partnerpilot lint` reports: the JSON contract of `lint --json` (DESIGN.md). */

export const FINDING_KINDS = ["schema", "stale", "dangling_reference", "duplicate", "contradiction"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** A place in the corpus: path relative to the knowledge directory, 1-based line, the playbook's owner. */
export interface Place {
  path: string;
  line: number;
  /** The playbook's `owner`; empty when the file has no valid front matter. */
  owner: string;
}

export interface Finding {
  kind: FindingKind;
  message: string;
  places: Place[];
}

/** Where a statement stands, as a finding names it. */
export function placeOf(s: { path: string; line: number; owner: string }): Place {
  return { path: s.path, line: s.line, owner: s.owner };
}

/** A statement quoted in a finding's message, cut at `max` characters. */
export function quoted(text: string, max = 160): string {
  return `"${text.length <= max ? text : `${text.slice(0, max - 1)}…`}"`;
}

/** One side of a contradiction as its message shows it: the statement and the value it states. */
export interface ConflictingStatement {
  at: { path: string; line: number; owner: string; text: string };
  value: string;
}

/**
 * A contradiction between two statements, as every detector words it: "{difference}: {value} in path:line "…" vs
 * {value} in path:line "…"", naming both places.
 */
export function conflictFinding(difference: string, a: ConflictingStatement, b: ConflictingStatement): Finding {
  return {
    kind: "contradiction",
    message: `${difference}: ${a.value} in ${a.at.path}:${a.at.line} ${quoted(a.at.text)} vs ${b.value} in ${b.at.path}:${b.at.line} ${quoted(b.at.text)}`,
    places: [placeOf(a.at), placeOf(b.at)],
  };
}

/** A finding the knowledge owners decided to keep, with their reason (from lint-accepted.yml). */
export interface AcceptedFinding extends Finding {
  reason: string;
}

export interface LintReport {
  findings: Finding[];
  accepted: AcceptedFinding[];
  /** How many playbooks were read. */
  playbooks: number;
  /** Owner of each valid playbook, by path. */
  owners: Record<string, string>;
}

/** One side of a conflicting pair: where its statement is, and its value and the other side's, as comparable keys. */
export interface ConflictSide {
  at: { path: string; line: number };
  value: string;
}

/**
 * One conflict per statement and pair of values, the best-ranked kept: a changed value that now disagrees with three
 * restatements of the old one ("5 people" in three playbooks) is one conflict, reported against the closest; a
 * statement disagreeing with two different values elsewhere stays two. Both detectors report through it, each with
 * its own notion of comparable values and of closeness.
 */
export function onePerValue<P>(pairs: readonly P[], rank: (p: P) => number, sides: (p: P) => readonly [ConflictSide, ConflictSide]): P[] {
  const taken = new Set<string>();
  const out: P[] = [];
  for (const p of [...pairs].sort((x, y) => rank(y) - rank(x))) {
    const [a, b] = sides(p);
    const ka = `${a.at.path}:${a.at.line}|${a.value}|${b.value}`;
    const kb = `${b.at.path}:${b.at.line}|${b.value}|${a.value}`;
    if (taken.has(ka) || taken.has(kb)) continue;
    taken.add(ka);
    taken.add(kb);
    out.push(p);
  }
  return out;
}

const KIND_ORDER = new Map(FINDING_KINDS.map((k, i) => [k, i]));

/** Stable order: by kind, then by first place. */
export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)! ||
      (a.places[0]?.path ?? "").localeCompare(b.places[0]?.path ?? "") ||
      (a.places[0]?.line ?? 0) - (b.places[0]?.line ?? 0) ||
      a.message.localeCompare(b.message),
  );
}
