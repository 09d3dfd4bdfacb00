/**
 * Lengths of one named thing: "a half-day hands-on lab" and "Hands-on labs are 2-hour live sessions" give the same
 * thing two lengths, however little else the two statements share. The other detectors weigh all the words around a
 * value; a length names what it measures right next to it (the noun phrase after "a 2-hour …", or the subject of
 * "… are 2-hour sessions"), so here the pairing key is that phrase's last two content words. A phrase that many
 * statements measure is left out: it names a kind of thing, not one thing.
 */
import { isExample } from "./contradictions.ts";
import { conflictFinding, type Finding, onePerValue } from "./findings.ts";
import { quantities, type QuantityFact, sameValue } from "./facts.ts";
import type { Statement } from "./statements.ts";
import { phraseStems } from "./subjects.ts";

/** Most statements that may give a length to one named thing. */
const MAX_HOLDERS = 4;
/** A day-long workshop and a 2-hour lab are 12 times apart; lengths further apart than this are not one thing drifted. */
const MAX_RATIO = 24;

interface Measured {
  statement: Statement;
  fact: QuantityFact;
  keys: string[];
}

/**
 * The names of what a length measures (exported for tests): the last two content words of the noun phrase after it
 * ("a half-day hands-on lab using …": "hand lab") and of the subject it is said of ("Hands-on labs are 2-hour …").
 */
export function measuredKeys(text: string, q: QuantityFact): string[] {
  const keys: string[] = [];
  const add = (phrase: string | undefined) => {
    const stems = phraseStems(phrase ?? "");
    if (stems.length >= 2) keys.push(stems.slice(-2).join(" "));
  };
  add(/^\s+((?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:for|with|of|in|on|to|that|which|using|per|by|at|from|and|or|is|are)\b|\s*[,.;:()]|$)/i.exec(text.slice(q.end))?.[1]);
  add(/(?:^|[.;:]\s+|\s-\s+)((?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:is|are)\s+$/i.exec(text.slice(0, q.start).replace(/\b(?:an?|the)\s+$/i, ""))?.[1]);
  return [...new Set(keys)];
}

export function findLengthConflicts(statements: readonly Statement[]): Finding[] {
  const byKey = new Map<string, Measured[]>();
  for (const s of statements) {
    if (s.headings.length === 0 || isExample(s) || s.headings.some((h) => /\bworked example\b/i.test(h))) continue;
    for (const fact of quantities(s.text)) {
      if (!fact.kind.includes(":length")) continue;
      const keys = measuredKeys(s.text, fact);
      const m = { statement: s, fact, keys };
      for (const k of keys) byKey.set(k, [...(byKey.get(k) ?? []), m]);
    }
  }
  const pairs: { a: Measured; b: Measured; key: string }[] = [];
  const seen = new Set<string>();
  for (const [key, group] of byKey) {
    if (new Set(group.map((m) => m.statement)).size > MAX_HOLDERS) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = order(group[i]!, group[j]!);
        if (a.statement === b.statement || sameValue(a.fact, b.fact)) continue;
        if (Math.max(a.fact.hi, b.fact.hi) > MAX_RATIO * Math.max(Math.min(a.fact.lo, b.fact.lo), 1e-9)) continue;
        // A statement that also gives the other length ("a 2-hour lab, or a half-day lab for large teams") lists options.
        const states = (x: Measured, q: QuantityFact) => quantities(x.statement.text).some((o) => o.kind.includes(":length") && sameValue(o, q));
        if (states(a, b.fact) || states(b, a.fact)) continue;
        const id = `${a.statement.path}:${a.statement.line}:${a.fact.start}|${b.statement.path}:${b.statement.line}:${b.fact.start}`;
        if (seen.has(id)) continue;
        seen.add(id);
        pairs.push({ a, b, key });
      }
    }
  }
  return onePerValue(pairs, () => 0, (p) => [
    { at: p.a.statement, value: `${p.a.fact.lo}` },
    { at: p.b.statement, value: `${p.b.fact.lo}` },
  ]).map(({ a, b, key }) =>
    conflictFinding(`different durations for the same subject (${key})`, { at: a.statement, value: a.fact.text }, { at: b.statement, value: b.fact.text }),
  );
}

function order(a: Measured, b: Measured): [Measured, Measured] {
  const c = a.statement.path.localeCompare(b.statement.path) || a.statement.line - b.statement.line;
  return c <= 0 ? [a, b] : [b, a];
}
