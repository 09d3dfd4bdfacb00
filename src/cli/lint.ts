import path from "node:path";
import type { Clock } from "../clock.ts";
import { type AcceptedFinding, type Finding, FINDING_KINDS, type LintReport } from "../lint/findings.ts";
import { LintInputError, lintKnowledge } from "../lint/lint.ts";
import { corpusAtRevision } from "./git-baseline.ts";

const LABEL: Record<Finding["kind"], string> = {
  schema: "schema",
  stale: "past review",
  dangling_reference: "dangling reference",
  duplicate: "duplicate",
  contradiction: "contradiction",
};

/**
 * `partnerpilot lint [--dir D] [--json] [--baseline B | --since REF]`. Returns the exit code: 0 clean (accepted findings do not
 * count), 1 findings. A missing directory (the corpus or the baseline) throws LintInputError (exit 2, from main).
 */
export async function runLint(opts: { dir: string; json?: boolean; baseline?: string; since?: string }, clock: Clock, out: (s: string) => void): Promise<number> {
  if (opts.baseline !== undefined && opts.since !== undefined) throw new LintInputError("give either --baseline DIR or --since REF, not both");
  const baseline =
    opts.since !== undefined
      ? { baseline: await corpusAtRevision(opts.dir, opts.since), baselineLabel: opts.since }
      : opts.baseline !== undefined
        ? { baselineDir: opts.baseline, baselineLabel: "the approved copy" }
        : {};
  const report = await lintKnowledge(opts.dir, { now: clock(), ...baseline });
  if (opts.json) out(`${JSON.stringify({ findings: report.findings, accepted: report.accepted })}\n`);
  else out(formatReport(report, opts.dir));
  return report.findings.length > 0 ? 1 : 0;
}

/** Text for knowledge owners: each owner's findings together (a conflict between two owners is under both). */
export function formatReport(report: LintReport, dir: string): string {
  const lines: string[] = [];
  const byOwner = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const owners = [...new Set(f.places.map((p) => p.owner || "(no owner: fix the front matter)"))];
    if (owners.length === 0) owners.push("(whole corpus)");
    for (const o of owners) byOwner.set(o, [...(byOwner.get(o) ?? []), f]);
  }
  for (const owner of [...byOwner.keys()].sort()) {
    const findings = byOwner.get(owner)!;
    lines.push(`${owner} — ${findings.length} ${findings.length === 1 ? "finding" : "findings"}`);
    for (const f of findings) lines.push(...describe(f));
    lines.push("");
  }
  if (report.accepted.length > 0) {
    lines.push(`Accepted (${report.accepted.length}, listed in lint-accepted.yml)`);
    for (const f of report.accepted) lines.push(...describe(f), `      accepted because: ${(f as AcceptedFinding).reason}`);
    lines.push("");
  }
  const counts = FINDING_KINDS.map((k) => [k, report.findings.filter((f) => f.kind === k).length] as const).filter(([, n]) => n > 0);
  lines.push(
    report.findings.length === 0
      ? `${path.normalize(dir)}: ${report.playbooks} playbooks, no findings${report.accepted.length ? ` (${report.accepted.length} accepted)` : ""}.`
      : `${path.normalize(dir)}: ${report.playbooks} playbooks, ${report.findings.length} findings: ${counts.map(([k, n]) => `${n} ${LABEL[k]}`).join(", ")}${report.accepted.length ? `; ${report.accepted.length} accepted` : ""}.`,
  );
  return `${lines.join("\n")}\n`;
}

function describe(f: Finding): string[] {
  const where = f.places.map((p) => `${p.path}:${p.line}`).slice(0, 4).join(" ↔ ") + (f.places.length > 4 ? ` (+${f.places.length - 4} more)` : "");
  return [`  ${LABEL[f.kind].padEnd(18)} ${where}`, `      ${f.message}`];
}
