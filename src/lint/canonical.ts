/**
 * Canonical values: a section that declares its figures the ones every playbook uses ("this is the one lead time
 * used in every playbook", "These are the only evaluation-set sizes; integration playbooks refer to them", "These are
 * the pilot rules for every use case; integration playbooks … refer to them") is the source of those figures. A
 * statement in another playbook that cites that playbook by its path and gives a figure of the same kind that none of
 * the section's figures agrees with ("allow about a month; lead times in change/communications.md", "at least 30
 * realistic questions for a Tier 2 tool (governance/evaluation-and-risk.md)") restates the rule wrongly, however
 * little else the two statements share: the citation says which rule it restates.
 */
import { isExample } from "./contradictions.ts";
import { conflictFinding, type Finding, onePerValue } from "./findings.ts";
import { factValue, quantities, type QuantityFact } from "./facts.ts";
import { comparableScale, quantitiesAgree, valueGroup } from "./restatements.ts";
import type { Statement } from "./statements.ts";
import { tokens } from "./subjects.ts";

/**
 * A statement declaring the figures of a measure the only ones every playbook uses, naming the measure: "this is the
 * one lead time used in every playbook", "These are the only evaluation-set sizes", "These are the only review
 * durations". A declared rule ("the single rule for customer-facing output") names no measure: its section's figures
 * are about other things.
 */
const DECLARES = /\b(?:these are the only|(?:this|it) is the (?:one|only|single)|the (?:one|only|single))\s+([\w -]*?\b(?:lead times?|durations?|periods?|sizes?|lengths?|limits?|prices?))\b|\bthese are the ([\w-]+ rules) for every\b/i;
/** The figures a declared measure is made of. */
function measured(measure: string): (family: string) => boolean {
  // "These are the pilot rules for every use case": every figure of its list is one of the rules.
  if (/\brules$/i.test(measure)) return () => true;
  return /\bsizes?|limits?\b/i.test(measure) ? (f) => f === "q:count" || f === "q:people" : /\bprices?\b/i.test(measure) ? (f) => f.startsWith("q:money") : (f) => f === "q:duration";
}
/** Words in more statements than this say nothing about which rule two statements are about. */
const COMMON_DF = 60;

interface Canonical {
  path: string;
  statement: Statement;
  fact: QuantityFact;
  /** Content stems of the figure's statement and of the section's declaration. */
  stems: Set<string>;
}

/** Counted things compare as counts ("30 realistic questions" / "50 test cases"); other figures by their group. */
function family(q: QuantityFact): string {
  const group = valueGroup(q).replace("length:", "");
  return group.startsWith("q:count:") ? "q:count" : group;
}

/** Words around a figure: the content stems within NEAR_WORDS words on either side. */
const NEAR_WORDS = 8;
function nearStems(raw: string, fact: QuantityFact): Set<string> {
  // A cited path's words ("gov/cohorts.md") are the citation, not what the figure is about.
  const text = raw.replace(/[\w-]+(?:\/[\w.-]+)+\.md\b/g, (m) => " ".repeat(m.length));
  const before = text.slice(0, fact.start).split(/\s+/).slice(-NEAR_WORDS).join(" ");
  const after = text.slice(fact.end).split(/\s+/).slice(0, NEAR_WORDS + 1).join(" ");
  return new Set([...tokens(before), ...tokens(after)].map((t) => t.stem));
}

export function findCanonicalValueConflicts(statements: readonly Statement[]): Finding[] {
  const df = new Map<string, number>();
  const stemsOf = new Map<Statement, Set<string>>();
  for (const s of statements) {
    const st = new Set(tokens(s.text).map((t) => t.stem));
    stemsOf.set(s, st);
    for (const x of st) df.set(x, (df.get(x) ?? 0) + 1);
  }
  const section = (s: Statement) => `${s.path}\u0000${s.headings.join("\u0000")}`;
  const bySection = new Map<string, Statement[]>();
  for (const s of statements) bySection.set(section(s), [...(bySection.get(section(s)) ?? []), s]);

  // The canonical figures: those of the declaring paragraph (the statements of its line) and of the lists of its
  // section ("- Standard review, 15 business days: …" above "These are the only review durations").
  const canonical = new Map<string, Canonical[]>();
  for (const d of statements) {
    const declared = d.headings.length > 0 ? DECLARES.exec(d.text) : null;
    if (!declared) continue;
    const ofMeasure = measured((declared[1] ?? declared[2])!);
    const inSection = bySection.get(section(d)) ?? [];
    const lists = new Map<number, Statement[]>();
    for (const s of inSection) if (s.list >= 0) lists.set(s.list, [...(lists.get(s.list) ?? []), s]);
    const adjacent = [...lists.values()];
    for (const s of [...inSection.filter((x) => x.line === d.line), ...adjacent.flat()]) {
      if (isExample(s)) continue;
      for (const fact of quantities(s.text)) {
        if (!ofMeasure(family(fact))) continue;
        const stems = new Set([...stemsOf.get(s)!, ...stemsOf.get(d)!]);
        canonical.set(d.path, [...(canonical.get(d.path) ?? []), { path: d.path, statement: s, fact, stems }]);
      }
    }
  }
  if (canonical.size === 0) return [];

  const pairs: { citing: Statement; fact: QuantityFact; source: Canonical; shared: number }[] = [];
  for (const s of statements) {
    if (s.headings.length === 0 || isExample(s)) continue;
    for (const [path, figures] of canonical) {
      if (s.path === path || !s.raw.includes(path)) continue;
      for (const fact of quantities(s.text)) {
        // A cadence names an activity's rhythm, and a section gives several activities theirs; a count is a rule only as
        // a limit ("at least 30 questions"), not a tally ("five example questions").
        if (family(fact) === "q:frequency" || (family(fact) === "q:count" && fact.bound === undefined)) continue;
        const same = figures.filter((c) => family(c.fact) === family(fact));
        if (same.length === 0 || same.some((c) => quantitiesAgree(c.fact, fact))) continue;
        // The canonical figure of the kind that the words next to the cited figure name ("the Full security review (eight
        // weeks)": the Full review's item, not the Lite one's), by the specific words they share.
        const near = nearStems(s.text, fact);
        let best: { source: Canonical; shared: number } | undefined;
        for (const c of same) {
          if (!comparableScale(c.fact, fact)) continue;
          const own = nearStems(c.statement.text, c.fact);
          const specific = (x: string) => (df.get(x) ?? 0) <= COMMON_DF;
          const named = [...near].filter((x) => own.has(x) && specific(x)).length;
          const shared = named * 10 + [...near].filter((x) => c.stems.has(x) && specific(x)).length;
          if (shared > 0 && (!best || shared > best.shared)) best = { source: c, shared };
        }
        // A cited section that gives one figure of the kind ("Size: 15-50 users") is the rule a figure of that kind
        // restates, whatever words it shares.
        const only = same.filter((c) => comparableScale(c.fact, fact));
        if (!best && only.length === 1) best = { source: only[0]!, shared: 0 };
        if (best) pairs.push({ citing: s, fact, ...best });
      }
    }
  }
  return onePerValue(
    pairs,
    (p) => p.shared,
    (p) => [
      { at: p.citing, value: factValue(p.fact) },
      { at: p.source.statement, value: factValue(p.source.fact) },
    ],
  ).map((p) => {
    const [a, b] = [
      { at: p.citing, value: factValue(p.fact) },
      { at: p.source.statement, value: factValue(p.source.fact) },
    ].sort((x, y) => `${x.at.path}:${x.at.line}`.localeCompare(`${y.at.path}:${y.at.line}`));
    return conflictFinding(`different figures for the rule every playbook takes from one place (${p.source.path})`, a!, b!);
  });
}
