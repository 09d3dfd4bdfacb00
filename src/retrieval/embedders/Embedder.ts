/** Turns text into dense vectors. `id` changes whenever vectors would change, so a stale index is rebuilt. */
export interface Embedder {
  readonly id: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  /**
   * The same vector as `embedQuery`, computed in-process without waiting; only embedders that need no service
   * have it. The offline composer uses it to compare each candidate sentence with the question.
   */
  embedSync?(text: string): Float32Array;
  /** State to persist beside the index (e.g. a fitted vocabulary); undefined when there is none. */
  state?(): unknown;
}

/** L2-normalises in place and returns the vector (a zero vector stays zero). */
export function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  if (sum > 0) {
    const inv = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i]! *= inv;
  }
  return v;
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
