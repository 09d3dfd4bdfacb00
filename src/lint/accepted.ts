/**
 * Accepted findings: `lint-accepted.yml` in the knowledge directory lists findings the knowledge owners decided
 * to keep, each with a reason, so the shipped corpus lints clean while the decision stays visible.
 *
 * ```yaml
 * accepted:
 *   - kind: contradiction
 *     paths: [governance/data-privacy.md, integrations/slack.md]   # every path the finding names
 *     contains: "30 days"                                           # optional: text in the finding's message
 *     reason: Slack's own retention differs on purpose; see the Slack playbook.
 * ```
 */
import { LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { FINDING_KINDS, type AcceptedFinding, type Finding } from "./findings.ts";

export const ACCEPTED_FILE = "lint-accepted.yml";

const EntrySchema = z
  .object({
    kind: z.enum(FINDING_KINDS),
    paths: z.array(z.string().min(1)).min(1, "needs at least one path"),
    contains: z.string().min(1).optional(),
    reason: z.string().min(10, "must say why (at least 10 characters)"),
  })
  .strict();

const FileSchema = z.object({ accepted: z.array(EntrySchema).default([]) }).strict();

export type AcceptedEntry = z.infer<typeof EntrySchema> & { line: number };

/** Parses the accepted-findings file. Problems come back as schema findings on the file (never thrown). */
export function parseAccepted(text: string): { entries: AcceptedEntry[]; problems: Finding[] } {
  const problem = (line: number, message: string): Finding => ({
    kind: "schema",
    message: `${ACCEPTED_FILE}: ${message}`,
    places: [{ path: ACCEPTED_FILE, line, owner: "" }],
  });
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { entries: [], problems: doc.errors.map((e) => problem(e.linePos?.[0]?.line ?? 1, `not valid YAML: ${e.message.split("\n")[0]}`)) };
  }
  const data = (doc.toJS() as unknown) ?? {};
  const parsed = FileSchema.safeParse(data);
  const itemLines = entryLines(doc, lineCounter);
  if (!parsed.success) {
    return {
      entries: [],
      problems: parsed.error.issues.map((issue) => {
        const index = typeof issue.path[1] === "number" ? issue.path[1] : undefined;
        const where = issue.path.length > 0 ? `"${issue.path.join(".")}" ` : "";
        const message = issue.code === "unrecognized_keys" ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")} (allowed: kind, paths, contains, reason)` : `${where}${issue.message}`;
        return problem(index !== undefined ? (itemLines[index] ?? 1) : 1, message);
      }),
    };
  }
  return { entries: parsed.data.accepted.map((e, i) => ({ ...e, line: itemLines[i] ?? 1 })), problems: [] };
}

function entryLines(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter): number[] {
  const accepted = (doc.contents as { get?: (k: string, keep: boolean) => unknown } | null)?.get?.("accepted", true) as
    | { items?: { range?: [number, number, number] }[] }
    | undefined;
  return (accepted?.items ?? []).map((item) => (item.range ? lineCounter.linePos(item.range[0]).line : 1));
}

function matches(entry: AcceptedEntry, finding: Finding): boolean {
  if (entry.kind !== finding.kind) return false;
  const paths = new Set(finding.places.map((p) => p.path));
  if (paths.size !== new Set(entry.paths).size || !entry.paths.every((p) => paths.has(p))) return false;
  return entry.contains === undefined || finding.message.includes(entry.contains);
}

/**
 * Splits findings into open and accepted. An entry that matches no finding is itself reported (the conflict
 * was fixed or the text moved: remove the entry), so acceptances cannot silently outlive their reason.
 */
export function applyAccepted(findings: Finding[], entries: AcceptedEntry[]): { open: Finding[]; accepted: AcceptedFinding[] } {
  const open: Finding[] = [];
  const accepted: AcceptedFinding[] = [];
  const used = new Set<AcceptedEntry>();
  for (const f of findings) {
    const entry = entries.find((e) => matches(e, f));
    if (entry) {
      used.add(entry);
      accepted.push({ ...f, reason: entry.reason });
    } else open.push(f);
  }
  for (const e of entries) {
    if (used.has(e)) continue;
    open.push({
      kind: "schema",
      message: `${ACCEPTED_FILE}: the accepted ${e.kind} for ${e.paths.join(", ")}${e.contains ? ` ("${e.contains}")` : ""} matches no finding any more; remove the entry`,
      places: [{ path: ACCEPTED_FILE, line: e.line, owner: "" }],
    });
  }
  return { open, accepted };
}
