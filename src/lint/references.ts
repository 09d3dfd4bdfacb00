/**
 * Dangling references: a playbook path, Slack channel, form or team that a playbook mentions but no playbook
 * defines. What counts as defining:
 * - a playbook path is defined when the file exists in the corpus (links are resolved from the citing file);
 * - a team is defined when it owns a playbook (`owner`) or a statement opens with its name ("Data Platform
 *   Team: Snowflake…", "Information Security owns…") — the "who owns what" and "contacts" entries;
 * - a channel or form is defined when a statement or table row opens with its name (a directory entry such as
 *   "#ai-help (Slack, continuous): day-to-day questions…"), when a heading names it, or when a team is said to
 *   own, run or maintain it ("AI Enablement Office owns the AI Use Case Intake catalog item").
 */
import path from "node:path";
import type { Finding } from "./findings.ts";
import { escapeRegExp } from "./facts.ts";
import type { Statement } from "./statements.ts";

type RefKind = "playbook" | "channel" | "form" | "team";

interface Mention {
  kind: RefKind;
  name: string;
  statement: Statement;
}

const CHANNEL = /(?<![\w&/#])#([a-z0-9][a-z0-9._-]{0,78}[a-z0-9])\b/g;
const HAS_LETTER = /[a-z]/;
const PLAYBOOK_PATH = /(?<![\w./-])((?:[a-z0-9-]+\/)+[a-z0-9-]+\.md)\b/g;
const LINK = /\]\(([^)#\s]+\.md)(?:#[^)]*)?\)/g;
const QUOTED_FORM = /["“]([^"”]{3,60})["”]\s+(?:form|catalog item|request form)\b/g;
const NAMED_FORM = /\b((?:[A-Z][\w&-]*\s){1,5})(?:form|request form)\b/g;
/** Team-like names: capitalised words ending in a word organisations use for units. */
const TEAM_LIKE = /\b((?:[A-Z][\w&-]*\s){1,4}(?:Team|Office|Board|Committee|Council|Desk|Ops|Operations))\b/g;

export interface ReferenceContext {
  /** Every playbook path in the corpus. */
  paths: ReadonlySet<string>;
  /** Playbook owners (teams that are defined by owning a playbook). */
  owners: readonly string[];
  /** Every heading of every playbook. */
  headings: readonly string[];
}

function clean(name: string): string {
  return name.replace(/^(?:the|a|an|our)\s+/i, "").replace(/\s+/g, " ").trim();
}

export function mentionsIn(statement: Statement): Mention[] {
  const out: Mention[] = [];
  const raw = statement.raw;
  for (const m of raw.matchAll(CHANNEL)) if (HAS_LETTER.test(m[1]!)) out.push({ kind: "channel", name: `#${m[1]}`, statement });
  for (const m of raw.matchAll(PLAYBOOK_PATH)) out.push({ kind: "playbook", name: m[1]!, statement });
  for (const m of raw.matchAll(LINK)) {
    if (/^[a-z]+:/i.test(m[1]!)) continue;
    const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(statement.path), m[1]!));
    if (!out.some((o) => o.kind === "playbook" && o.name === resolved)) out.push({ kind: "playbook", name: resolved, statement });
  }
  const text = statement.text;
  for (const m of text.matchAll(QUOTED_FORM)) out.push({ kind: "form", name: clean(m[1]!), statement });
  for (const m of text.matchAll(NAMED_FORM)) {
    const name = clean(m[1]!);
    if (name && !out.some((o) => o.kind === "form" && o.name === name)) out.push({ kind: "form", name, statement });
  }
  for (const m of text.matchAll(TEAM_LIKE)) out.push({ kind: "team", name: clean(m[1]!), statement });
  return out.filter((m) => m.name.length > 1);
}

/** Whether `statement` defines `name` (see the module comment). */
function defines(statement: Statement, name: string): boolean {
  const n = escapeRegExp(name);
  const opens = new RegExp(`^(?:the\\s+)?(?:\\*\\*)?${n}\\b`, "i");
  if (opens.test(statement.text) || opens.test(statement.text.replace(/^[^:]{0,40}:\s*/, ""))) return true;
  return new RegExp(`\\b(?:owns|runs|maintains|manages)\\s+(?:the\\s+)?(?:ServiceNow\\s+)?["“]?${n}\\b`, "i").test(statement.text);
}

export function findDanglingReferences(statements: Statement[], ctx: ReferenceContext): Finding[] {
  const mentions = statements.flatMap(mentionsIn);
  const known = new Map<string, boolean>();
  const isDefined = (m: Mention): boolean => {
    if (m.kind === "playbook") return ctx.paths.has(m.name);
    const key = `${m.kind}:${m.name.toLowerCase()}`;
    let v = known.get(key);
    if (v === undefined) {
      const lower = m.name.toLowerCase();
      v =
        (m.kind === "team" && ctx.owners.some((o) => clean(o).toLowerCase() === lower || o.toLowerCase().startsWith(`${lower} (`))) ||
        ctx.headings.some((h) => h.toLowerCase().includes(lower)) ||
        statements.some((s) => defines(s, m.name));
      known.set(key, v);
    }
    return v;
  };
  // One finding per undefined name, listing every place that mentions it.
  const dangling = new Map<string, Mention[]>();
  for (const m of mentions) {
    if (isDefined(m)) continue;
    const key = `${m.kind}:${m.name.toLowerCase()}`;
    dangling.set(key, [...(dangling.get(key) ?? []), m]);
  }
  const findings: Finding[] = [];
  for (const group of dangling.values()) {
    const m = group[0]!;
    const what = { playbook: "playbook", channel: "channel", form: "form", team: "team" }[m.kind];
    const hint =
      m.kind === "playbook"
        ? "no such file in the knowledge directory"
        : m.kind === "team"
          ? "no playbook is owned by it and no playbook says what it does (a line starting with its name, as in a \"Who owns what\" list)"
          : "no playbook says what it is (a line or heading starting with its name)";
    const places = new Map<string, Finding["places"][number]>();
    for (const x of group) places.set(`${x.statement.path}:${x.statement.line}`, { path: x.statement.path, line: x.statement.line, owner: x.statement.owner });
    findings.push({
      kind: "dangling_reference",
      message: `${what} ${m.kind === "playbook" || m.kind === "channel" ? m.name : `"${m.name}"`} is mentioned ${places.size === 1 ? "once" : `${places.size} times`} but ${hint}`,
      places: [...places.values()],
    });
  }
  return findings;
}
