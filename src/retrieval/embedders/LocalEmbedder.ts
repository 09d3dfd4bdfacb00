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

  /** Learns document frequencies from the corpus (call before embedding documents). */
  fit(texts: string[]): void {
    this.fitTokens(texts.map((t) => words(t)));
  }

  /** `fit` over already tokenised texts (the index tokenises each chunk once for every consumer). */
  fitTokens(tokenized: string[][]): void {
    const df = new Map<string, number>();
    for (const tokens of tokenized) {
      for (const t of new Set(tokens.map(stem))) df.set(t, (df.get(t) ?? 0) + 1);
    }
    this.restore({ documents: tokenized.length, df: Object.fromEntries(df) });
    if (this.vectors && this.semanticWeight > 0) {
      const mean = new Float32Array(this.vectors.dimensions);
      for (const tokens of tokenized) {
        const v = this.semantic(tokens, false);
        for (let d = 0; d < mean.length; d++) mean[d]! += v[d]! / tokenized.length;
      }
      this.semanticMean = mean;
    }
  }

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

  /** IDF-weighted mean of word vectors, normalised, minus the corpus mean when fitted. */
  private semantic(tokens: string[], centre = true): Float32Array {
    const semantic = new Float32Array(this.vectors!.dimensions);
    for (const token of tokens) {
      const v = this.vectors!.get(token);
      if (!v) continue;
      const w = this.idf(stem(token));
      for (let d = 0; d < v.length; d++) semantic[d]! += w * v[d]!;
    }
    normalize(semantic);
    if (centre && this.semanticMean) {
      for (let d = 0; d < semantic.length; d++) semantic[d]! -= this.semanticMean[d]!;
      normalize(semantic);
    }
    return semantic;
  }

  private idf(term: string): number {
    const df = this.df.get(term);
    return df === undefined ? this.maxIdf : Math.log(1 + this.documents / df);
  }

  embed(text: string): Float32Array {
    return this.embedTokens(words(text));
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

  /** Embeds an already tokenised text (see `words`). */
  embedTokens(tokens: string[]): Float32Array {
    const stems = tokens.map(stem);
    const hashed = new Float32Array(this.hashDims);
    const counts = new Map<string, number>();
    for (const s of stems) counts.set(s, (counts.get(s) ?? 0) + 1);
    for (const [s, tf] of counts) {
      const w = (1 + Math.log(tf)) * this.idf(s);
      const { buckets, weights } = this.termFeatures(s);
      for (let i = 0; i < buckets.length; i++) hashed[buckets[i]!]! += weights[i]! * w;
    }
    for (let i = 0; i + 1 < stems.length; i++) {
      const h = fnv("b:", stems[i]!, 0, undefined, stems[i + 1]!);
      hashed[h % this.hashDims]! += (h & 0x80000000 ? -0.5 : 0.5) * Math.min(this.idf(stems[i]!), this.idf(stems[i + 1]!));
    }
    normalize(hashed);
    const out = new Float32Array(this.dimensions);
    const lexicalScale = Math.sqrt(1 - this.semanticWeight);
    for (let i = 0; i < this.hashDims; i++) out[i] = hashed[i]! * lexicalScale;
    if (this.vectors && this.semanticWeight > 0) {
      const semantic = this.semantic(tokens);
      const semanticScale = Math.sqrt(this.semanticWeight);
      for (let d = 0; d < semantic.length; d++) out[this.hashDims + d] = semantic[d]! * semanticScale;
    }
    return normalize(out);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embed(t));
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
