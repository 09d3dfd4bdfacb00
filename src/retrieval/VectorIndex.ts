import hnswlib from "hnswlib-node";
import { dot } from "./embedders/Embedder.ts";

const { HierarchicalNSW } = hnswlib;

export interface HnswParameters {
  /** Graph degree. */
  m: number;
  efConstruction: number;
  /** Search breadth; higher is more accurate and slower. */
  efSearch: number;
}

export const DEFAULT_HNSW: HnswParameters = { m: 16, efConstruction: 100, efSearch: 200 };

/** Dense vectors in hnswlib-node (cosine space). Labels are chunk ids 0..n-1. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: InstanceType<typeof HierarchicalNSW>,
    readonly dimensions: number,
    /** Kept only when built in this process: needed for exact search (benchmarks, recall checks). */
    private readonly vectors?: Float32Array[],
  ) {}

  static build(vectors: Float32Array[], dimensions: number, params: HnswParameters = DEFAULT_HNSW): VectorIndex {
    const hnsw = new HierarchicalNSW("cosine", dimensions);
    hnsw.initIndex({ maxElements: Math.max(1, vectors.length), m: params.m, efConstruction: params.efConstruction, randomSeed: 42 });
    vectors.forEach((v, i) => hnsw.addPoint(Array.from(v), i));
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimensions, vectors);
  }

  static load(file: string, dimensions: number, efSearch = DEFAULT_HNSW.efSearch): VectorIndex {
    const hnsw = new HierarchicalNSW("cosine", dimensions);
    hnsw.readIndexSync(file);
    hnsw.setEf(efSearch);
    return new VectorIndex(hnsw, dimensions);
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  setEf(ef: number): void {
    this.hnsw.setEf(ef);
  }

  /** Approximate nearest neighbours; score is cosine similarity. */
  search(query: Float32Array, k: number): { doc: number; score: number }[] {
    const n = Math.min(k, this.size);
    if (n === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), n);
    return neighbors.map((doc, i) => ({ doc, score: 1 - distances[i]! }));
  }

  /** Exact brute-force search over the same vectors (the ground truth HNSW recall is measured against). */
  exactSearch(query: Float32Array, k: number): { doc: number; score: number }[] {
    if (!this.vectors) throw new Error("exact search needs the vectors of an index built in this process");
    const scored = this.vectors.map((v, doc) => ({ doc, score: dot(v, query) }));
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, k);
  }
}
