/**
 * Examples against their rule: a section that states a threshold ("escalate when the rollout reaches 250 or more users")
 * and lists near-misses under a lead-in such as "Does not qualify (near-misses):" says that each of them stays below
 * it. A near-miss that gives a figure of the same unit at or above the threshold ("Sharing a custom GPT with your
 * department of a few hundred people") contradicts the rule it illustrates, whichever of the two was changed.
 *
 * Only the negative examples are read: a rule is often met by any one of several conditions (250 users, or 2
 * countries, or 3 teams), so an example that qualifies may do so by another one, while a near-miss must meet none.
 */
import { isExample } from "./contradictions.ts";
import { conflictFinding, type Finding } from "./findings.ts";
import { quantities, type QuantityFact } from "./facts.ts";
import type { Statement } from "./statements.ts";

/** A list's lead-in that introduces examples that do not meet the section's rule. */
const NEAR_MISSES = /\b(?:(?:does|do) not|doesn't|don't) (?:qualify|count|meet|apply)\b|\bnear[- ]miss(?:es)?\b|\bnot enough\b|\bbelow the (?:threshold|bar|line)\b/i;
/** Things counted about people ("100 records about different people"): a count of people. */
const ABOUT_PEOPLE = /^\S+\s+[a-z-]+\s+(?:about|on|of)\s+(?:different\s+|distinct\s+|individual\s+)?(?:people|persons|employees|individuals)\b/i;

/** The unit of a count, with records about people counted as people. */
function unitOf(text: string, q: QuantityFact): string {
  if (q.kind === "people" || (q.kind.startsWith("count:") && ABOUT_PEOPLE.test(text.slice(q.start)))) return "people";
  return q.kind;
}

/** A figure that bounds from below: "250 or more users", "at least 3 teams", "(100 records about different people or more)". */
function lowerBound(text: string, q: QuantityFact): boolean {
  if (q.lo !== q.hi) return false;
  if (q.bound === "min") return true;
  return q.bound === undefined && /^[^,;.()]{0,40}?\bor more\b/i.test(text.slice(q.end));
}

export function findExampleThresholdConflicts(statements: readonly Statement[]): Finding[] {
  const sections = new Map<string, Statement[]>();
  for (const s of statements) {
    if (s.headings.length === 0) continue;
    const key = `${s.path}#${s.headings.join("\u0000")}`;
    sections.set(key, [...(sections.get(key) ?? []), s]);
  }
  const findings: Finding[] = [];
  for (const section of sections.values()) {
    const misses = section.filter((s) => s.list >= 0 && s.leadIn !== undefined && NEAR_MISSES.test(s.leadIn) && !isExample(s));
    if (misses.length === 0) continue;
    // The section's rule: a statement outside its lists that sets a lower bound.
    const thresholds = section
      .filter((s) => s.list < 0 && !/:\s*$/.test(s.text))
      .flatMap((s) => quantities(s.text).filter((q) => lowerBound(s.text, q)).map((q) => ({ s, q, unit: unitOf(s.text, q) })));
    if (thresholds.length === 0) continue;
    for (const m of misses) {
      for (const q of quantities(m.text)) {
        // An example's own figure: a plain amount, not a bound ("fewer than 100").
        if (q.bound !== undefined) continue;
        const unit = unitOf(m.text, q);
        const rule = thresholds.find((t) => t.unit === unit && q.lo >= t.q.lo);
        if (!rule) continue;
        findings.push(
          conflictFinding(
            "different thresholds for the same subject (an example listed as not qualifying meets the rule)",
            { at: rule.s, value: rule.q.text },
            { at: m, value: `${q.text} (listed as not qualifying)` },
          ),
        );
        break;
      }
    }
  }
  return findings;
}
