/** Okapi BM25 over an inverted index with typed-array postings (fast at 100k chunks). */
export class Bm25Index {
  private readonly postings = new Map<string, { docs: Int32Array; tfs: Float32Array }>();
  private readonly docLengths: Float32Array;
  private readonly avgLength: number;
  readonly size: number;
  private accumulator: Float32Array | undefined;

  constructor(
    documents: string[][],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.size = documents.length;
    this.docLengths = new Float32Array(documents.length);
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    documents.forEach((terms, doc) => {
      this.docLengths[doc] = terms.length;
      total += terms.length;
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, tf] of counts) {
        let p = building.get(t);
        if (!p) building.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(doc);
        p.tfs.push(tf);
      }
    });
    this.avgLength = total / Math.max(1, documents.length);
    for (const [t, p] of building) this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  /** Inverse document frequency of a term (BM25+ style, never negative). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  /** Top `k` documents for the query terms, best first. */
  search(queryTerms: string[], k: number): { doc: number; score: number }[] {
    // Dense accumulator + list of touched documents: no hashing per posting, which matters at 100k chunks.
    const acc = this.accumulator ?? (this.accumulator = new Float32Array(this.size));
    const touched: number[] = [];
    for (const term of new Set(queryTerms)) {
      const p = this.postings.get(term);
      if (!p) continue;
      const idf = this.idf(term);
      const k1 = this.k1;
      const b = this.b;
      const lengths = this.docLengths;
      const avg = this.avgLength;
      for (let i = 0; i < p.docs.length; i++) {
        const doc = p.docs[i]!;
        const tf = p.tfs[i]!;
        const norm = tf + k1 * (1 - b + (b * lengths[doc]!) / avg);
        if (acc[doc] === 0) touched.push(doc);
        acc[doc]! += (idf * (tf * (k1 + 1))) / norm;
      }
    }
    const scores = new Map<number, number>();
    for (const doc of touched) {
      scores.set(doc, acc[doc]!);
      acc[doc] = 0;
    }
    return topK(scores, k);
  }
}

/** The k best entries of a score map, best first (partial selection, not a full sort of everything). */
export function topK(scores: Map<number, number>, k: number): { doc: number; score: number }[] {
  const heap: { doc: number; score: number }[] = [];
  let floor = -Infinity;
  for (const [doc, score] of scores) {
    if (heap.length < k) {
      heap.push({ doc, score });
      if (heap.length === k) {
        heap.sort((a, b) => b.score - a.score);
        floor = heap[k - 1]!.score;
      }
    } else if (score > floor) {
      let i = k - 1;
      while (i > 0 && heap[i - 1]!.score < score) {
        heap[i] = heap[i - 1]!;
        i--;
      }
      heap[i] = { doc, score };
      floor = heap[k - 1]!.score;
    }
  }
  return heap.length < k ? heap.sort((a, b) => b.score - a.score) : heap;
}
