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
