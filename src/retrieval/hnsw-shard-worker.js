// Builds one HNSW shard in a worker thread and writes it to a file (VectorIndex.build runs one per core for large
// corpora). Plain JavaScript on purpose: worker threads do not inherit the tsx loader the CLI registers.
// workerData: { hnswlib, vectors: Float32Array over a SharedArrayBuffer (row i = document i), dimensions, start,
//               end, m, efConstruction, seed, file }
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require(workerData.hnswlib);
const { vectors, dimensions, start, end, m, efConstruction, seed, file } = workerData;

const index = new HierarchicalNSW("cosine", dimensions);
index.initIndex({ maxElements: Math.max(1, end - start), m, efConstruction, randomSeed: seed });
for (let doc = start; doc < end; doc++) {
  index.addPoint(Array.from(vectors.subarray(doc * dimensions, (doc + 1) * dimensions)), doc);
}
index.writeIndexSync(file);
parentPort.postMessage({ built: end - start });
