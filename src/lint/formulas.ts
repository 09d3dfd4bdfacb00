/**
 * Formulas and their worked examples: a playbook that defines a calculation ("Annual benefit = weekly active users ×
 * hours saved × 46 working weeks × loaded hourly cost") and computes with it elsewhere ("408 users × 1.5 hours × 46
 * weeks = 28,152 hours") must use the formula's constants. A constant of the formula (a figure with a unit) and a
 * factor of a computation in the same playbook with the same unit but another value are a contradiction. The
 * other detectors compare statements by their words; a formula and a line of arithmetic share almost none.
 */
import { quantities, type QuantityFact, sameValue } from "./facts.ts";
import { conflictFinding, type Finding } from "./findings.ts";
import type { Statement } from "./statements.ts";

const TIMES = /[×x*]/;

/** A definition: words (no figures) on the left of "=", a product with at least one word factor on the right. */
function formulaOf(s: Statement): string | undefined {
  const eq = s.text.indexOf("=");
  if (eq < 0) return undefined;
  const left = s.text.slice(0, eq);
  const right = s.text.slice(eq + 1);
  if (/\d/.test(left) || !/[A-Za-z]/.test(left) || !/×/.test(right)) return undefined;
  return right;
}

/** The unit word of a figure ("46 working weeks": week), singular. */
function unitOf(q: QuantityFact): string | undefined {
  const last = /([a-z]+)\s*$/i.exec(q.text)?.[1]?.toLowerCase();
  return last?.replace(/s$/, "");
}

/** Figures that are factors of a product: next to a "×" on at least one side. */
function factors(text: string, from = 0, to = text.length): QuantityFact[] {
  return quantities(text).filter((q) => {
    if (q.start < from || q.end > to) return false;
    const before = text.slice(Math.max(0, q.start - 3), q.start);
    const after = text.slice(q.end, q.end + 3);
    return /×\s*$/.test(before) || /^\s*×/.test(after);
  });
}

/** The factors a computation multiplies (only the inputs: what follows "=" is the result). */
function inputsOf(c: Statement): QuantityFact[] {
  const eq = c.text.indexOf("=");
  return factors(c.text, 0, eq < 0 ? c.text.length : eq);
}

export function findFormulaConflicts(statements: readonly Statement[]): Finding[] {
  const out: Finding[] = [];
  const byPath = new Map<string, Statement[]>();
  for (const s of statements) byPath.set(s.path, [...(byPath.get(s.path) ?? []), s]);
  for (const group of byPath.values()) {
    const computations = group.filter((s) => /×/.test(s.text));
    for (const f of group) {
      const right = formulaOf(f);
      if (right === undefined) continue;
      const from = f.text.length - right.length;
      for (const constant of factors(f.text, from)) {
        const unit = unitOf(constant);
        if (!unit) continue;
        // One finding per value a constant is computed with: a formula whose two worked lines both use 46 weeks
        // against its 48 is one conflict.
        const reported: QuantityFact[] = [];
        for (const c of computations) {
          if (c === f || formulaOf(c) !== undefined) continue;
          const used = inputsOf(c).filter((q) => unitOf(q) === unit && q.kind === constant.kind);
          if (used.length === 0 || used.some((q) => sameValue(q, constant))) continue;
          const q = used[0]!;
          if (reported.some((r) => sameValue(r, q))) continue;
          reported.push(q);
          out.push(
            conflictFinding(
              `a formula's constant and its worked example differ (${unit}s)`,
              { at: f, value: constant.text },
              { at: c, value: q.text },
            ),
          );
        }
      }
      // A factor named in words whose value another statement of the playbook gives ("… × loaded hourly cost" and
      // "The default loaded hourly cost is €52 …"): an amount or a share, checked against the worked examples' own.
      for (const phrase of wordFactors(right)) {
        const defined = group.filter((d) => d !== f && !/[×=]/.test(d.text) && d.text.toLowerCase().includes(phrase));
        const value = defined.length === 1 ? quantities(defined[0]!.text) : [];
        const constant = value.length === 1 && /^(?:money:|percent$)/.test(value[0]!.kind) ? value[0]! : undefined;
        if (!constant) continue;
        const reported: QuantityFact[] = [];
        for (const c of computations) {
          if (c === f || formulaOf(c) !== undefined) continue;
          const used = inputsOf(c).filter((q) => q.kind === constant.kind);
          if (used.length !== 1 || sameValue(used[0]!, constant) || reported.some((r) => sameValue(r, used[0]!))) continue;
          reported.push(used[0]!);
          out.push(conflictFinding(`a formula's named factor (${phrase}) and its worked example differ`, { at: defined[0]!, value: constant.text }, { at: c, value: used[0]!.text }));
        }
      }
    }
  }
  return out;
}

/** The factors of a formula's right side written in words ("loaded hourly cost"), lower case; figures left out. */
function wordFactors(right: string): string[] {
  return right
    .split("×")
    .map((t) => t.replace(/[.;]\s*$/, "").trim().toLowerCase())
    .filter((t) => t.length > 0 && !/\d/.test(t) && t.split(/\s+/).length >= 2);
}
