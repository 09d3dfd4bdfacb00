/** One term's postings: documents in ascending order and each one's BM25 term weight (idf not applied). */
interface Postings {
  docs: Int32Array;
  /** tf·(k1+1) / (tf + k1·(1 − b + b·len/avg)), computed once at build time. */
  impacts: Float32Array;
  /** Largest impact in the list: the most this term can add to any document, before idf. */
  maxImpact: number;
}

/**
 * Okapi BM25 over an inverted index with typed-array postings. Term weights are precomputed at build time, and
 * search is term-at-a-time with exact pruning (Turtle & Flood's "continue" strategy): once the terms left
 * cannot lift a document that has matched nothing yet above the current k-th score, the remaining (long,
 * common-word) lists only update documents already in play. The top k are the same as without pruning.
 */
export class Bm25Index {
  private readonly postings: (Postings | undefined)[];
  readonly size: number;
  private accumulator: Float32Array | undefined;
  private touched: Int32Array | undefined;

  /**
   * @param documents each document's term ids (ids index into `termIds`' values), in any order, repeats counted
   * @param termIds term → id
   */
  constructor(
    documents: ArrayLike<number>[],
    private readonly termIds: ReadonlyMap<string, number>,
    k1 = 1.2,
    b = 0.75,
  ) {
    this.size = documents.length;
    const terms = termIds.size;
    // Two passes over typed arrays: count document frequencies, then fill exactly sized postings.
    const df = new Int32Array(terms);
    const lastSeen = new Int32Array(terms).fill(-1);
    let total = 0;
    documents.forEach((ids, doc) => {
      total += ids.length;
      for (let i = 0; i < ids.length; i++) {
        const t = ids[i]!;
        if (lastSeen[t] !== doc) {
          lastSeen[t] = doc;
          df[t]!++;
        }
      }
    });
    const avg = total / Math.max(1, documents.length);
    const docs = Array.from(df, (n) => new Int32Array(n));
    const impacts = Array.from(df, (n) => new Float32Array(n));
    const filled = new Int32Array(terms);
    const tf = new Int32Array(terms);
    const present: number[] = [];
    documents.forEach((ids, doc) => {
      present.length = 0;
      for (let i = 0; i < ids.length; i++) {
        const t = ids[i]!;
        if (tf[t]!++ === 0) present.push(t);
      }
      const norm = k1 * (1 - b + (b * ids.length) / avg);
      for (const t of present) {
        const f = tf[t]!;
        const at = filled[t]!++;
        docs[t]![at] = doc;
        impacts[t]![at] = (f * (k1 + 1)) / (f + norm);
        tf[t] = 0;
      }
    });
    this.postings = docs.map((d, t) =>
      d.length === 0 ? undefined : { docs: d, impacts: impacts[t]!, maxImpact: impacts[t]!.reduce((m, x) => (x > m ? x : m), 0) },
    );
  }

  /** An index over documents given as term lists (interns the terms). */
  static fromTerms(documents: string[][]): Bm25Index {
    const ids = new Map<string, number>();
    const encoded = documents.map((terms) =>
      terms.map((t) => {
        let id = ids.get(t);
        if (id === undefined) ids.set(t, (id = ids.size));
        return id;
      }),
    );
    return new Bm25Index(encoded, ids);
  }

  private postingsOf(term: string): Postings | undefined {
    const id = this.termIds.get(term);
    return id === undefined ? undefined : this.postings[id];
  }

  documentFrequency(term: string): number {
    return this.postingsOf(term)?.docs.length ?? 0;
  }

  /** Inverse document frequency of a term (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.postingsOf(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Top `k` documents for the query terms, best first. */
  search(queryTerms: string[], k: number): { doc: number; score: number }[] {
    if (k <= 0 || this.size === 0) return [];
    const acc = (this.accumulator ??= new Float32Array(this.size));
    const touched = (this.touched ??= new Int32Array(this.size));
    let count = 0;

    const lists: { p: Postings; idf: number; bound: number }[] = [];
    for (const term of new Set(queryTerms)) {
      const p = this.postingsOf(term);
      if (!p) continue;
      const idf = this.idf(term);
      lists.push({ p, idf, bound: idf * p.maxImpact });
    }
    // Rarest, most discriminating terms first: they decide the candidates; common terms mostly adjust scores.
    lists.sort((a, b) => b.bound - a.bound);
    let remaining = lists.reduce((s, l) => s + l.bound, 0);
    const top = new TopK(k);

    for (const { p, idf, bound } of lists) {
      remaining -= bound;
      const { docs, impacts } = p;
      // A document not yet touched can reach at most `bound + remaining`; if that cannot beat the k-th best
      // score so far (scores only grow), only documents already in play need this list.
      const admitNew = count < k || bound + remaining > top.floorOf(acc, touched, count);
      if (admitNew) {
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (acc[doc] === 0) touched[count++] = doc;
          acc[doc]! += idf * impacts[i]!;
        }
      } else {
        for (let i = 0; i < docs.length; i++) {
          const doc = docs[i]!;
          if (acc[doc] !== 0) acc[doc]! += idf * impacts[i]!;
        }
      }
    }

    top.reset();
    for (let i = 0; i < count; i++) {
      const doc = touched[i]!;
      top.offer(doc, acc[doc]!);
      acc[doc] = 0;
    }
    return top.sorted();
  }
}

/** The k best (doc, score) pairs seen, kept in a small sorted array (k is tens, offers are thousands). */
class TopK {
  private docs: number[] = [];
  private scores: number[] = [];

  constructor(private readonly k: number) {}

  reset(): void {
    this.docs = [];
    this.scores = [];
  }

  offer(doc: number, score: number): void {
    const n = this.scores.length;
    if (n === this.k && score <= this.scores[n - 1]!) return;
    let i = n === this.k ? n - 1 : n;
    while (i > 0 && this.scores[i - 1]! < score) {
      this.scores[i] = this.scores[i - 1]!;
      this.docs[i] = this.docs[i - 1]!;
      i--;
    }
    this.scores[i] = score;
    this.docs[i] = doc;
  }

  /** The k-th best partial score among the touched documents (a lower bound on the final k-th score). */
  floorOf(acc: Float32Array, touched: Int32Array, count: number): number {
    this.reset();
    for (let i = 0; i < count; i++) this.offer(touched[i]!, acc[touched[i]!]!);
    return this.scores.length < this.k ? 0 : this.scores[this.k - 1]!;
  }

  sorted(): { doc: number; score: number }[] {
    return this.docs.map((doc, i) => ({ doc, score: this.scores[i]! }));
  }
}
