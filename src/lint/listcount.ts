/**
 * A list's lead-in that counts its items ("The Act gives every employee four duties:", "Three checks run before
 * go-live:") followed by a list of another length: the count and the list say different things, whichever of the two
 * was changed. Only small plain counts are read (2 to 12, no "at least" or "up to"), of a thing named in the lead-in,
 * and only the top-level items of the list that directly follows are counted.
 */
import { isExample } from "./contradictions.ts";
import { conflictFinding, type Finding } from "./findings.ts";
import { quantities } from "./facts.ts";
import type { Statement } from "./statements.ts";

const MIN_COUNT = 2;
const MAX_COUNT = 12;

/** Words of a lead-in that say the list is a selection, not all of the counted things ("such as", "for example"). */
const SELECTION = /\b(?:such as|for example|e\.g\.|including|includes?|among (?:them|others)|examples?|some of|of which|at least|up to|more than|fewer than|or more|or fewer)\b/i;

export function findListCountConflicts(statements: readonly Statement[]): Finding[] {
  const lists = new Map<string, Statement[]>();
  for (const s of statements) {
    if (s.list < 0 || s.leadIn === undefined) continue;
    const key = `${s.path}#${s.list}`;
    lists.set(key, [...(lists.get(key) ?? []), s]);
  }
  const findings: Finding[] = [];
  for (const items of lists.values()) {
    const leadInText = items[0]!.leadIn!;
    const leadIn = statements.find((s) => s.path === items[0]!.path && s.list < 0 && s.text === leadInText && s.line < items[0]!.line && s.line >= items[0]!.line - 2);
    if (!leadIn || isExample(leadIn) || SELECTION.test(leadInText)) continue;
    const counts = quantities(leadInText).filter((q) => q.kind.startsWith("count:") && q.kind !== "count:times" && !q.kind.includes("/") && q.bound === undefined && q.lo === q.hi);
    // One count, of a whole number of things small enough to be the list's length.
    if (counts.length !== 1) continue;
    const count = counts[0]!;
    if (!Number.isInteger(count.lo) || count.lo < MIN_COUNT || count.lo > MAX_COUNT) continue;
    // The top-level items (sub-items are indented further), each line once (an item may hold several sentences).
    const indent = (s: Statement) => /^\s*/.exec(s.raw)![0].length;
    const top = Math.min(...items.map(indent));
    const lines = [...new Set(items.filter((s) => indent(s) === top).map((s) => s.line))];
    if (lines.length === count.lo) continue;
    const last = items.filter((s) => s.line === lines.at(-1)).at(0)!;
    findings.push(
      conflictFinding(
        `different numbers for the same subject (${count.kind.slice("count:".length)} listed)`,
        { at: leadIn, value: count.text },
        { at: last, value: `${lines.length} items in its list` },
      ),
    );
  }
  return findings;
}
