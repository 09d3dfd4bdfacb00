/**
 * Trained models kept on disk, keyed by a hash of everything they were trained on, so a process start reads
 * them in milliseconds instead of training for seconds. A missing, torn or foreign file means "train again";
 * writes go to a temporary name and are renamed into place, so concurrent starts never read half a model.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type FeatureScale, LinearClassifier } from "./LinearClassifier.ts";

/** A stable key for training inputs (examples, options, feature version). */
export function trainingKey(parts: unknown): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 20);
}

export function cachedClassifier<L extends string>(
  dir: string | undefined,
  name: string,
  key: string,
  features: (text: string) => string[],
  train: () => LinearClassifier<L>,
  scale?: FeatureScale,
): LinearClassifier<L> {
  if (!dir) return train();
  const base = path.join(dir, `${name}-${key}`);
  try {
    const loaded = LinearClassifier.deserialise<L>(readFileSync(`${base}.json`, "utf8"), readFileSync(`${base}.f32`), features, scale);
    if (loaded) return loaded;
  } catch {
    // Not cached yet (or unreadable): train below.
  }
  const model = train();
  try {
    mkdirSync(dir, { recursive: true });
    const { header, weights } = model.serialise();
    const tmp = `${base}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(`${tmp}.f32`, weights);
    writeFileSync(`${tmp}.json`, header);
    // Weights first: a reader that finds the header finds its weights.
    renameSync(`${tmp}.f32`, `${base}.f32`);
    renameSync(`${tmp}.json`, `${base}.json`);
  } catch {
    // A read-only data directory only costs the next start a training run.
  }
  return model;
}
