/**
 * A rule turned round since the baseline: an edit that took a restriction out of a statement and put a permission in
 * ("Personal AI subscriptions cannot be expensed" → "can be expensed up to €20 a month", "the connectors are not enabled"
 * → "users may switch them on", "no lead is created … without a person approving it" → "leads … are created straight
 * away"), or the other way round, while other statements about the same thing still state the old rule. The value and
 * rule readings of drift.ts compare the facts they can parse; this one reads only the words the edit removed and added,
 * so a rule in any wording is compared, and it speaks only for edits no other check reported.
 */
import { type Changes, wordDiff } from "./drift.ts";
import { conflictFinding, type Finding, quoted } from "./findings.ts";
import type { Statement } from "./statements.ts";
import { documentFrequencies, idfFrom, tokens } from "./subjects.ts";

/** Words that restrict: a negation, a ban, a requirement, "only". */
const RESTRICTS = /\b(?:not|never|no|nothing|none|cannot|can't|don't|doesn't|isn't|aren't|won't|off|refused|rejected|blocked|prohibited|forbidden|legacy|only|requires?|required|must)\b/i;
/** What still states a restriction, read with its list's lead-in and heading: RESTRICTS, or a tool waiting for a review. */
const RESTRICTED = new RegExp(`${RESTRICTS.source}|\\b(?:until|under review|pending)\\b`, "i");
/** Words that permit: a modal of permission, "allowed", "switched on", "straight away", "any", "whatever". */
const PERMITS = /\b(?:may|can|could|allowed|permitted|fine|ok|okay|available|enabled|switched on|turned on|standard|straight away|automatically|any|whatever|also|too)\b/i;

/**
 * How alike an unchanged statement must be to the edited statement's old version (IDF-weighted cosine of their word
 * stems, the rule's own words left out) to be a restatement of the same rule.
 */
export const FLIP_SIMILARITY = 0.35;
/** At most this many unchanged places are named for one edit (the closest first). */
const MAX_PLACES = 3;

/** How much more a word the edit removed (or one next to it) counts in what the old rule was about. */
const EDITED_WEIGHT = 3;

/** Stems of the words an edit removed from `before`, with two words either side. */
function editedWords(before: string, now: string): Set<string> {
  const out = new Set<string>();
  for (const h of wordDiff(before, now)) {
    if (!h.removed) continue;
    const left = before.slice(0, h.removed.start).split(/\s+/).slice(-3).join(" ");
    const right = before.slice(h.removed.end).split(/\s+/).slice(0, 3).join(" ");
    for (const t of tokens(`${left} ${before.slice(h.removed.start, h.removed.end)} ${right}`)) out.add(t.stem);
  }
  return out;
}

/** Which way the edit turned the statement's rule, from the words it removed and added; undefined when it did not. */
export function ruleTurned(before: string, now: string): "to_permit" | "to_restrict" | undefined {
  const hunks = wordDiff(before, now);
  const removed = hunks.map((h) => (h.removed ? before.slice(h.removed.start, h.removed.end) : "")).join(" ");
  // The word before an added span too: "switched off" → "switched on" added only "on".
  const added = hunks.map((h) => (h.added ? `${/(\S+)\s+$/.exec(now.slice(0, h.added.start))?.[1] ?? ""} ${now.slice(h.added.start, h.added.end)}` : "")).join(" ");
  if (RESTRICTS.test(removed) && !RESTRICTS.test(added) && PERMITS.test(added)) return "to_permit";
  if (RESTRICTS.test(added) && !RESTRICTS.test(removed) && PERMITS.test(removed)) return "to_restrict";
  return undefined;
}

/**
 * Contradictions from rules turned round since the baseline (`changes`: `changesSince(current, baseline)`), for edited
 * statements no finding in `reported` names.
 */
export function findRuleFlips(current: readonly Statement[], { unchanged, changed }: Changes, reported: readonly Finding[], label = "the baseline"): Finding[] {
  const named = (s: Statement) => reported.some((f) => f.kind === "contradiction" && f.places.some((p) => p.path === s.path && Math.abs(p.line - s.line) <= 1));
  const turned = changed.flatMap(({ now, before }) => {
    if (!before || named(now)) return [];
    const way = ruleTurned(before.text, now.text);
    return way ? [{ now, before, way }] : [];
  });
  if (turned.length === 0) return [];
  const all = [...current, ...turned.map((t) => t.before)];
  const toks = new Map(all.map((s) => [s, tokens(s.text)]));
  const stemsOf = (s: Statement) => toks.get(s)!.map((t) => t.stem).filter((w) => !RESTRICTS.test(w) && !PERMITS.test(w));
  const idf = idfFrom(documentFrequencies(all, all.map((s) => toks.get(s)!)), all.length);
  const vector = (s: Statement, stress: ReadonlySet<string> = new Set()) => {
    const v = new Map<string, number>();
    for (const w of stemsOf(s)) v.set(w, idf(w) * (stress.has(w) ? EDITED_WEIGHT : 1));
    return { v, norm: Math.sqrt([...v.values()].reduce((a, x) => a + x * x, 0)) };
  };
  const vectors = new Map(unchanged.map((s) => [s, vector(s)]));
  const cos = (a: ReturnType<typeof vector>, b: ReturnType<typeof vector>) => {
    if (!a.norm || !b.norm) return 0;
    let dot = 0;
    for (const [w, x] of a.v) dot += x * (b.v.get(w) ?? 0);
    return dot / (a.norm * b.norm);
  };
  const findings: Finding[] = [];
  for (const { now, before, way } of turned) {
    // The old version's words, those the edit removed (and their neighbours) counted thrice: "…, and no lead is created
    // in Salesforce, …" is about leads, whatever else the sentence says about sending to customers.
    const old = vector(before, editedWords(before.text, now.text));
    // The unchanged statements that still state the old rule: alike in what they are about, and restricting (or
    // permitting) as the old version did.
    const stillOld = way === "to_permit" ? RESTRICTED : PERMITS;
    const places = unchanged
      // A list item's rule can be in its list's lead-in or its heading ("Tools under review" › "Slack's native AI features").
      .filter((s) => !(s.path === now.path && Math.abs(s.line - now.line) <= 1) && stillOld.test([s.text, s.leadIn ?? "", s.headings.at(-1) ?? ""].join(" ")))
      .map((s) => ({ s, sim: cos(old, vectors.get(s)!) }))
      .filter((c) => c.sim >= FLIP_SIMILARITY)
      .sort((a, b) => b.sim - a.sim)
      .slice(0, MAX_PLACES);
    const first = places[0];
    if (!first) continue;
    const finding = conflictFinding(
      `a rule turned round since ${label} (was ${quoted(before.text, 80)})`,
      { at: now, value: way === "to_permit" ? "now permits" : "now restricts" },
      { at: first.s, value: way === "to_permit" ? "restricts" : "permits" },
    );
    finding.places.push(...places.slice(1).map((p) => ({ path: p.s.path, line: p.s.line, owner: p.s.owner })));
    findings.push(finding);
  }
  return findings;
}
