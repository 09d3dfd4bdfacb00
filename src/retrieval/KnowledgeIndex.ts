import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { silentLogger, type Logger } from "../logging.ts";
import { Bm25Index } from "./bm25.ts";
import { chunkPlaybooks, type Chunk } from "./chunking.ts";
import { dot, type Embedder } from "./embedders/Embedder.ts";
import { encodeCached, type SentenceEncoder } from "./embedders/SentenceEncoder.ts";
import { LocalEmbedder, type LocalEmbedderState } from "./embedders/LocalEmbedder.ts";
import { convexFusion, diversify, reciprocalRankFusion } from "./fusion.ts";
import { loadPlaybooks, type Playbook } from "./playbooks.ts";
import { PlaybookPrior, priorFeatures, readLabelledQuestions } from "./PlaybookPrior.ts";
import { readSectionQuestions, SectionPrior } from "./SectionPrior.ts";
import { analyse, containsId, distinctStemsOfAll, stemSequence, type AnalysedCorpus } from "./analysis.ts";
import { defaultGlossary, expandGlossary } from "./glossary.ts";
import { type EnglishWords, SpellingCorrector } from "./spelling.ts";
import { foldAccents, isStopword, STEMMING_VERSION, terms, words } from "./text.ts";
import { DEFAULT_HNSW, sharedMatrix, VectorIndex, type HnswParameters } from "./VectorIndex.ts";

/** Sentence vectors kept for the composer (a corpus has a few thousand sentences; this bounds a huge one). */
const MAX_SENTENCE_VECTORS = 50_000;

/**
 * Bumped whenever the on-disk layout or chunking changes, so old indexes are rebuilt; the vectors are built from
 * stems, so a change of stemming rebuilds them too.
 */
const INDEX_FORMAT = 10 * 100 + STEMMING_VERSION;

export type SearchMode = "hybrid" | "bm25" | "dense";

export interface SearchOptions {
  /** Results to return. */
  k?: number;
  mode?: SearchMode;
  /** Candidates taken from each half before fusion. */
  candidates?: number;
  /** At most this many chunks of one playbook before other playbooks get a turn (0 = no limit). */
  perDocument?: number;
  fusion?: FusionOptions;
  /**
   * Weight of the learned playbook prior (PlaybookPrior) added to the fused score, scaled to the best hit's
   * (0 = off, the default for the retrieval evaluation of the halves).
   */
  priorWeight?: number;
  /**
   * Weight of the sentence encoder's similarity between the query and each chunk's heading ("title: section"),
   * added to the fused score like the prior (0 = off; needs `attachSentenceEncoder`).
   */
  semanticWeight?: number;
  /**
   * Weight of the learned section prior (SectionPrior: P(section | query, playbook)) by which sections swap places
   * within their playbook (reorderWithinPlaybooks; each playbook keeps its passages' scores; 0 = off).
   */
  sectionWeight?: number;
  /**
   * Weight of the best match among the questions a section answers (its ```questions block, BM25 over the questions
   * alone, relative to the best-matching question), added to the fused score like the prior (0 = off).
   */
  questionWeight?: number;
}

export interface FusionOptions {
  method: "rrf" | "convex";
  /** Weight of the dense half (the lexical half has 1 - denseWeight for convex, 1 for rrf). */
  denseWeight: number;
}

export const DEFAULT_FUSION: FusionOptions = { method: "convex", denseWeight: 0.3 };
/** Candidates taken from each half before fusion, unless a search asks for more. */
export const DEFAULT_CANDIDATES = 40;
/** Chunks of one playbook placed before other playbooks get a turn. */
export const DEFAULT_PER_DOCUMENT = 2;
/**
 * The section prior reorders the sections of the playbooks among the first this many fused candidates: the answer
 * reads the top six (two a playbook), the best playbook's close sections and the use cases among the first 24.
 */
export const SECTION_PRIOR_DEPTH = 24;

/** The playbooks of ranked hits, best first, each once (at most `limit`). */
export function rankedPlaybooks(hits: readonly SearchHit[], limit = 3): string[] {
  return [...new Set(hits.map((h) => h.chunk.path))].slice(0, limit);
}

export interface SearchHit {
  chunk: Chunk;
  /** Fused score (RRF), or the single half's score in bm25/dense mode. */
  score: number;
  /** Cosine similarity of the query to this chunk (dense half), when it was a dense candidate. */
  denseScore?: number;
  /** BM25 score, when it was a lexical candidate. */
  lexicalScore?: number;
  /** Share of the query's distinct terms that appear in this chunk (0..1). */
  termCoverage: number;
  /** P(this chunk's playbook | query) from the learned playbook prior, when the search used it. */
  prior?: number;
  /** Sentence-encoder similarity of the query to this chunk's heading, when the search used it. */
  semanticScore?: number;
  /** P(this section | query, its playbook) from the learned section prior, when the search used it. */
  sectionPrior?: number;
}

export interface IndexManifest {
  format: number;
  embedder: string;
  dimensions: number;
  corpusHash: string;
  chunks: number;
  playbooks: number;
  /** HNSW shards (one per core for large corpora), stored as vectors-<i>.hnsw. */
  vectorShards: number;
  builtAt: string;
  buildMs: number;
}

export interface OpenIndexOptions {
  knowledgeDir: string;
  /** Where the index lives; `<dataDir>/index`. */
  dataDir: string;
  embedder: Embedder;
  logger?: Logger;
  /** Rebuild even when the stored index matches. */
  force?: boolean;
  hnsw?: HnswParameters;
}

/**
 * Text the two halves index for a chunk: title and section carry as much meaning as the body, and the questions
 * the section answers carry the words employees ask it in.
 */
export function indexText(chunk: Chunk): string {
  return `${chunk.title}\n${chunk.section}\n${chunk.tags.join(" ")} ${chunk.systems.join(" ")}\n${chunk.text}${chunk.questions ? `\n${chunk.questions.join("\n")}` : ""}`;
}

/** Hybrid search over the playbooks: BM25 and dense vectors fused with reciprocal rank fusion. */
export class KnowledgeIndex {
  /** Each chunk's distinct stem ids, ascending (term coverage and confidence read these). */
  private readonly chunkTerms: Int32Array[];
  private readonly bm25: Bm25Index;
  /** BM25 over the questions the sections answer (one document per question), and each question's chunk. */
  private readonly questions: Bm25Index;
  private readonly questionChunk: number[] = [];

  constructor(
    readonly chunks: Chunk[],
    readonly playbooks: Playbook[],
    private readonly corpus: AnalysedCorpus,
    readonly vectors: VectorIndex,
    readonly embedder: Embedder,
    readonly manifest: IndexManifest,
  ) {
    this.chunkTerms = distinctStemsOfAll(corpus);
    const asked: string[][] = [];
    chunks.forEach((chunk, doc) => {
      for (const q of chunk.questions ?? []) {
        asked.push(terms(q));
        this.questionChunk.push(doc);
      }
    });
    this.questions = Bm25Index.fromTerms(asked);
    this.bm25 = new Bm25Index(
      corpus.documents.map((_, doc) => stemSequence(corpus, doc)),
      corpus.stemIds,
    );
  }

  /** Loads the stored index when it matches the corpus and embedder; otherwise builds and stores a new one. */
  static async open(options: OpenIndexOptions): Promise<{ index: KnowledgeIndex; rebuilt: boolean }> {
    const logger = options.logger ?? silentLogger;
    const playbooks = await loadPlaybooks(options.knowledgeDir);
    const corpusHash = hashCorpus(playbooks);
    const dir = path.join(options.dataDir, "index");
    const manifest = await readManifest(dir);
    if (
      !options.force &&
      manifest &&
      manifest.format === INDEX_FORMAT &&
      manifest.corpusHash === corpusHash &&
      manifest.embedder === options.embedder.id &&
      manifest.dimensions === options.embedder.dimensions
    ) {
      try {
        const index = await KnowledgeIndex.load(dir, playbooks, options.embedder, manifest, options.hnsw);
        index.modelCacheDir = path.join(options.dataDir, "models");
        logger.debug({ chunks: manifest.chunks }, "reusing stored index");
        return { index, rebuilt: false };
      } catch (err) {
        logger.warn({ err: (err as Error).message }, "stored index unreadable; rebuilding");
      }
    }
    const index = await KnowledgeIndex.build(playbooks, options.embedder, corpusHash, options.hnsw);
    index.modelCacheDir = path.join(options.dataDir, "models");
    await index.save(dir);
    logger.info({ chunks: index.chunks.length, playbooks: playbooks.length, ms: index.manifest.buildMs }, "index built");
    return { index, rebuilt: true };
  }

  /** Builds an index in memory (no disk). */
  static async build(
    playbooks: Playbook[],
    embedder: Embedder,
    corpusHash = hashCorpus(playbooks),
    hnsw: HnswParameters = DEFAULT_HNSW,
    chunks: Chunk[] = chunkPlaybooks(playbooks),
  ): Promise<KnowledgeIndex> {
    const started = performance.now();
    const texts = chunks.map(indexText);
    // Tokenise each chunk once; the embedder, BM25 and coverage all read the same interned ids.
    const corpus = analyse(texts);
    const matrix = sharedMatrix(chunks.length, embedder.dimensions);
    if (embedder instanceof LocalEmbedder) embedder.embedCorpus(corpus, matrix);
    else (await embedder.embedDocuments(texts)).forEach((v, i) => matrix.set(v, i * embedder.dimensions));
    const vectorIndex = await VectorIndex.build(matrix, embedder.dimensions, hnsw);
    const manifest: IndexManifest = {
      format: INDEX_FORMAT,
      embedder: embedder.id,
      dimensions: embedder.dimensions,
      corpusHash,
      chunks: chunks.length,
      playbooks: playbooks.length,
      vectorShards: vectorIndex.shardCount,
      builtAt: new Date().toISOString(),
      buildMs: 0,
    };
    const index = new KnowledgeIndex(chunks, playbooks, corpus, vectorIndex, embedder, manifest);
    manifest.buildMs = Math.round(performance.now() - started);
    return index;
  }

  private static async load(
    dir: string,
    playbooks: Playbook[],
    embedder: Embedder,
    manifest: IndexManifest,
    hnsw: HnswParameters = DEFAULT_HNSW,
  ): Promise<KnowledgeIndex> {
    const chunks = JSON.parse(await readFile(path.join(dir, "chunks.json"), "utf8")) as Chunk[];
    if (chunks.length !== manifest.chunks) throw new Error("chunk count does not match the manifest");
    if (embedder instanceof LocalEmbedder) {
      embedder.restore(JSON.parse(await readFile(path.join(dir, "embedder.json"), "utf8")) as LocalEmbedderState);
    }
    const vectors = VectorIndex.load(dir, embedder.dimensions, manifest.vectorShards, hnsw.efSearch);
    if (vectors.size !== chunks.length) throw new Error("vector count does not match the manifest");
    return new KnowledgeIndex(chunks, playbooks, analyse(chunks.map(indexText)), vectors, embedder, manifest);
  }

  /** Writes the index files, the manifest last, through a temporary directory swapped in at the end. */
  async save(dir: string): Promise<void> {
    const tmp = `${dir}.tmp-${process.pid}-${randomUUID().slice(0, 8)}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, "chunks.json"), JSON.stringify(this.chunks));
    const state = this.embedder.state?.();
    if (state !== undefined) await writeFile(path.join(tmp, "embedder.json"), JSON.stringify(state));
    this.vectors.save(tmp);
    await writeFile(path.join(tmp, "manifest.json"), JSON.stringify(this.manifest, null, 2));
    await mkdir(path.dirname(dir), { recursive: true });
    // Swap with renames only (each atomic), never deleting `dir` in place: a concurrent writer or reader then sees
    // either a complete index or none, never one half-deleted.
    const old = `${dir}.old-${process.pid}-${randomUUID().slice(0, 8)}`;
    await rename(dir, old).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "ENOENT") throw err;
    });
    try {
      await rename(tmp, dir);
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      // Only complete indexes are ever renamed into place, so "already there" means another writer installed
      // one between our two renames: theirs is as good as ours.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") {
        // Could not install ours (permissions, disk): put the previous index back rather than lose it.
        await rename(old, dir).catch(() => undefined);
        throw err;
      }
    }
    await rm(old, { recursive: true, force: true });
  }

  /** Inverse document frequency of a stemmed term over the chunks; unknown terms get the maximum. */
  idf(term: string): number {
    return this.bm25.idf(term);
  }

  private readonly sentenceVectors = new Map<string, Float32Array>();

  /**
   * Cosine similarity of a sentence to `question` under the dense embedder, when it embeds in-process (undefined
   * otherwise). Sentence vectors are kept: candidates are sentences of the corpus, a bounded set.
   */
  sentenceSimilarity(question: string): ((sentence: string) => number) | undefined {
    const embed = this.embedder.embedSync?.bind(this.embedder);
    if (!embed) return undefined;
    const q = embed(question);
    return (sentence) => {
      let v = this.sentenceVectors.get(sentence);
      if (!v) {
        v = embed(sentence);
        if (this.sentenceVectors.size < MAX_SENTENCE_VECTORS) this.sentenceVectors.set(sentence, v);
      }
      return dot(q, v);
    };
  }

  /** The chunks of one playbook, in document order. */
  chunksOf(path: string): Chunk[] {
    return this.chunks.filter((c) => c.path === path);
  }

  /** The stemmed terms of a chunk (as indexed), kept from the build so queries need not re-tokenise. */
  termsOf(chunk: Chunk): Set<string> {
    const ids = this.chunkTerms[chunk.id];
    return ids ? new Set(Array.from(ids, (id) => this.corpus.stems[id]!)) : new Set(terms(indexText(chunk)));
  }

  /** Whether any chunk contains the stemmed term. */
  knows(term: string): boolean {
    return this.bm25.documentFrequency(term) > 0;
  }

  /** Every passage's words, lower-cased, one space between, by chunk: what `names` looks phrases up in. */
  private phraseForms?: string[];
  /**
   * Whether some passage has this phrase word for word (case and punctuation aside): "Copilot in Power BI" is named only
   * where those words stand together, not where "Copilot" and "Power BI" both occur; "Fireflies" does not name
   * "Firefly", as stems would. A section's ```questions block is what employees ask, not what the playbooks say: a
   * product named only there ("do we need to tag pics made with midjourney") is not one the playbooks name, and "is
   * midjourney ok?" gets the rule for tools off the approved list, not the labelling rule of AI images.
   */
  names(phrase: string): boolean {
    return this.namesOutside(phrase, () => false);
  }

  /** Whether a passage outside `except` (those it is true for) has this phrase word for word, as `names` reads it. */
  namesOutside(phrase: string, except: (chunk: Chunk) => boolean): boolean {
    const wanted = phraseForm(phrase);
    if (!wanted.trim()) return false;
    this.phraseForms ??= this.chunks.map((c) => phraseForm(c.text));
    return this.chunks.some((c, i) => !except(c) && this.phraseForms![i]!.includes(wanted));
  }

  private prior?: PlaybookPrior;
  /** Where trained models are cached (`<dataDir>/models`); set by `open`, absent for in-memory indexes. */
  modelCacheDir?: string;

  /** The learned playbook prior, trained on first use (about a second) and kept for the index's life. */
  playbookPrior(): PlaybookPrior {
    this.prior ??= PlaybookPrior.train(this.playbooks, this.chunks, readLabelledQuestions(), this.modelCacheDir, (t) => this.expandAliases(t));
    return this.prior;
  }

  /** Searches with another playbook prior (one learned without some labelled questions); undefined: the shipped one again. */
  usePlaybookPrior(prior: PlaybookPrior | undefined): void {
    this.prior = prior;
  }

  private sections?: SectionPrior;
  /** The learned section prior, trained on first use (about a second) and kept for the index's life. */
  sectionPrior(): SectionPrior {
    this.sections ??= SectionPrior.train(this.chunks, readSectionQuestions(), this.modelCacheDir, (t) => this.expandAliases(t));
    return this.sections;
  }

  /** Searches with another section prior (one learned without some labelled questions); undefined: the shipped one again. */
  useSectionPrior(prior: SectionPrior | undefined): void {
    this.sections = prior;
  }

  /** The sentence encoder, for search (with `headingVectors`) or only for reading the question. */
  private encoder?: SentenceEncoder;
  /** Every chunk's heading vector under `encoder`, when search uses the encoder too. */
  private headingVectors?: Float32Array[];

  /**
   * Lets search use a sentence encoder: every chunk's heading ("title: section") is encoded once (vectors cached
   * under `<dataDir>/models` by text hash and encoder id, so a restart or a one-playbook edit encodes little).
   */
  async attachSentenceEncoder(encoder: SentenceEncoder): Promise<void> {
    this.headingVectors = await encodeCached(encoder, this.chunks.map(headingText), this.modelCacheDir);
    this.encoder = encoder;
  }

  /** Makes a sentence encoder available to readers of the question (the intent model) without using it in search. */
  useSentenceEncoder(encoder: SentenceEncoder): void {
    this.encoder = encoder;
  }

  /** The sentence encoder, if one is attached (for search, or only for reading the question). */
  get sentenceEncoder(): SentenceEncoder | undefined {
    return this.encoder;
  }

  /** The encoder's vector of a text (the last few are kept, so search and the intent model share one encoding). */
  async encode(text: string): Promise<Float32Array | undefined> {
    return this.encoder ? this.queryVector(text) : undefined;
  }

  private readonly queryVectors = new Map<string, Float32Array>();

  /** The attached encoder's vector of a query (the last few are kept: a question is searched, then composed). */
  private async queryVector(query: string): Promise<Float32Array> {
    let v = this.queryVectors.get(query);
    if (!v) {
      [v] = await this.encoder!.encode([query]);
      this.queryVectors.set(query, v!);
      if (this.queryVectors.size > 16) this.queryVectors.delete(this.queryVectors.keys().next().value!);
    }
    return v!;
  }

  /** The id of the sentence encoder search uses, if any (one attached only for reading the question does not count). */
  get sentenceEncoderId(): string | undefined {
    return this.headingVectors ? this.encoder?.id : undefined;
  }

  private corrector?: SpellingCorrector;

  /**
   * The English words typos are told apart from (the word vectors' vocabulary): without them no typo is corrected,
   * since an English word the playbooks do not use would be "corrected" into one they do. The corrector is built here,
   * when the index opens, not on the first question.
   */
  useEnglishWords(english: EnglishWords): void {
    const counts = new Map<string, number>();
    const count = (t: string) => {
      for (const w of words(t, true)) counts.set(w, (counts.get(w) ?? 0) + 1);
    };
    for (const c of this.chunks) count(`${c.section} ${c.text}`);
    for (const pb of this.playbooks) count(pb.title);
    const aliases = new Set(this.playbooks.flatMap((pb) => [pb.title, ...(pb.aliases ?? [])]).flatMap((t) => words(t, true)));
    const glossary = defaultGlossary();
    this.corrector = new SpellingCorrector(counts, english, aliases, (t) => glossary.matches(t).length > 0);
  }

  /**
   * The message with its typos corrected to the playbooks' words ("copliot" → "copilot", "licnese" → "license"; see
   * ./spelling.ts): unchanged when no English dictionary was given.
   */
  correctSpelling(text: string): string {
    return this.corrector?.correct(text) ?? text;
  }

  private aliasPattern?: { pattern: RegExp; expansion: Map<string, string>; exact: Map<string, Set<string>> } | null;

  /**
   * The query with the company's vocabulary spelled out: an alias from a playbook's front matter (`SFDC`,
   * `snow`, `champs`) adds the words the playbook itself uses (its id without the folder: `salesforce`,
   * `servicenow`, `champions network`), so an abbreviation finds what the full name would. Case does not
   * matter, except for an alias that is a function word in lower case (the Dutch works council `OR`): that one
   * counts only as written, so "or" in a sentence stays a conjunction.
   * The glossary (./glossary.ts) goes first: German, Dutch, Spanish, Polish and French words get their English
   * appended, so every reader of the expanded text (search, the prior and its training, the intent model, the
   * scope decision) sees "Lizenz" as "licence seat" too; an English message is left as it is.
   */
  expandAliases(rawQuery: string): string {
    const query = expandGlossary(rawQuery);
    if (this.aliasPattern === undefined) {
      const expansion = new Map<string, string>();
      const exact = new Map<string, Set<string>>();
      for (const pb of this.playbooks) {
        const words = pb.id.split("-").slice(1).join(" ");
        for (const alias of pb.aliases ?? []) {
          const key = alias.toLowerCase();
          const prev = expansion.get(key);
          expansion.set(key, prev && !prev.includes(words) ? `${prev} ${words}` : words);
          if (isStopword(key)) exact.set(key, (exact.get(key) ?? new Set()).add(alias));
        }
      }
      const keys = [...expansion.keys()].sort((a, b) => b.length - a.length).map((k) => k.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
      this.aliasPattern = keys.length ? { pattern: new RegExp(`(?<![\\p{L}\\p{N}])(?:${keys.join("|")})(?![\\p{L}\\p{N}])`, "giu"), expansion, exact } : null;
    }
    if (!this.aliasPattern) return query;
    const added = new Set<string>();
    for (const m of query.matchAll(this.aliasPattern.pattern)) {
      const key = m[0].toLowerCase();
      if (isStopword(key) && !this.aliasPattern.exact.get(key)?.has(m[0])) continue;
      const words = this.aliasPattern.expansion.get(key);
      if (words) added.add(words);
    }
    return added.size ? `${query} ${[...added].join(" ")}` : query;
  }

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const k = options.k ?? 8;
    const perDocument = options.perDocument ?? DEFAULT_PER_DOCUMENT;
    const hits = await this.rank(query, { ...options, candidates: Math.max(options.candidates ?? DEFAULT_CANDIDATES, k) });
    return perDocument > 0 ? diversify(hits, (h) => h.chunk.path, perDocument, k) : hits.slice(0, k);
  }

  /**
   * Every fused candidate, best first, before any cut or diversification (`search` is this plus the cut): for a
   * caller that needs several views of one query's results without searching twice.
   */
  async rank(rawQuery: string, options: Omit<SearchOptions, "k" | "perDocument"> = {}): Promise<SearchHit[]> {
    const mode = options.mode ?? "hybrid";
    const candidates = options.candidates ?? DEFAULT_CANDIDATES;
    const query = this.expandAliases(rawQuery);
    const queryTerms = terms(query);

    const lexical = mode === "dense" ? [] : this.bm25.search(queryTerms, candidates);
    const dense = mode === "bm25" ? [] : this.vectors.search(await this.embedder.embedQuery(query), candidates);
    const lexicalScores = new Map(lexical.map((h) => [h.doc, h.score]));
    const denseScores = new Map(dense.map((h) => [h.doc, h.score]));

    const fusion = options.fusion ?? DEFAULT_FUSION;
    const ranked =
      mode === "bm25"
        ? lexical
        : mode === "dense"
          ? dense
          : fusion.method === "rrf"
            ? reciprocalRankFusion([{ hits: lexical }, { hits: dense, weight: fusion.denseWeight }])
            : convexFusion(lexical, dense, fusion.denseWeight);
    const distinct = [...new Set(queryTerms)];
    const distinctIds = distinct.map((t) => this.corpus.stemIds.get(t) ?? -1);
    const priorWeight = options.priorWeight ?? 0;
    const semanticWeight = this.headingVectors ? (options.semanticWeight ?? 0) : 0;
    const sectionWeight = options.sectionWeight ?? 0;
    let fused = ranked;
    let prior: Map<string, number> | undefined;
    let section: Map<number, number> | undefined;
    let semantic: Float64Array | undefined;
    if (semanticWeight > 0 && mode === "hybrid") {
      const qv = await this.queryVector(query);
      semantic = Float64Array.from(this.headingVectors!, (v) => Math.max(0, dot(qv, v)));
    }
    let asked: Map<number, number> | undefined;
    const questionWeight = options.questionWeight ?? 0;
    if (questionWeight > 0 && mode === "hybrid") {
      const hits = this.questions.search(queryTerms, 30);
      const best = hits[0]?.score || 1;
      asked = new Map();
      for (const h of hits) {
        const doc = this.questionChunk[h.doc]!;
        asked.set(doc, Math.max(asked.get(doc) ?? 0, h.score / best));
      }
    }
    if ((priorWeight > 0 || semantic || sectionWeight > 0 || asked) && ranked.length > 0) {
      const features = priorWeight > 0 || sectionWeight > 0 ? priorFeatures(query) : [];
      if (priorWeight > 0) prior = this.playbookPrior().probabilitiesOf(features);

      const top = Math.max(...ranked.map((h) => h.score)) || 1;
      const base = new Map(ranked.map((h) => [h.doc, h.score / top]));
      // The encoder may bring in a chunk neither half found: its closest headings join the candidates.
      if (semantic) {
        const closest = Array.from(semantic.keys()).sort((a, b) => semantic![b]! - semantic![a]! || a - b);
        for (const doc of closest.slice(0, candidates)) if (!base.has(doc)) base.set(doc, 0);
      }
      if (asked) for (const doc of asked.keys()) if (!base.has(doc)) base.set(doc, 0);
      fused = [...base]
        .map(([doc, score]) => ({
          doc,
          score: score + priorWeight * (prior?.get(this.chunks[doc]!.path) ?? 0) + semanticWeight * (semantic?.[doc] ?? 0) + questionWeight * (asked?.get(doc) ?? 0),
        }))
        .sort((a, b) => b.score - a.score || a.doc - b.doc);
      if (sectionWeight > 0) {
        // Only the playbooks near the top can change an answer: asking the others' models would cost more than search.
        const near = fused.slice(0, SECTION_PRIOR_DEPTH).map((h) => this.chunks[h.doc]!.path);
        section = this.sectionPrior().probabilitiesOf(features, near);
        fused = reorderWithinPlaybooks(fused, (doc) => this.chunks[doc]!.path, (doc) => sectionWeight * (section!.get(doc) ?? 0));
      }
    }
    return fused.map(({ doc, score }) => {
      const chunkTerms = this.chunkTerms[doc]!;
      const covered = distinctIds.filter((id) => id >= 0 && containsId(chunkTerms, id)).length;
      return {
        chunk: this.chunks[doc]!,
        score,
        denseScore: denseScores.get(doc),
        lexicalScore: lexicalScores.get(doc),
        termCoverage: distinct.length ? covered / distinct.length : 0,
        ...(prior ? { prior: prior.get(this.chunks[doc]!.path) ?? 0 } : {}),
        ...(semantic ? { semanticScore: semantic[doc]! } : {}),
        ...(section?.has(doc) ? { sectionPrior: section.get(doc)! } : {}),
      };
    });
  }
}

/** What the sentence encoder reads of a chunk: where it sits, which says what it is about. */
export function headingText(chunk: Chunk): string {
  return `${chunk.title}: ${chunk.section}`;
}

export function hashCorpus(playbooks: Playbook[]): string {
  const h = createHash("sha256");
  for (const pb of [...playbooks].sort((a, b) => a.path.localeCompare(b.path))) {
    h.update(JSON.stringify({ ...pb, bodyLine: undefined }));
  }
  return h.digest("hex");
}

async function readManifest(dir: string): Promise<IndexManifest | undefined> {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(await readFile(file, "utf8")) as IndexManifest;
  } catch {
    return undefined;
  }
}

/**
 * Sections change places within their playbook by `bonus`, each playbook keeping the scores its passages had: which
 * playbooks rank where stays the fused score's and the playbook prior's, and a playbook with few sections (whose
 * sections the section prior finds likely only because there are few) does not climb.
 */
export function reorderWithinPlaybooks(ranked: { doc: number; score: number }[], pathOf: (doc: number) => string, bonus: (doc: number) => number): { doc: number; score: number }[] {
  const groups = new Map<string, { doc: number; score: number }[]>();
  for (const h of ranked) {
    const p = pathOf(h.doc);
    if (!groups.has(p)) groups.set(p, []);
    groups.get(p)!.push(h);
  }
  const out: { doc: number; score: number }[] = [];
  for (const group of groups.values()) {
    const scores = group.map((h) => h.score).sort((a, b) => b - a);
    const order = [...group].sort((a, b) => b.score + bonus(b.doc) - (a.score + bonus(a.doc)) || a.doc - b.doc);
    order.forEach((h, i) => out.push({ doc: h.doc, score: scores[i]! }));
  }
  return out.sort((a, b) => b.score - a.score || a.doc - b.doc);
}

/** Words of a text, lower-cased and accent-folded, each between single spaces (" copilot in power bi "). */
function phraseForm(text: string): string {
  const words = foldAccents(text.toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];
  return ` ${words.join(" ")} `;
}
