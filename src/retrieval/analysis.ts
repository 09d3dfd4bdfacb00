import { stem, words } from "./text.ts";

/**
 * A corpus tokenised once into integer ids: every consumer at index time (BM25, the local embedder, term
 * coverage) reads these instead of re-tokenising or keeping millions of small strings and Sets alive, which is
 * what made building 100k chunks slow (mostly garbage collection).
 */
export interface AnalysedCorpus {
  /** Distinct words (as `words` yields them), in first-seen order; word ids index into it. */
  readonly words: string[];
  /** Stem id of each word id. */
  readonly stemOfWord: Int32Array;
  /** Distinct stems; stem ids index into it. */
  readonly stems: string[];
  readonly stemIds: ReadonlyMap<string, number>;
  /** Per document, its word ids in text order. */
  readonly documents: Int32Array[];
}

/** Tokenises and stems every text once, interning words and stems. */
export function analyse(texts: string[]): AnalysedCorpus {
  const wordIds = new Map<string, number>();
  const wordList: string[] = [];
  const stemOf: number[] = [];
  const stemIds = new Map<string, number>();
  const stems: string[] = [];
  const documents = texts.map((text) => {
    const tokens = words(text);
    const ids = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const w = tokens[i]!;
      let id = wordIds.get(w);
      if (id === undefined) {
        id = wordList.length;
        wordIds.set(w, id);
        wordList.push(w);
        const s = stem(w);
        let sid = stemIds.get(s);
        if (sid === undefined) {
          sid = stems.length;
          stemIds.set(s, sid);
          stems.push(s);
        }
        stemOf.push(sid);
      }
      ids[i] = id;
    }
    return ids;
  });
  return { words: wordList, stemOfWord: Int32Array.from(stemOf), stems, stemIds, documents };
}

/** A document's stem ids in text order. */
export function stemSequence(corpus: AnalysedCorpus, doc: number): Int32Array {
  const ids = corpus.documents[doc]!;
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) out[i] = corpus.stemOfWord[ids[i]!]!;
  return out;
}

const distinctCache = new WeakMap<AnalysedCorpus, Int32Array[]>();

/**
 * Every document's distinct stem ids, ascending (for membership tests by binary search). Computed once per
 * corpus: the embedder's document frequencies and the index's term sets both read it.
 */
export function distinctStemsOfAll(corpus: AnalysedCorpus): Int32Array[] {
  let sets = distinctCache.get(corpus);
  if (!sets) distinctCache.set(corpus, (sets = computeDistinctStems(corpus)));
  return sets;
}

/** How many documents contain each stem id. */
export function documentFrequencies(corpus: AnalysedCorpus): Int32Array {
  const df = new Int32Array(corpus.stems.length);
  for (const set of distinctStemsOfAll(corpus)) for (let i = 0; i < set.length; i++) df[set[i]!]!++;
  return df;
}

function computeDistinctStems(corpus: AnalysedCorpus): Int32Array[] {
  const lastSeen = new Int32Array(corpus.stems.length).fill(-1);
  const scratch: number[] = [];
  return corpus.documents.map((ids, doc) => {
    scratch.length = 0;
    for (let i = 0; i < ids.length; i++) {
      const s = corpus.stemOfWord[ids[i]!]!;
      if (lastSeen[s] !== doc) {
        lastSeen[s] = doc;
        scratch.push(s);
      }
    }
    return Int32Array.from(scratch).sort();
  });
}

/** Whether a sorted id array contains `id`. */
export function containsId(sorted: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
