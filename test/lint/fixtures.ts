import type { Finding } from "../../src/lint/findings.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { playbookText } from "../support/fixtures-knowledge.ts";

/** The lint tests' "now": every fixture playbook below was reviewed a month before it, so none is stale. */
export const NOW = new Date("2026-12-01T12:00:00Z");

/** A fixture playbook `id` owned by `owner`, its body under the title; `extra` front matter (aliases, systems, …). */
export function fixturePlaybook(id: string, owner: string, body: string, extra: Record<string, unknown> = {}): string {
  return playbookText({ id, title: `Playbook ${id}`, owner, reviewed: "2026-11-01", tags: ["fixture"], ...extra }, `# Playbook ${id}\n\n${body}`);
}

/** The contradictions the lint finds in the given corpus (path → Markdown text). */
export function contradictions(files: Record<string, string>): Finding[] {
  return lintSources(Object.entries(files).map(([path, text]) => ({ path, text })), { now: NOW }).findings.filter((f) => f.kind === "contradiction");
}
