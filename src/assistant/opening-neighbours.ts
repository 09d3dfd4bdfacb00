/**
 * Which sentences opened the answers to questions like this one. Employees ask the same things in different words
 * ("how long is a security review?", "security review turnaround??"), and the labelled sets say, for each of their
 * questions, which sentences state its fact. For a new question this finds the most similar labelled questions
 * (TF-IDF cosine over their terms, the NEIGHBOURS nearest) and gives each candidate sentence their vote: the share of
 * the neighbours' similarity whose answer it stated, and the similarity of the nearest neighbour it answered. The
 * votes are two features of the opening's score (src/assistant/opening-ranker.ts), weighed with the others by the
 * same fit.
 *
 * A labelled question is its own nearest neighbour, so its vote must never reach the weights it is fitted for:
 * `eval --fit-opening` computes every training question's votes from the other folds only, and measures each fold
 * with neighbours that do not contain it. The neighbours are written by `eval --fit-opening` from the tuned answer
 * sets (never a held-out one) to src/assistant/training/opening-neighbours.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { defaultGlossary } from "../retrieval/glossary.ts";
import { factForm, terms } from "../retrieval/text.ts";

/** How many labelled questions vote. Left out in turn on the tuned sets, 5, 10 and 20 ranked the same (±5 of 3,400). */
const NEIGHBOURS = 10;

/** A labelled question: the message as written, the question the composer read, and the sentences that state its fact. */
export interface LabelledOpening {
  text: string;
  question: string;
  sentences: string[];
}

/** A candidate sentence's votes: share of the neighbours' similarity that it answered, and the best such similarity. */
export interface NeighbourVote {
  share: number;
  best: number;
}

const NO_VOTE: NeighbourVote = { share: 0, best: 0 };

/** Nearer first; between equals, the earlier labelled question (so the order never depends on the scan). */
const better = (sim: number, doc: number, than: [number, number]) => sim > than[1] || (sim === than[1] && doc < than[0]);

/**
 * A question's terms with its German, Dutch, Spanish, Polish or French words put in English by the query glossary
 * (src/retrieval/glossary.ts), and that language's small words dropped. Otherwise a Spanish "¿cómo consigo una licencia
 * de Copilot?" is nearest the Dutch questions that share its "de", which asked about the works council.
 */
function englishTerms(question: string): string[] {
  const found = defaultGlossary().matches(question);
  if (found.length === 0) return terms(question);
  const foreign = new Set(found.flatMap((m) => terms(m.matched)));
  return [...terms(question).filter((t) => !foreign.has(t)), ...found.flatMap((m) => terms(m.english))];
}

/** A sentence as the labelled facts are compared: case, emphasis and spacing aside. */
export const sentenceKey = (sentence: string) => factForm(sentence).trim();

export class OpeningNeighbours {
  private readonly postings = new Map<string, { doc: number; weight: number }[]>();
  private readonly idf = new Map<string, number>();
  private readonly answers: Set<string>[];
  private last: { question: string; nearest: [number, number][] } | undefined;

  private constructor(readonly labelled: readonly LabelledOpening[]) {
    const docs = labelled.map((l) => englishTerms(l.question));
    const df = new Map<string, number>();
    for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log(1 + docs.length / (1 + n)));
    docs.forEach((d, doc) => {
      const vector = this.vector(d);
      for (const [t, weight] of vector) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push({ doc, weight });
      }
    });
    this.answers = labelled.map((l) => new Set(l.sentences.map(sentenceKey)));
  }

  static from(labelled: readonly LabelledOpening[]): OpeningNeighbours {
    return new OpeningNeighbours(labelled);
  }

  /** The same neighbours without the labelled questions written as these messages (to measure a set it was learned from). */
  without(messages: ReadonlySet<string>): OpeningNeighbours {
    return new OpeningNeighbours(this.labelled.filter((l) => !messages.has(l.text.trim())));
  }

  /**
   * The sentences that answered the `n` labelled questions nearest `question` (keys as sentenceKey reads them): the
   * engine brings their passages to the composer when search did not. No similarity floor: read sets cross-fitted,
   * openings 2,965 of 3,624 without one, 2,959 at 0.3, 2,931 at 0.5 (the development set's first citation 504, 509
   * and 514 of 548: a passage brought this way opens from another playbook for some of its unlabelled questions).
   */
  suggest(question: string, n: number): string[] {
    return [...new Set(this.nearest(question).slice(0, n).flatMap(([doc]) => [...this.answers[doc]!]))];
  }

  /** The votes of `question`'s nearest labelled questions, for any candidate sentence. */
  voter(question: string): (sentence: string) => NeighbourVote {
    const nearest = this.nearest(question);
    const total = nearest.reduce((s, [, sim]) => s + sim, 0);
    if (total <= 0) return () => NO_VOTE;
    return (sentence) => {
      const key = sentenceKey(sentence);
      let share = 0;
      let best = 0;
      for (const [doc, sim] of nearest) {
        if (!this.answers[doc]!.has(key)) continue;
        share += sim;
        best = Math.max(best, sim);
      }
      return share > 0 ? { share: share / total, best } : NO_VOTE;
    };
  }

  /**
   * The NEIGHBOURS labelled questions most similar to `question` (index, cosine), nearest first. An answer asks twice
   * for the same question (the passages to bring, then the votes), so the last one is kept.
   */
  private nearest(question: string): [number, number][] {
    if (this.last?.question === question) return this.last.nearest;
    const scores = new Float64Array(this.labelled.length);
    const touched: number[] = [];
    for (const [t, w] of this.vector(englishTerms(question))) {
      for (const p of this.postings.get(t) ?? []) {
        if (scores[p.doc] === 0) touched.push(p.doc);
        scores[p.doc]! += w * p.weight;
      }
    }
    // The best few of a few thousand: kept in order as they come, not all of them sorted.
    const nearest: [number, number][] = [];
    for (const doc of touched) {
      const sim = scores[doc]!;
      if (nearest.length === NEIGHBOURS && !better(sim, doc, nearest[NEIGHBOURS - 1]!)) continue;
      let at = nearest.length;
      while (at > 0 && better(sim, doc, nearest[at - 1]!)) at--;
      nearest.splice(at, 0, [doc, sim]);
      if (nearest.length > NEIGHBOURS) nearest.pop();
    }
    this.last = { question, nearest };
    return nearest;
  }

  /** IDF-weighted term frequencies, unit length; terms no labelled question has carry no weight. */
  private vector(ts: readonly string[]): Map<string, number> {
    const v = new Map<string, number>();
    for (const t of ts) {
      const idf = this.idf.get(t);
      if (idf !== undefined) v.set(t, (v.get(t) ?? 0) + idf);
    }
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    for (const [t, x] of v) v.set(t, x / norm);
    return v;
  }
}

const NeighboursFileSchema = z.object({
  fittedOn: z.array(z.string()),
  questions: z.array(z.object({ text: z.string(), question: z.string(), sentences: z.array(z.string()).min(1) })),
});

export const OPENING_NEIGHBOURS_FILE = fileURLToPath(new URL("./training/opening-neighbours.json", import.meta.url));

/**
 * The shipped labelled questions, or undefined when the file is missing (the votes are then 0 for every sentence). A
 * file that does not parse is an error: silently dropping the feature would hide a broken model.
 */
export function loadOpeningNeighbours(file = OPENING_NEIGHBOURS_FILE): OpeningNeighbours | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = NeighboursFileSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`${file}: not an opening-neighbours file (${parsed.error.issues[0]?.message ?? "invalid"}); re-run partnerpilot eval --fit-opening`);
  return OpeningNeighbours.from(parsed.data.questions);
}
