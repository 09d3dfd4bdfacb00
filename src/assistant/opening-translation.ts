/**
 * How well a sentence answers a question in words it does not share with it. People ask "how long does it take?"
 * and the playbook answers "within 3 business days"; they ask "does it train on our code?" and the answer says
 * "does not retain prompts". Word overlap sees none of that, so the opening's score also asks a translation model
 * (IBM Model 1, as in Berger & Lafferty's "Information retrieval as statistical translation", 1999): t(q | s), the
 * probability that an answer containing the term s is asked about with the term q, learned by expectation
 * maximisation from labelled (question, sentence that states its fact) pairs. A sentence's score is the mean log
 * probability of the question's terms given its terms.
 *
 * The table is learned by `partnerpilot eval --fit-opening` from the tuned answer sets (never a held-out one) and
 * shipped in src/assistant/training/opening-translation.json; the eval leaves each set out in turn first.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { terms } from "../retrieval/text.ts";

/** The empty word: lets a question term be asked without any answer term accounting for it. */
const NULL = "<null>";
/** Expectation-maximisation rounds: the table barely moves after five on ~1,500 pairs. */
const ROUNDS = 5;
/** Probability of a never-seen pair, so an unknown term lowers a sentence's score instead of zeroing it. */
const FLOOR = 1e-4;
/** Entries below this are dropped from the shipped table (they change no ranking; the file stays small). */
const PRUNE_BELOW = 0.005;

/** A labelled pair: a question and a sentence that states the fact it asked for. */
export interface TranslationPair {
  question: string;
  sentence: string;
}

/** t(question term | sentence term), sparse. */
export class TranslationTable {
  private constructor(private readonly table: Map<string, Map<string, number>>) {}

  /** Learns t(q | s) from labelled pairs by expectation maximisation, starting uniform. */
  static learn(pairs: readonly TranslationPair[]): TranslationTable {
    const data = pairs.map((p) => ({ q: [...new Set(terms(p.question))], s: [NULL, ...terms(p.sentence)] }));
    let t = new Map<string, Map<string, number>>();
    const prob = (s: string, q: string) => t.get(s)?.get(q) ?? FLOOR * 10;
    for (let round = 0; round < ROUNDS; round++) {
      const counts = new Map<string, Map<string, number>>();
      const totals = new Map<string, number>();
      for (const { q, s } of data) {
        for (const qt of q) {
          let z = 0;
          for (const st of s) z += prob(st, qt);
          for (const st of s) {
            const share = prob(st, qt) / z;
            let row = counts.get(st);
            if (!row) counts.set(st, (row = new Map()));
            row.set(qt, (row.get(qt) ?? 0) + share);
            totals.set(st, (totals.get(st) ?? 0) + share);
          }
        }
      }
      t = new Map();
      for (const [st, row] of counts) {
        const total = totals.get(st)!;
        t.set(st, new Map([...row].map(([qt, c]) => [qt, c / total])));
      }
    }
    return new TranslationTable(prune(t));
  }

  static fromJSON(json: Record<string, Record<string, number>>): TranslationTable {
    return new TranslationTable(new Map(Object.entries(json).map(([s, row]) => [s, new Map(Object.entries(row))])));
  }

  toJSON(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const s of [...this.table.keys()].sort()) {
      const row = this.table.get(s)!;
      out[s] = Object.fromEntries([...row.keys()].sort().map((q) => [q, Math.round(row.get(q)! * 1e4) / 1e4]));
    }
    return out;
  }

  /**
   * Mean log probability of the question's (distinct) terms given the sentence's terms: higher when the sentence
   * is the kind of answer this kind of question gets. 0 for a question without terms.
   */
  score(questionTerms: readonly string[], sentenceTerms: readonly string[]): number {
    return this.scorer(questionTerms)(sentenceTerms);
  }

  /**
   * score() for one question and many sentences: each answer term's probabilities for the question's terms are
   * looked up once and kept, so a sentence costs a few additions per term instead of a map lookup per pair.
   */
  scorer(questionTerms: readonly string[]): (sentenceTerms: readonly string[]) => number {
    const n = questionTerms.length;
    if (n === 0) return () => 0;
    const rows = new Map<string, Float64Array>();
    const rowOf = (st: string): Float64Array => {
      let row = rows.get(st);
      if (!row) {
        const t = this.table.get(st);
        // A term no labelled answer used (a sentence added or reworded since the table was learned, a rare name)
        // translates to itself, as Berger & Lafferty's self-translation does: new content is not penalised for
        // being new, and a question naming it ("is QuillBot ok?") finds it.
        row = Float64Array.from(questionTerms, (q) => (t ? (t.get(q) ?? 0) : q === st ? 1 : 0));
        rows.set(st, row);
      }
      return row;
    };
    const sums = new Float64Array(n);
    return (sentenceTerms) => {
      sums.set(rowOf(NULL));
      for (const st of sentenceTerms) {
        const row = rowOf(st);
        for (let k = 0; k < n; k++) sums[k]! += row[k]!;
      }
      const length = sentenceTerms.length + 1;
      let sum = 0;
      for (let k = 0; k < n; k++) sum += Math.log(sums[k]! / length + FLOOR);
      return sum / n;
    };
  }
}

function prune(t: Map<string, Map<string, number>>): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const [s, row] of t) {
    const kept = new Map([...row].filter(([, p]) => p >= PRUNE_BELOW));
    if (kept.size > 0) out.set(s, kept);
  }
  return out;
}

const TableFileSchema = z.object({
  fittedOn: z.array(z.string()),
  pairs: z.number().int().nonnegative(),
  table: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))),
});

export const OPENING_TRANSLATION_FILE = fileURLToPath(new URL("./training/opening-translation.json", import.meta.url));

/**
 * The shipped table, or undefined when the file is missing (the feature is then 0 for every sentence). A file that
 * does not parse is an error: silently dropping the feature would hide a broken model.
 */
export function loadTranslationTable(file = OPENING_TRANSLATION_FILE): TranslationTable | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = TableFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: not an opening translation table (${parsed.error.issues[0]?.message ?? "invalid"}); re-run partnerpilot eval --fit-opening`);
  return TranslationTable.fromJSON(parsed.data.table);
}
