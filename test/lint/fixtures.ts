import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Finding } from "../../src/lint/findings.ts";
import { lintSources } from "../../src/lint/lint.ts";
import { listFiles } from "../../src/retrieval/playbooks.ts";
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

/** The shipped playbooks (knowledge/), as the lint reads them. */
export async function shippedSources(): Promise<{ path: string; text: string }[]> {
  const dir = path.resolve("knowledge");
  return Promise.all((await listFiles(dir)).map(async (p) => ({ path: p, text: await readFile(path.join(dir, p), "utf8") })));
}

/**
 * The contradictions the lint reports on line `line` of `file` when the shipped corpus has `find` in that file
 * replaced by `replace`: one edit, as a knowledge owner would make it.
 */
/** The line (1-based, in the file) where `text` first occurs in one of the sources. */
export function lineOf(sources: { path: string; text: string }[], file: string, text: string): number {
  const source = sources.find((s) => s.path === file)?.text ?? "";
  const at = source.indexOf(text);
  if (at < 0) throw new Error(`${file} no longer contains ${JSON.stringify(text)}`);
  return source.slice(0, at).split("\n").length;
}

/**
 * The contradictions reported at the edited line after one edit of the sources (the line where `find` was, unless
 * given), so a test names text, not line numbers that move whenever a playbook grows.
 */
export function contradictionsAfterEdit(sources: { path: string; text: string }[], edit: { file: string; find: string; replace: string; line?: number }): Finding[] {
  const line = edit.line ?? lineOf(sources, edit.file, edit.find);
  const edited = sources.map((s) => (s.path === edit.file ? { ...s, text: s.text.replace(edit.find, edit.replace) } : s));
  return lintSources(edited, { now: NOW }).findings.filter((f) => f.kind === "contradiction" && f.places.some((p) => p.path === edit.file && p.line === line));
}
