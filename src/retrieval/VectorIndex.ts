import { randomUUID } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import hnswlib from "hnswlib-node";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

export interface HnswParameters {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Search breadth per shard; higher is more accurate and slower. */
  efSearch: number;
}

/**
 * Measured on the 100k-chunk synthetic corpus (`npm run bench`): efConstruction 64 builds in ~60% of the time of
 * 100, and a wider search (400) more than makes up the recall (one 100k graph: recall@10 0.941 at ef 400 vs
 * 0.876 at ef 200, ~2 ms a query).
 */
export const DEFAULT_HNSW: HnswParameters = { m: 16, efConstruction: 64, efSearch: 400 };

/** Corpora at least this large are split into one shard per core (up to 4), built in parallel worker threads. */
export const PARALLEL_BUILD_FROM = 20_000;

/**
 * Dense vectors in hnswlib-node (cosine space), in one or more shards whose labels are global document ids.
 * Searching asks every shard and merges, so a sharded index answers exactly like one graph would, only with
 * each shard built on its own core.
 */
export class VectorIndex {
  private constructor(
    private readonly shards: Hnsw[],
    readonly dimensions: number,
    /** Row-major vectors, kept only when built in this process: needed for exact search (recall checks). */
    private readonly matrix?: Float32Array,
  ) {}

  /**
   * Builds the index over `matrix` (row i = the vector of document i). Uses worker threads when the corpus is
   * large and the machine has more than one core; pass `shards` to choose.
   */
  static async build(
    matrix: Float32Array,
    dimensions: number,
    params: HnswParameters = DEFAULT_HNSW,
    shards = defaultShards(matrix.length / dimensions),
    /** The worker script that builds one shard (tests replace it). */
    workerScript: URL = SHARD_WORKER,
  ): Promise<VectorIndex> {
    const count = matrix.length / dimensions;
    if (!Number.isInteger(count)) throw new Error(`vector matrix length ${matrix.length} is not a multiple of ${dimensions}`);
    if (shards > 1) {
      try {
        return new VectorIndex(await buildInWorkers(matrix, dimensions, params, shards, workerScript), dimensions, matrix);
      } catch (err) {
        // Worker threads unavailable or failing (resource limits, a sandbox): build here instead, slower but sure.
        process.emitWarning(`HNSW shard workers failed (${(err as Error).message}); building the vector index in-process`);
      }
    }
    const hnsw = new HierarchicalNSW("cosine", dimensions);
    hnsw.initIndex({ maxElements: Math.max(1, count), m: params.m, efConstruction: params.efConstruction, randomSeed: 42 });
    for (let doc = 0; doc < count; doc++) hnsw.addPoint(Array.from(row(matrix, dimensions, doc)), doc);
    hnsw.setEf(params.efSearch);
    return new VectorIndex([hnsw], dimensions, matrix);
  }

  /** Loads shards written by `save(dir)`. */
  static load(dir: string, dimensions: number, shards: number, efSearch = DEFAULT_HNSW.efSearch): VectorIndex {
    return new VectorIndex(
      Array.from({ length: shards }, (_, i) => readShard(shardFile(dir, i), dimensions, efSearch)),
      dimensions,
    );
  }

  get size(): number {
    return this.shards.reduce((n, s) => n + s.getCurrentCount(), 0);
  }

  get shardCount(): number {
    return this.shards.length;
  }

  /** Writes one file per shard into `dir` (see `load`). */
  save(dir: string): void {
    this.shards.forEach((s, i) => s.writeIndexSync(shardFile(dir, i)));
  }

  setEf(ef: number): void {
    for (const s of this.shards) s.setEf(ef);
  }

  /** Approximate nearest neighbours, best first; score is cosine similarity. */
  search(query: Float32Array, k: number): { doc: number; score: number }[] {
    const q = Array.from(query);
    const hits: { doc: number; score: number }[] = [];
    for (const shard of this.shards) {
      const n = Math.min(k, shard.getCurrentCount());
      if (n === 0) continue;
      const { neighbors, distances } = shard.searchKnn(q, n);
      neighbors.forEach((doc, i) => hits.push({ doc, score: 1 - distances[i]! }));
    }
    if (this.shards.length > 1) hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, k);
  }

  /** Exact brute-force search over the same vectors (the ground truth HNSW recall is measured against). */
  exactSearch(query: Float32Array, k: number): { doc: number; score: number }[] {
    const m = this.matrix;
    if (!m) throw new Error("exact search needs the vectors of an index built in this process");
    const d = this.dimensions;
    const scored: { doc: number; score: number }[] = [];
    for (let doc = 0, base = 0; base < m.length; doc++, base += d) {
      let s = 0;
      for (let i = 0; i < d; i++) s += m[base + i]! * query[i]!;
      scored.push({ doc, score: s });
    }
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, k);
  }
}

const SHARD_WORKER = new URL("./hnsw-shard-worker.js", import.meta.url);

/** A row-major matrix for `count` vectors that worker threads can read without a copy. */
export function sharedMatrix(count: number, dimensions: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, count * dimensions) * 4), 0, count * dimensions);
}

function defaultShards(count: number): number {
  return count >= PARALLEL_BUILD_FROM ? Math.max(1, Math.min(availableParallelism(), 4)) : 1;
}

function row(matrix: Float32Array, dimensions: number, doc: number): Float32Array {
  return matrix.subarray(doc * dimensions, (doc + 1) * dimensions);
}

function readShard(file: string, dimensions: number, efSearch: number): Hnsw {
  const hnsw = new HierarchicalNSW("cosine", dimensions);
  hnsw.readIndexSync(file);
  hnsw.setEf(efSearch);
  return hnsw;
}

function shardFile(dir: string, shard: number): string {
  return path.join(dir, `vectors-${shard}.hnsw`);
}

/** One worker per shard builds its graph and writes it to a temporary file, which is then read back here. */
async function buildInWorkers(matrix: Float32Array, dimensions: number, params: HnswParameters, shards: number, workerScript: URL): Promise<Hnsw[]> {
  const count = matrix.length / dimensions;
  const shared = matrix.buffer instanceof SharedArrayBuffer ? matrix : copyToShared(matrix, count, dimensions);
  const dir = path.join(tmpdir(), `partnerpilot-hnsw-${process.pid}-${randomUUID().slice(0, 8)}`);
  await mkdir(dir, { recursive: true });
  try {
    const hnswlibPath = createRequire(import.meta.url).resolve("hnswlib-node");
    const per = Math.ceil(count / shards);
    const ranges = Array.from({ length: shards }, (_, i) => [i * per, Math.min(count, (i + 1) * per)] as const).filter(
      ([start, end]) => end > start,
    );
    const workers: Worker[] = [];
    const built = Promise.all(
      ranges.map(
        ([start, end], i) =>
          new Promise<void>((resolve, reject) => {
            const worker = new Worker(workerScript, {
              workerData: {
                hnswlib: hnswlibPath,
                vectors: shared,
                dimensions,
                start,
                end,
                m: params.m,
                efConstruction: params.efConstruction,
                seed: 42 + i,
                file: shardFile(dir, i),
              },
            });
            workers.push(worker);
            worker.once("message", () => resolve());
            worker.once("error", reject);
            worker.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`HNSW shard worker ${i} exited with code ${code}`))));
          }),
      ),
    );
    // One failed shard fails the build: stop the others instead of letting them run on for nothing.
    await built.catch(async (err: unknown) => {
      await Promise.all(workers.map((w) => w.terminate()));
      throw err;
    });
    return ranges.map((_, i) => readShard(shardFile(dir, i), dimensions, params.efSearch));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function copyToShared(matrix: Float32Array, count: number, dimensions: number): Float32Array {
  const shared = sharedMatrix(count, dimensions);
  shared.set(matrix);
  return shared;
}
