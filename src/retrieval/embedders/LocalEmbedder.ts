import { analyse, documentFrequencies, type AnalysedCorpus } from "../analysis.ts";
import { stem, words } from "../text.ts";
import { normalize, type Embedder } from "./Embedder.ts";
import type { WordVectors } from "./word-vectors.ts";

export interface LocalEmbedderOptions {
  /** Dimensions of the hashed lexical part (word unigrams, bigrams and character n-grams). */
  hashDimensions?: number;
  /** Share of the similarity that comes from pre-trained word vectors (0 = hashed features only). */
  semanticWeight?: number;
  /** Weight of character n-grams relative to whole words inside the hashed part. */
  charWeight?: number;
}

export interface LocalEmbedderState {
  documents: number;
  df: Record<string, number>;
  /** Mean semantic vector of the corpus, removed from every vector (the "common component" of SIF). */
  semanticMean?: number[];
}

/**
 * In-process embedder, deterministic and offline. A vector has two parts whose cosine similarities add up:
 * - hashed TF-IDF of stemmed words, word bigrams and character 4-grams (catches shared wording, typos,
 *   inflections and product names such as "servicenow" that no word list knows);
 * - the IDF-weighted mean of pre-trained word vectors (catches paraphrases: "login" ~ "authentication").
 * IDF is fitted on the corpus at index time and persisted with the index.
 */
export class LocalEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly hashDims: number;
  private readonly semanticWeight: number;
  private readonly charWeight: number;
  private df = new Map<string, number>();
  private documents = 0;
  private maxIdf = 1;
  private semanticMean: Float32Array | undefined;
  private readonly featureCache = new Map<string, { buckets: Int32Array; weights: Float32Array }>();

  constructor(
    private readonly vectors: WordVectors | undefined,
    options: LocalEmbedderOptions = {},
  ) {
    this.hashDims = options.hashDimensions ?? 256;
    this.semanticWeight = vectors ? (options.semanticWeight ?? 0.5) : 0;
    this.charWeight = options.charWeight ?? 0.35;
    this.dimensions = this.hashDims + (vectors ? vectors.dimensions : 0);
    this.id = [
      "local-v1",
      `h${this.hashDims}`,
      `c${this.charWeight}`,
      vectors ? `wv${vectors.dimensions}-${vectors.fingerprint}-s${this.semanticWeight}` : "nowv",
    ].join(":");
  }

  /** The pre-trained word vectors, when installed (their vocabulary is also the English dictionary of spelling.ts). */
  get wordVectors(): WordVectors | undefined {
    return this.vectors;
  }

  /** Learns document frequencies from the corpus (call before embedding documents). */
  fit(texts: string[]): void {
    this.embedCorpus(analyse(texts));
  }

  /**
   * Fits the embedder to an analysed corpus and returns every document's vector, in one pass over integer ids
   * (the index build path). Gives the same vectors as `fit` followed by `embed` of each text.
   * With `into`, vectors are written into that matrix (row i = document i) and returned as views of it.
   */
  embedCorpus(corpus: AnalysedCorpus, into?: Float32Array): Float32Array[] {
    const n = corpus.documents.length;
    const stemCount = corpus.stems.length;
    const df = documentFrequencies(corpus);
    const dfRecord: Record<string, number> = {};
    df.forEach((d, s) => {
      if (d > 0) dfRecord[corpus.stems[s]!] = d;
    });
    this.restore({ documents: n, df: dfRecord });
    const stemIdf = Float64Array.from(corpus.stems, (s) => this.idf(s));

    // Semantic part: each document's IDF-weighted word-vector mean, then the corpus mean removed from all.
    const semDims = this.vectors && this.semanticWeight > 0 ? this.vectors.dimensions : 0;
    const semantic = new Float32Array(n * semDims);
    const wordCount = new Int32Array(corpus.words.length);
    const present: number[] = [];
    if (semDims > 0) {
      const wordVectors = corpus.words.map((w) => this.vectors!.get(w));
      const mean = new Float32Array(semDims);
      corpus.documents.forEach((ids, doc) => {
        const raw = semantic.subarray(doc * semDims, (doc + 1) * semDims);
        present.length = 0;
        for (let i = 0; i < ids.length; i++) if (wordCount[ids[i]!]!++ === 0) present.push(ids[i]!);
        for (const w of present) {
          const v = wordVectors[w];
          if (v) axpy(raw, v, wordCount[w]! * stemIdf[corpus.stemOfWord[w]!]!);
          wordCount[w] = 0;
        }
        normalize(raw);
        for (let d = 0; d < semDims; d++) mean[d]! += raw[d]! / n;
      });
      this.semanticMean = mean;
    }

    const out = into ?? new Float32Array(n * this.dimensions);
    const stemTf = new Int32Array(stemCount);
    const sequence: string[] = [];
    const sequenceIdf: number[] = [];
    const distinct: string[] = [];
    const weights: number[] = [];
    return corpus.documents.map((ids, doc) => {
      sequence.length = sequenceIdf.length = distinct.length = weights.length = present.length = 0;
      for (let i = 0; i < ids.length; i++) {
        const s = corpus.stemOfWord[ids[i]!]!;
        sequence.push(corpus.stems[s]!);
        sequenceIdf.push(stemIdf[s]!);
        if (stemTf[s]!++ === 0) present.push(s);
      }
      for (const s of present) {
        distinct.push(corpus.stems[s]!);
        weights.push((1 + Math.log(stemTf[s]!)) * stemIdf[s]!);
        stemTf[s] = 0;
      }
      const target = out.subarray(doc * this.dimensions, (doc + 1) * this.dimensions);
      const raw = semDims > 0 ? semantic.subarray(doc * semDims, (doc + 1) * semDims) : undefined;
      return this.compose(target, distinct, weights, sequence, sequenceIdf, raw);
    });
  }

  /** Restores fitted state saved by `state()` (the index stores it beside the vectors). */
  restore(state: LocalEmbedderState): void {
    this.documents = state.documents;
    this.df = new Map(Object.entries(state.df));
    this.maxIdf = Math.log(1 + this.documents / 0.5);
    this.semanticMean = state.semanticMean ? Float32Array.from(state.semanticMean) : undefined;
  }

  state(): LocalEmbedderState {
    return {
      documents: this.documents,
      df: Object.fromEntries(this.df),
      semanticMean: this.semanticMean ? Array.from(this.semanticMean) : undefined,
    };
  }

  private idf(term: string): number {
    const df = this.df.get(term);
    return df === undefined ? this.maxIdf : Math.log(1 + this.documents / df);
  }

  embed(text: string): Float32Array {
    return this.embedTokens(words(text));
  }

  /** Embeds an already tokenised text (see `words`). */
  embedTokens(tokens: string[]): Float32Array {
    const sequence = tokens.map(stem);
    const sequenceIdf = sequence.map((s) => this.idf(s));
    const tf = new Map<string, number>();
    for (const s of sequence) tf.set(s, (tf.get(s) ?? 0) + 1);
    const distinct = [...tf.keys()];
    const weights = distinct.map((s) => (1 + Math.log(tf.get(s)!)) * this.idf(s));
    let raw: Float32Array | undefined;
    if (this.vectors && this.semanticWeight > 0) {
      raw = new Float32Array(this.vectors.dimensions);
      tokens.forEach((token, i) => {
        const v = this.vectors!.get(token);
        if (v) axpy(raw!, v, sequenceIdf[i]!);
      });
      normalize(raw);
    }
    return this.compose(new Float32Array(this.dimensions), distinct, weights, sequence, sequenceIdf, raw);
  }

  /**
   * The vector of one text from its parts: hashed features of its distinct stems (TF-IDF weighted) and of its
   * stem bigrams, and its normalised (not yet centred) semantic vector. Written into `out`, which is returned.
   */
  private compose(
    out: Float32Array,
    distinct: readonly string[],
    weights: readonly number[],
    sequence: readonly string[],
    sequenceIdf: readonly number[],
    semanticRaw: Float32Array | undefined,
  ): Float32Array {
    const hashed = new Float32Array(this.hashDims);
    for (let t = 0; t < distinct.length; t++) {
      const { buckets, weights: fw } = this.termFeatures(distinct[t]!);
      const w = weights[t]!;
      for (let i = 0; i < buckets.length; i++) hashed[buckets[i]!]! += fw[i]! * w;
    }
    for (let i = 0; i + 1 < sequence.length; i++) {
      const h = fnv("b:", sequence[i]!, 0, undefined, sequence[i + 1]!);
      hashed[h % this.hashDims]! += (h & 0x80000000 ? -0.5 : 0.5) * Math.min(sequenceIdf[i]!, sequenceIdf[i + 1]!);
    }
    normalize(hashed);
    const lexicalScale = Math.sqrt(1 - this.semanticWeight);
    for (let i = 0; i < this.hashDims; i++) out[i] = hashed[i]! * lexicalScale;
    if (semanticRaw) {
      const semanticScale = Math.sqrt(this.semanticWeight);
      const mean = this.semanticMean;
      const centred = Float32Array.from(semanticRaw);
      if (mean) {
        for (let d = 0; d < centred.length; d++) centred[d]! -= mean[d]!;
        normalize(centred);
      }
      for (let d = 0; d < centred.length; d++) out[this.hashDims + d] = centred[d]! * semanticScale;
    }
    return normalize(out);
  }

  /** Hashed features of one term (the word itself and its character 4-grams), computed once per term. */
  private termFeatures(term: string): { buckets: Int32Array; weights: Float32Array } {
    let f = this.featureCache.get(term);
    if (f) return f;
    const buckets: number[] = [];
    const weights: number[] = [];
    const add = (h: number, w: number) => {
      buckets.push(h % this.hashDims);
      weights.push(h & 0x80000000 ? -w : w);
    };
    add(fnv("w:", term), 1);
    const padded = `#${term}#`;
    if (this.charWeight > 0 && padded.length >= 5) {
      const w = this.charWeight / Math.sqrt(padded.length - 3);
      for (let i = 0; i + 4 <= padded.length; i++) add(fnv("c:", padded, i, i + 4), w);
    }
    f = { buckets: Int32Array.from(buckets), weights: Float32Array.from(weights) };
    if (this.featureCache.size < 500_000) this.featureCache.set(term, f);
    return f;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embed(t));
  }

  embedSync(text: string): Float32Array {
    return this.embed(text);
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }
}

/** FNV-1a over a prefix, a slice of `text` and an optional second word (no substring allocations). */
function fnv(prefix: string, text: string, start = 0, end = text.length, second?: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < prefix.length; i++) h = Math.imul(h ^ prefix.charCodeAt(i), 0x01000193);
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  if (second !== undefined) {
    h = Math.imul(h ^ 32, 0x01000193);
    for (let i = 0; i < second.length; i++) h = Math.imul(h ^ second.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/** target += scale · v */
function axpy(target: Float32Array, v: Float32Array, scale: number): void {
  for (let d = 0; d < v.length; d++) target[d]! += scale * v[d]!;
}
