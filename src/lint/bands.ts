/**
 * Bands: a list whose items each open with a range ("Up to €25,000: …", "€25,000 to €100,000: …", "85 or more
 * (green): …", "70–84 (amber): …") partitions a scale, so two of its items whose ranges overlap give two rules for
 * the same values. The other detectors compare a value with its restatements; a band that drifted into its
 * neighbour restates nothing, so it is checked here.
 */
import { type Finding, placeOf } from "./findings.ts";
import type { Statement } from "./statements.ts";

/** A band: the values from `lo` to `hi`, each end open or closed. */
export interface Band {
  lo: number;
  hi: number;
  /** The words as written ("€25,000 to €100,000"). */
  text: string;
  /** "money" or "number" (scores, counts, percentages): bands of one list share it. */
  unit: string;
}

const AMOUNT = String.raw`([€$£]?)\s?(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s?(k|%)?`;
/** Forms a band takes at the start of an item, each giving its range from the amounts it matched. */
const FORMS: [RegExp, (a: number, b?: number) => [number, number]][] = [
  [new RegExp(String.raw`^(?:between\s+)?${AMOUNT}\s*(?:–|—|-|to|and)\s*${AMOUNT}`, "i"), (a, b) => [a, b!]],
  [new RegExp(String.raw`^${AMOUNT}\s*(?:\+|or (?:more|above|over|higher))`, "i"), (a) => [a, Infinity]],
  [new RegExp(String.raw`^(?:above|over|more than|from|at least)\s+${AMOUNT}`, "i"), (a) => [a, Infinity]],
  [new RegExp(String.raw`^${AMOUNT}\s*or (?:less|below|fewer|lower)`, "i"), (a) => [-Infinity, a]],
  [new RegExp(String.raw`^(?:up to|below|under|less than|at most|fewer than)\s+${AMOUNT}`, "i"), (a) => [-Infinity, a]],
];

function amount(digits: string, suffix: string | undefined): number {
  return Number(digits.replace(/,/g, "")) * (suffix?.toLowerCase() === "k" ? 1000 : 1);
}

/** The band an item opens with, if any: the range must be followed by a label or a colon, not a sentence. */
export function bandOf(text: string): Band | undefined {
  for (const [re, range] of FORMS) {
    const m = re.exec(text);
    if (!m) continue;
    // The band labels the item: what follows is a colon, a parenthesised name or a dash ("85 or more (green): …").
    if (!/^\s*(?:\([^)]{1,30}\)\s*)?[:–—-]/.test(text.slice(m[0].length))) return undefined;
    const a = amount(m[2]!, m[3]);
    const b = m[5] !== undefined ? amount(m[5], m[6]) : undefined;
    const [lo, hi] = range(a, b);
    const unit = m[1] || m[4] ? "money" : m[3] === "%" || m[6] === "%" ? "percent" : "number";
    return { lo, hi, text: m[0].trim(), unit };
  }
  return undefined;
}

/** Two bands overlap when they share more than a boundary ("up to 25,000" and "25,000 to 100,000" only touch). */
export function bandsOverlap(x: Band, y: Band): boolean {
  return Math.max(x.lo, y.lo) < Math.min(x.hi, y.hi);
}

/** Overlapping bands among the items of each list. */
export function findBandOverlaps(statements: readonly Statement[]): Finding[] {
  const lists = new Map<string, { statement: Statement; band: Band }[]>();
  for (const s of statements) {
    if (s.list < 0) continue;
    const band = bandOf(s.text);
    if (!band) continue;
    const key = `${s.path}#${s.list}`;
    lists.set(key, [...(lists.get(key) ?? []), { statement: s, band }]);
  }
  const out: Finding[] = [];
  for (const items of lists.values()) {
    // One band is a threshold, not a scale: a partition needs at least three items.
    if (items.length < 3) continue;
    for (let i = 0; i < items.length; i++) {
      for (let j = i + 1; j < items.length; j++) {
        const [a, b] = [items[i]!, items[j]!];
        if (a.band.unit !== b.band.unit || !bandsOverlap(a.band, b.band)) continue;
        out.push({
          kind: "contradiction",
          message:
            `overlapping bands in one list: ${a.band.text} in ${a.statement.path}:${a.statement.line} "${a.statement.text.slice(0, 120)}" ` +
            `vs ${b.band.text} in ${b.statement.path}:${b.statement.line} "${b.statement.text.slice(0, 120)}"`,
          places: [placeOf(a.statement), placeOf(b.statement)],
        });
      }
    }
  }
  return out;
}
