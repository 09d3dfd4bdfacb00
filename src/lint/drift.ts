/**
 * Changes since a baseline: the corpus as it was last approved (`partnerpilot lint --since REF` or `--baseline DIR`,
 * `LINT_BASELINE_DIR`, or for the weekly digest the corpus the previous week's digest saw). A statement
 * that changed a value, a rule or a team since then is checked against the unchanged statements that agreed with
 * its old version: "you raised 600 seats to 800 here; tools-and-seats still says 600". That is how a knowledge owner's
 * edit breaks the corpus (one place updated, the other forgotten), and the old version says which places were
 * about the same fact, which a comparison of the whole corpus with itself can only guess from shared words.
 */
import { conflictFinding, type Finding, placeOf } from "./findings.ts";
import { type Fact, factValue, polaritiesConflict, quantities, type QuantityFact, sameValue, type Span, type TeamFact, teams } from "./facts.ts";
import { canonicalTeam, comparableScale, quantitiesAgree, statedRules, valueGroup, valuesDisagree } from "./restatements.ts";
import { integrationSystemsDiffer } from "./scope.ts";
import type { Statement } from "./statements.ts";
import { cosine, documentFrequencies, idfFrom, jaccard, phraseStems, subjectOf, type Token, tokens } from "./subjects.ts";

export interface DriftOptions {
  /** Known team names (as the other checks use them). */
  teams: readonly string[];
  /** What the baseline is, as a finding names it ("origin/main", "the playbooks of 2026-W48"); "the baseline" by default. */
  label?: string;
  /** Per playbook path, the system an integration playbook is about (scope.ts `integrationSystemsDiffer`). */
  ownSystems?: ReadonlyMap<string, string>;
}

/**
 * How alike the old statement's fact and an unchanged statement's fact must be (cosine of their weighted subjects)
 * for the unchanged one to have been a restatement of it. Stating the same old value (or the same team, or the same
 * rule) is already most of the evidence; these keep two unrelated "5 business days" apart.
 */
export const DRIFT_SIMILARITY = { quantity: 0.2, permission: 0.3, team: 0.2 };
/** The same for a value that was added, with nothing it replaced: only the subject says which statement it disagrees with. */
export const DRIFT_ADDED_SIMILARITY = { quantity: 0.5, permission: 0.6, team: 1 };
/**
 * An old value that few unchanged statements state is evidence by itself: those few are where it was restated, so a
 * weaker shared subject will do, the weaker the fewer they are (at most 3 places: 0.1; at most 10: 0.15). "2 business
 * days" stated in 7 places, one of them the referral SLA the edit raised to 4, shares only "referrals" with it.
 */
export const FEW_PLACES_SIMILARITY: readonly { places: number; similarity: number }[] = [
  { places: 3, similarity: 0.1 },
  { places: 10, similarity: 0.15 },
];
/** At most this many unchanged places are named for one changed fact (the closest first). */
const MAX_PLACES = 3;

/** Words that can name who does something in place of a team: a capitalised name, or a person or group by role. */
const ACTOR = /(?:^|\s)(?:[A-Z][\w&'’-]+)|\b(?:partners?|vendors?|admins?|administrators?|heads?|engineers?|developers?|architects?|specialists?|teams?|departments?|managers?|owners?|offices?|leads?|boards?|committees?|desks?|consultants?|analysts?|officers?|champions?|sponsors?)\b/;

/** The current statements split by `changesSince`: read once, by the drift check and the rule-flip check. */
export interface Changes {
  unchanged: Statement[];
  changed: ChangedStatement[];
}

/** A changed statement and, when one was found, the baseline statement it replaced. */
export interface ChangedStatement {
  now: Statement;
  before?: Statement;
}

/**
 * Splits the current statements into unchanged ones (the same text in the same playbook in the baseline) and changed
 * ones, each paired with the baseline statement it most likely replaced: one of the removed statements of its
 * playbook, sharing the most words, nearer lines first.
 */
export function changesSince(current: readonly Statement[], baseline: readonly Statement[]): Changes {
  const before = new Map<string, Statement[]>();
  for (const s of baseline) {
    const key = `${s.path}\u0000${s.text}`;
    const same = before.get(key);
    if (same) same.push(s);
    else before.set(key, [s]);
  }
  const unchanged: Statement[] = [];
  const fresh: Statement[] = [];
  for (const s of current) {
    const same = before.get(`${s.path}\u0000${s.text}`);
    if (same && same.length > 0) {
      same.shift();
      unchanged.push(s);
    } else fresh.push(s);
  }
  const removed = new Map<string, Statement[]>();
  for (const list of before.values()) {
    for (const s of list) {
      const inFile = removed.get(s.path);
      if (inFile) inFile.push(s);
      else removed.set(s.path, [s]);
    }
  }
  const stems = (s: Statement) => new Set(phraseStems(s.text));
  const changed = fresh.map((now): ChangedStatement => {
    const a = stems(now);
    let best: { s: Statement; score: number } | undefined;
    for (const old of removed.get(now.path) ?? []) {
      // The same line is strong evidence when a line's one sentence was rewritten in new words.
      const score = jaccard(a, stems(old)) + (old.line === now.line ? 0.3 : 0) - Math.min(0.2, Math.abs(old.line - now.line) / 500);
      if (score >= 0.3 && (!best || score > best.score)) best = { s: old, score };
    }
    return best ? { now, before: best.s } : { now };
  });
  return { unchanged, changed };
}

/** A tuning aid: every changed fact with its candidate counterparts and their similarity. */
export type DriftTrace = (change: { now: Statement; before?: Statement; how: "replaced" | "added"; value: string; old?: string }, candidates: { s: Statement; sim: number }[]) => void;

/** Contradictions that the changes since the baseline introduced (`changes`: `changesSince(current, baseline)`). */
export function findDriftConflicts(current: readonly Statement[], { unchanged, changed }: Changes, opts: DriftOptions & { trace?: DriftTrace }): Finding[] {
  if (changed.length === 0) return [];
  const toks = new Map<Statement, Token[]>();
  const tokensOf = (s: Statement) => {
    let t = toks.get(s);
    if (!t) toks.set(s, (t = tokens(s.text)));
    return t;
  };
  const n = current.length;
  const ctx = { idf: idfFrom(documentFrequencies(current, current.map(tokensOf)), n), aliases: new Map<string, string[]>() };
  const subject = (s: Statement, f: Fact, skip: TeamFact[] = []) => subjectOf(s, tokensOf(s), f, ctx, skip);

  // What each unchanged statement states, read once.
  const stated = unchanged.map((s) => {
    const ts = teams(s.text, opts.teams);
    return { s, ts, facts: [...quantities(s.text), ...figures(s.text, []), ...statedRules(s), ...ts] as Fact[] };
  });

  const findings: Finding[] = [];
  for (const { now, before } of changed) {
    const oldFacts = before ? factsOf(before, opts.teams) : [];
    const newFacts = factsOf(now, opts.teams);
    // Which facts the edit touched: those with a word the edit removed or added in them or just before them ("at
    // least" → "at most"), by a word-level diff of the two versions; a fact that only moved is not a change.
    const hunks = before ? wordDiff(before.text, now.text) : [{ removed: undefined, added: { start: 0, end: now.text.length } }];
    const hunkOf = (f: Fact, side: "removed" | "added", text: string) =>
      hunks.find((h) => h[side] !== undefined && h[side].start < f.end && h[side].end > precedingWords(text, f.start, 2));
    const gone = oldFacts.filter((o) => hunkOf(o, "removed", before!.text));
    const came = newFacts.filter((f) => hunkOf(f, "added", now.text));
    // A fact that only moved (removed in one place, the same written in another) is no change.
    for (const f of [...came]) {
      const moved = gone.find((g) => same(f, g));
      if (moved) {
        gone.splice(gone.indexOf(moved), 1);
        came.splice(came.indexOf(f), 1);
      }
    }
    // A team replaced by words that name no known team ("People Technology (HR) builds" → "A certified Workday partner
    // builds"): the words that replaced it stand for the new actor.
    for (const o of gone) {
      // An edit that put a rule where the team was ("… until Information Security finishes its review" → "are available
      // to Chicago users") changed the rule, which is compared as such; its words name no actor. A rule that is itself
      // the actor ("A certified Workday partner builds", read as partner work in facts.ts) names the new actor.
      if (o.type !== "team" || came.some((f) => f.type === "team" || (f.type === "permission" && !/\bpartners?\b/i.test(f.text)))) continue;
      const h = hunkOf(o, "removed", before!.text);
      const by = h?.added ? now.text.slice(h.added.start, h.added.end).trim() : "";
      const oldStems = new Set(phraseStems(o.team));
      if (!ACTOR.test(by) || phraseStems(by).some((x) => oldStems.has(x)) || by.length > 60) continue;
      came.push({ type: "team", team: by, text: by, start: h!.added!.start, end: h!.added!.end });
    }
    for (const f of came) {
      if (gone.some((g) => groupOf(g) === groupOf(f) && (isQuantity(g) && isQuantity(f) ? sameValue(g, f) : agree(g, f)))) continue; // the same value in other words
      // The removed fact it replaced: of its kind, where the edit was (nearest in the sentence).
      const at = f.start / Math.max(1, now.text.length);
      const o = gone
        .filter((g) => groupOf(g) === groupOf(f) && replacedBy(g, f))
        .sort((x, y) => Math.abs(x.start / before!.text.length - at) - Math.abs(y.start / before!.text.length - at))[0];
      // An added team, or an added bare figure ("Article 4", "Microsoft 365"), says nothing a figure elsewhere could contradict.
      if (!o && (f.type === "team" || (f.type === "quantity" && f.kind === "figure"))) continue;
      // A value that replaced another: the unchanged statements that still state the old one, about the same thing.
      // A value that was added: the unchanged statements that state another one, about the same thing.
      const subj = o ? subject(before!, o, o.type === "team" ? teams(before!.text, opts.teams) : []) : subject(now, f, f.type === "team" ? teams(now.text, opts.teams) : []);
      const candidates = stated.flatMap(({ s, ts, facts }) =>
        // A statement of another system's integration playbook states that system's value, not the changed one's.
        integrationSystemsDiffer(s, now, opts.ownSystems) ? [] : facts
          // An edit into an overlapping range is checked only against the statements that give exactly the old one.
          .filter((t) => groupOf(t) === groupOf(f) && (o && !valuesDisagree(o, f) ? stillStates(t, o, f) : valuesDisagree(t, f) && (o ? agree(t, o) : true)))
          .map((t) => ({ s, value: factValue(t), sim: cosine(subj, subject(s, t, t.type === "team" ? ts : [])) })),
      );
      opts.trace?.({ now, before, how: o ? "replaced" : "added", value: factValue(f), old: o ? factValue(o) : undefined }, candidates);
      const places = new Set(candidates.map((c) => c.s)).size;
      const few = FEW_PLACES_SIMILARITY.find((x) => places <= x.places)?.similarity ?? Infinity;
      const floor = o ? Math.min(few, DRIFT_SIMILARITY[f.type]) : DRIFT_ADDED_SIMILARITY[f.type];
      const since = opts.label ?? "the baseline";
      const finding = report(now, factValue(f), o ? `changed since ${since} (was ${factValue(o)})` : `added since ${since}`, candidates, floor);
      if (!finding) continue;
      findings.push(finding);
      // One finding for each replaced fact: a second new figure of its kind is the same edit.
      if (o) gone.splice(gone.indexOf(o), 1);
    }
  }
  return findings;
}

const isQuantity = (f: Fact): f is QuantityFact => f.type === "quantity";

/**
 * An edit replaced the old fact with the new one: another value of the group. A range edited into one that overlaps
 * it ("1-3 tasks" → "3-5 tasks") is another value, though the two agree where they overlap.
 */
function replacedBy(old: Fact, now: Fact): boolean {
  return valuesDisagree(old, now) || (isQuantity(old) && isQuantity(now) && !sameValue(old, now) && comparableScale(old, now));
}

/**
 * An unchanged statement that gives exactly the value an edit replaced ("picks 1-3 tasks") still states the old value,
 * though the new one overlaps it ("3-5 tasks").
 */
function stillStates(t: Fact, old: Fact, now: Fact): boolean {
  return isQuantity(t) && isQuantity(old) && isQuantity(now) && t.lo !== t.hi && sameValue(t, old) && !sameValue(t, now) && comparableScale(t, now);
}

/** The facts a statement states: its figures, its rules (when it can state one) and the teams it names. */
function factsOf(s: Statement, known: readonly string[]): Fact[] {
  const qs = quantities(s.text);
  return [...qs, ...figures(s.text, qs), ...statedRules(s), ...teams(s.text, known)];
}

/**
 * Figures the quantity reader leaves alone ("Tier 3", "minimum risk score: 3", "× 46 working weeks" in a formula):
 * bare numbers outside the statement's quantities. A changed one still means the old figure went somewhere; an
 * unchanged statement's figures are all its numbers, so "Tier 3" there matches the "3" an edit replaced.
 */
function figures(text: string, outside: readonly QuantityFact[]): QuantityFact[] {
  const out: QuantityFact[] = [];
  for (const m of text.matchAll(/(?<![\w.,/-])\d+(?:\.\d+)?(?![\w/]|[.,]\d)/g)) {
    const start = m.index!;
    const end = start + m[0].length;
    if (outside.some((q) => start < q.end && end > q.start)) continue;
    const value = Number(m[0]);
    out.push({ type: "quantity", kind: "figure", lo: value, hi: value, text: m[0], start, end });
  }
  return out;
}

/** The same fact, as written in both versions: one figure (not just overlapping ranges), one rule, one team. */
function same(a: Fact, b: Fact): boolean {
  if (a.type === "quantity" && b.type === "quantity") return groupOf(a) === groupOf(b) && sameValue(a, b);
  if (a.type === "permission" && b.type === "permission") return a.polarity === b.polarity;
  return agree(a, b);
}

/** Where `n` words before `at` start (the words that qualify a figure: "at least", "no more than"). */
function precedingWords(text: string, at: number, n: number): number {
  const before = text.slice(0, at);
  const m = new RegExp(`(?:\\S+\\s+){0,${n}}$`).exec(before);
  return m ? at - m[0].length : at;
}

/**
 * A word-level diff of two versions of a statement (longest common subsequence of words, case folded), as hunks: in
 * each, the span of the old text the edit removed and the span of the new text it put there (either may be missing).
 */
export function wordDiff(oldText: string, newText: string): { removed?: Span; added?: Span }[] {
  const words = (t: string) => [...t.matchAll(/[\p{L}\p{N}€$£%]+|[^\s\p{L}\p{N}]/gu)].map((m) => ({ w: m[0].toLowerCase(), start: m.index!, end: m.index! + m[0].length }));
  const a = words(oldText);
  const b = words(newText);
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i]![j] = a[i]!.w === b[j]!.w ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  // Hunks: the words removed and added between two runs of common words, each side as one span of its text.
  const hunks: { removed?: Span; added?: Span }[] = [];
  let hunk: { removed?: Span; added?: Span } | undefined;
  const grow = (side: "removed" | "added", w: { start: number; end: number }) => {
    hunk ??= {};
    hunk[side] = { start: hunk[side]?.start ?? w.start, end: w.end };
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i]!.w === b[j]!.w) {
      if (hunk) hunks.push(hunk);
      hunk = undefined;
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) grow("added", b[j++]!);
    else grow("removed", a[i++]!);
  }
  if (hunk) hunks.push(hunk);
  return hunks;
}

/** Two facts of one group state the same value: figures that overlap, rules that do not conflict, one team. */
function agree(a: Fact, b: Fact): boolean {
  if (a.type === "quantity" && b.type === "quantity") return groupOf(a) === groupOf(b) && quantitiesAgree(a, b);
  if (a.type === "permission" && b.type === "permission") return !polaritiesConflict(a.polarity, b.polarity);
  if (a.type === "team" && b.type === "team") return canonicalTeam(a.team) === canonicalTeam(b.team);
  return false;
}

/** What a fact is compared with: figures of one kind (a length and a deadline both being durations), rules, teams. */
function groupOf(f: Fact): string {
  return f.type === "quantity" ? valueGroup(f).replace(":length", "") : f.type;
}

/** One finding for a changed fact: the changed statement against the closest unchanged statements of its old value. */
function report(now: Statement, value: string, difference: string, agreeing: { s: Statement; value: string; sim: number }[], floor: number): Finding | undefined {
  const close = agreeing.filter((a) => a.sim >= floor && a.s !== now && !(a.s.path === now.path && a.s.line === now.line)).sort((x, y) => y.sim - x.sim);
  const seen = new Set<string>();
  const places = close.filter((a) => !seen.has(`${a.s.path}:${a.s.line}`) && seen.add(`${a.s.path}:${a.s.line}`)).slice(0, MAX_PLACES);
  const first = places[0];
  if (!first) return undefined;
  const finding = conflictFinding(difference, { at: now, value }, { at: first.s, value: first.value });
  finding.places.push(...places.slice(1).map((p) => placeOf(p.s)));
  return finding;
}

