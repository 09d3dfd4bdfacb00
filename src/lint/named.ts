/**
 * Named subjects: a value is about the named thing it is attached to, whatever else the sentence says. "the
 * fortnightly CAB" and "Change Advisory Board: IT Platform Team's weekly board" give one board two cadences; "the
 * two-week Standard security review" and "**Standard review, 15 business days**" give one review two lengths; "Approval:
 * the line manager" in the item labelled "Tier 1 - Low" and "Line manager: Tier 1 use cases" under "Who signs off" name
 * one approver. The other detectors weigh all the words of two statements, which such pairs share too few of.
 *
 * A name is one the corpus itself uses as a name: an item's label (its bold lead or the words before its colon, which
 * every sentence split from the item keeps), a run of capitalised words ("Microsoft 365 Copilot", "Tier 1"), or an
 * acronym the corpus defines or spells out ("CAB" = "Change Advisory Board"). Names are compared by their word stems,
 * acronyms expanded, so "the Standard security review" names the label "Standard review" (one word may sit between).
 * A value is attached to a name only when nothing else stands between them: "the fortnightly CAB", "Standard security
 * review (about a week)", "15 business days of Standard review", the label's own value ("Standard review, 15 business
 * days: …") or the label's head noun ("weekly board" in the Change Advisory Board's item). Only values of one kind
 * attached to one name are compared.
 */
import { stem } from "../retrieval/text.ts";
import { actionGroup, isExample, quantityFamily } from "./contradictions.ts";
import { labelledTeam, quantities, type QuantityFact, sameValue, type TeamFact, teams as teamMentions } from "./facts.ts";
import { conflictFinding, type Finding } from "./findings.ts";
import { scopeOf, scopesDiffer } from "./scope.ts";
import { canonicalTeam } from "./restatements.ts";
import { labelOf, NOT_NAMES, plainText, type Statement } from "./statements.ts";

export interface NamedOptions {
  /** Known team and role names: actors, never the named subject. */
  teams: readonly string[];
  /** Acronym as written → what it stands for (acronyms.ts). */
  acronyms: ReadonlyMap<string, string>;
  /** Per playbook path, the system an integration playbook is about (its first `systems` entry). */
  ownSystems?: ReadonlyMap<string, string>;
}

/** A name that holds values of one kind in more statements than this names a kind of thing, not one thing. */
const MAX_HOLDERS = 6;
/** Two figures further apart than this factor are not one figure drifted. */
const MAX_RATIO = 12;
/** Words a name skips ("Head of Finance", "Sales and Marketing"). */
const LINKS = new Set(["the", "a", "an", "of", "and", "&", "for", "to", "in", "on", "s"]);

interface Word {
  key: string;
  start: number;
  end: number;
}

/** The words of a text as name keys (stems, digits kept), acronyms spelt out, with their offsets. */
export function nameWords(text: string, acronyms: ReadonlyMap<string, string>): Word[] {
  const out: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}&]*/gu)) {
    const w = m[0];
    const start = m.index!;
    const end = start + w.length;
    const expansion = /^[A-Z][A-Z0-9]{1,5}$/.test(w) ? acronyms.get(w) : undefined;
    for (const x of expansion ? expansion.split(/[^\p{L}\p{N}&]+/u) : [w]) {
      const lw = x.toLowerCase();
      if (!lw || LINKS.has(lw)) continue;
      out.push({ key: /^\d/.test(lw) ? lw : stem(lw), start, end });
    }
  }
  return out;
}

/** A name's key: its words' stems in order, acronyms spelt out ("CAB" and "Change Advisory Board": "chang advisori board"). */
export function nameKey(name: string, acronyms: ReadonlyMap<string, string>): string {
  return nameWords(name.replace(/\([^)]*\)/g, " "), acronyms)
    .map((w) => w.key)
    .join(" ");
}


/** Runs of capitalised words and numbers ("Microsoft 365 Copilot", "Tier 1", "Change Advisory Board"). */
const CAPITALISED_RUN = /\b[A-Z][\p{L}\p{N}&'-]*(?:\s+(?:[A-Z][\p{L}\p{N}&'-]*|\d+(?![\d.,]*\s*%))){1,4}/gu;

export interface Lexicon {
  /** Name key → a name as written (for messages). */
  names: Map<string, string>;
  /** First word key → the keys of the names starting with it. */
  byFirst: Map<string, string[]>;
}

/** The names the corpus uses: items' labels, capitalised runs and spelt-out acronyms (teams are actors, not names). */
export function buildLexicon(statements: readonly Statement[], opts: NamedOptions): Lexicon {
  const names = new Map<string, string>();
  const add = (name: string) => {
    const key = nameKey(name, opts.acronyms);
    const parts = key.split(" ").filter(Boolean);
    // One word is a kind of thing ("Pilot", "Memory", "Duration"), unless it is an acronym spelt out.
    // A date ("Q3 2026", "2 February 2025") is when, not what.
    if (parts.length < 2 || NOT_NAMES.test(name.split(/\s+/)[0]!) || /\b(?:19|20)\d\d\b/.test(name)) return;
    if (!names.has(key)) names.set(key, name);
  };
  const raws = new Set<string>();
  for (const s of statements) {
    if (!raws.has(s.raw)) {
      raws.add(s.raw);
      const label = labelOf(s.raw);
      if (label) add(label.label);
    }
    for (const m of s.text.matchAll(CAPITALISED_RUN)) add(m[0].replace(/^(?:The|A|An)\s+/, ""));
  }
  for (const [acronym, expansion] of opts.acronyms) {
    add(acronym);
    add(expansion);
  }
  const byFirst = new Map<string, string[]>();
  for (const key of names.keys()) {
    const first = key.split(" ")[0]!;
    byFirst.set(first, [...(byFirst.get(first) ?? []), key]);
  }
  return { names, byFirst };
}

export interface Mention {
  key: string;
  start: number;
  end: number;
}

/**
 * The names a text mentions: each name's words in order, at most one other word among them ("the Standard security
 * review" mentions "Standard review"); the longest mention of a place wins.
 */
export function mentions(text: string, lexicon: Lexicon, acronyms: ReadonlyMap<string, string>): Mention[] {
  const ws = nameWords(text, acronyms);
  const found: Mention[] = [];
  ws.forEach((w, i) => {
    for (const key of lexicon.byFirst.get(w.key) ?? []) {
      const parts = key.split(" ");
      let j = i;
      let gaps = 0;
      let k = 1;
      for (; k < parts.length && j + 1 < ws.length; ) {
        if (ws[j + 1]!.key === parts[k]) {
          j++;
          k++;
        } else if (gaps === 0 && j + 2 < ws.length && ws[j + 2]!.key === parts[k] && ws[j + 1]!.start > ws[j]!.start) {
          gaps++;
          j += 2;
          k++;
        } else break;
      }
      if (k === parts.length) found.push({ key, start: w.start, end: ws[j]!.end });
    }
  });
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const out: Mention[] = [];
  for (const m of found) if (!out.some((o) => o.start < m.end && m.start < o.end)) out.push(m);
  return out.sort((a, b) => a.start - b.start);
}

/** Nothing but a hyphen, spaces or an article between a value and the name after it ("the fortnightly CAB"). */
const BEFORE_NAME = /^[\s-]*$/;
/** A name and then its value: "Standard security review (about a week)", "Standard review, 15 business days". */
const AFTER_NAME = /^\s*(?:[(,:]|[–—-])\s*(?:about|around|roughly|approximately|up to|at least|at most|within|typically|usually)?\s*$/i;
/** A name, the noun it qualifies and its value in parentheses: "the M365 Copilot pilot group (about 500 people)". */
const AFTER_NAMED_NOUN = /^(?:\s+[a-z][a-z-]*){1,2}\s*\(\s*(?:about|around|roughly|approximately|up to|at least|at most|typically|usually)?\s*$/;

/**
 * The named thing a value is attached to, if any (exported for tests): the name right after or right before it, the
 * name after "of" ("15 business days of Standard review"), the item's label when the value sits in the label itself
 * or before the label's head noun ("weekly board" in "Change Advisory Board: …").
 */
export function attachedName(statement: Statement, q: QuantityFact, found: readonly Mention[], label: { key: string; colon: boolean } | undefined): string | undefined {
  const text = statement.text;
  for (const m of found) {
    if (m.start >= q.end && BEFORE_NAME.test(text.slice(q.end, m.start))) return m.key;
    if (m.start >= q.end && /^\s+of\s+(?:the\s+)?$/i.test(text.slice(q.end, m.start))) return m.key;
    // "Name, value" only as a label's own value ("Standard review, 15 business days"); mid-sentence a comma ends a phrase.
    const between = text.slice(m.end, q.start);
    if (m.end <= q.start && AFTER_NAME.test(between) && (m.start === 0 || !between.includes(","))) return m.key;
    if (m.end <= q.start && AFTER_NAMED_NOUN.test(between)) return m.key;
  }
  if (!label) return undefined;
  const labelHere = found.find((m) => m.key === label.key && m.start === 0);
  // The label's own value: "Standard review, 15 business days: Confidential data …".
  if (labelHere && label.colon && q.start < (text.indexOf(":") >>> 0)) return label.key;
  // The label's head noun after the value: "Change Advisory Board: IT Platform Team's weekly board".
  const head = label.key.split(" ").at(-1)!;
  const next = /^[\s-]+([\p{L}]+)/u.exec(text.slice(q.end))?.[1];
  if (next && stem(next.toLowerCase()) === head) return label.key;
  return undefined;
}

interface Held {
  statement: Statement;
  name: string;
  group: string;
  fact: QuantityFact | TeamFact;
  value: string;
  quantities: QuantityFact[];
  /** The key of the statement's item label, if the item has one that is a name. */
  labelKey?: string;
}

/** Who-owns-what headings name the action of every line under them ("Who signs off": approving). */
function headingAction(s: Statement): string | undefined {
  const h = s.headings.at(-1) ?? "";
  if (/\b(?:signs? off|approv\w*|sign-off)\b/i.test(h)) return "decide";
  if (/\bown\w*\b/i.test(h)) return "own";
  return undefined;
}

export function findNamedSubjectConflicts(statements: readonly Statement[], opts: NamedOptions): Finding[] {
  const lexicon = buildLexicon(statements, opts);
  // A team is who acts, never what a team is named for.
  const teamKeys = new Set(opts.teams.map((t) => nameKey(t, opts.acronyms)));
  const held: Held[] = [];
  for (const s of statements) {
    if (s.headings.length === 0 || isExample(s) || s.headings.some((h) => /\bworked example\b/i.test(h))) continue;
    const found = mentions(s.text, lexicon, opts.acronyms);
    const rawLabel = labelOf(s.raw);
    const labelKey = rawLabel ? nameKey(rawLabel.label, opts.acronyms) : undefined;
    const label = labelKey && lexicon.names.has(labelKey) ? { key: labelKey, colon: rawLabel!.colon } : undefined;
    const resultsFrom = /[=≈]\s*[€$£\d]/.exec(s.text)?.index ?? Infinity;
    // A value is attached only to a name the statement mentions or to its item's label.
    const qs = found.length > 0 || label ? quantities(s.text) : [];
    for (const q of qs) {
      if (q.start >= resultsFrom) continue;
      const name = attachedName(s, q, found, label);
      if (name) held.push({ statement: s, name, group: `q:${quantityFamily(q.kind)}`, fact: q, value: q.text, quantities: qs, labelKey: label?.key });
    }
    // Teams: the approver or owner a labelled item names ("Tier 1 - Low: … Approval: the line manager"), or the team
    // a who-owns-what line gives a named thing to ("Line manager: Tier 1 use cases." under "Who signs off").
    // Both readings need a label's colon; looking for every team's name in every statement is the costly part.
    if (!s.text.includes(":")) continue;
    const ts = teamMentions(s.text, opts.teams);
    const labelled = labelledTeam(s.text, ts);
    if (!labelled) continue;
    if (labelled.action !== "owns" && label) {
      held.push({ statement: s, name: label.key, group: `team:${actionGroup(labelled.action!)}`, fact: labelled, value: labelled.team, quantities: [] });
    } else if (labelled.action === "owns" && labelled.start < 3) {
      // Each listed thing that opens with a name ("Tier 1 use cases", not "internal MCP servers" or "DPIAs for Tier 3");
      // approving a thing ("MCP server approval") is deciding on it, whatever the heading says.
      const rest = s.text.slice(labelled.end);
      const offset = labelled.end;
      for (const item of rest.matchAll(/[^,;.]+/g)) {
        const body = item[0].replace(/^\s*(?:\(.*?\)\s*)?:?\s*(?:and\s+|or\s+)?(?:the\s+|all\s+)?/i, "");
        const at = offset + item.index! + item[0].length - body.length;
        const m = found.find((x) => x.start === at);
        if (!m || teamKeys.has(m.key)) continue;
        const action = /\b(?:approv\w*|sign-?off|signs? off)\b/i.test(body) ? "decide" : (headingAction(s) ?? "own");
        held.push({ statement: s, name: m.key, group: `team:${action}`, fact: labelled, value: labelled.team, quantities: [] });
      }
    }
  }

  const byKey = new Map<string, Held[]>();
  for (const h of held) byKey.set(`${h.name}|${h.group}`, [...(byKey.get(`${h.name}|${h.group}`) ?? []), h]);
  const pairs: { a: Held; b: Held }[] = [];
  for (const group of byKey.values()) {
    if (new Set(group.map((h) => h.statement)).size > MAX_HOLDERS) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = order(group[i]!, group[j]!);
        if (a.statement.path === b.statement.path && a.statement.line === b.statement.line) continue;
        if (!disagree(a, b)) continue;
        const scope = (h: Held) => scopeOf(h.statement.text, { ownSystem: opts.ownSystems?.get(h.statement.path) });
        if (scopesDiffer(scope(a), scope(b))) continue;
        if (differentUseCases(a.statement, b.statement)) continue;
        pairs.push({ a, b });
      }
    }
  }
  // One conflict per statement and pair of values (a drifted value against three restatements of the old one is one
  // conflict), except that the item defining the thing ("Standard review, 15 business days") is the counterpart of
  // every statement that gives it another value: each of those is its own drift.
  const defining = (h: Held) => h.fact.type === "quantity" && h.name === h.labelKey;
  const kept: typeof pairs = [];
  const taken = new Set<string>();
  for (const p of [...pairs].sort((x, y) => Number(defining(y.a) || defining(y.b)) - Number(defining(x.a) || defining(x.b)))) {
    const key = (h: Held, o: Held) => `${h.statement.path}:${h.statement.line}|${valueOf(h)}|${valueOf(o)}${defining(h) ? `@${o.statement.path}:${o.statement.line}` : ""}`;
    const keys = [key(p.a, p.b), key(p.b, p.a)];
    if (keys.some((k) => taken.has(k))) continue;
    for (const k of keys) taken.add(k);
    kept.push(p);
  }
  return kept.map(({ a, b }) =>
    conflictFinding(
      `${a.fact.type === "team" ? "different teams" : "different figures"} for the same named subject (${lexicon.names.get(a.name) ?? a.name})`,
      { at: a.statement, value: a.value },
      { at: b.statement, value: b.value },
    ),
  );
}

function valueOf(h: Held): string {
  return h.fact.type === "team" ? h.fact.team : `${h.fact.kind.replace(":length", "")}=${h.fact.lo}-${h.fact.hi}`;
}

function disagree(a: Held, b: Held): boolean {
  const fa = a.fact;
  const fb = b.fact;
  if (fa.type === "team" && fb.type === "team") {
    const [ta, tb] = [canonicalTeam(fa.team), canonicalTeam(fb.team)];
    // A statement naming the other team too shares the thing between them ("AI Enablement Office, Privacy Office …").
    const names = (h: Held, t: string) => canonicalTeam(h.statement.text).includes(t);
    return ta !== tb && !names(a, tb) && !names(b, ta);
  }
  if (fa.type !== "quantity" || fb.type !== "quantity") return false;
  if (sameValue(fa, fb)) return false;
  if (Math.max(fa.hi, fb.hi) > MAX_RATIO * Math.max(Math.min(fa.lo, fb.lo), 1e-9)) return false;
  // A statement that also gives the other value lists cases ("a 2-hour lab, or a half-day lab for large teams").
  const family = (q: QuantityFact) => quantityFamily(q.kind);
  return !a.quantities.some((q) => family(q) === family(fb) && sameValue(q, fb)) && !b.quantities.some((q) => family(q) === family(fa) && sameValue(q, fa));
}

/** Each use case in a catalog states its own plan and rules: two use cases' figures are two subjects. */
function differentUseCases(a: Statement, b: Statement): boolean {
  const useCase = (s: Statement) => (s.path.startsWith("usecases/") && s.headings.length > 0 ? `${s.path}#${s.headings[0]}` : undefined);
  const x = useCase(a);
  const y = useCase(b);
  return x !== undefined && y !== undefined && x !== y;
}

function order(a: Held, b: Held): [Held, Held] {
  const c = a.statement.path.localeCompare(b.statement.path) || a.statement.line - b.statement.line;
  return c <= 0 ? [a, b] : [b, a];
}
