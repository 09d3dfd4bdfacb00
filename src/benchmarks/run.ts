import path from "node:path";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { AnswerService } from "../assistant/AnswerService.ts";
import { readJsonl, RetrievalCaseSchema } from "../evaluation/retrieval.ts";
import { RoutingCaseSchema } from "../evaluation/routing.ts";
import { chunkPlaybooks } from "../retrieval/chunking.ts";
import { LocalEmbedder } from "../retrieval/embedders/LocalEmbedder.ts";
import { loadWordVectors } from "../retrieval/embedders/word-vectors.ts";
import { openKnowledgeIndex } from "../retrieval/index.ts";
import { loadPlaybooks } from "../retrieval/playbooks.ts";
import { SqliteStore } from "../store/SqliteStore.ts";
import { benchAnswers, type AnswerBench } from "./answers.ts";
import { benchRetrieval, syntheticChunks, type RetrievalBench } from "./retrieval.ts";
import { peakRssMb, round } from "./stats.ts";

export interface BenchResults {
  retrieval: { shipped: RetrievalBench; synthetic: RetrievalBench };
  answers: AnswerBench;
  slack?: Record<string, number>;
  peakRssMb: number;
  targets: Record<string, { value: number; target: string; met: boolean }>;
}

export async function runBenchmarks(config: Config, logger: Logger, opts: { syntheticChunks: number }): Promise<BenchResults> {
  const playbooks = await loadPlaybooks(config.knowledgeDir);
  const vectors = await loadWordVectors(config.dataDir, logger);
  const evalDir = path.resolve("test/eval");
  const questions = (await readJsonl(path.join(evalDir, "retrieval.jsonl"), RetrievalCaseSchema)).map((c) => c.question);
  const routing = (await readJsonl(path.join(evalDir, "routing.jsonl"), RoutingCaseSchema)).map((c) => c.text);

  // Small, latency-sensitive benchmarks first; the 100k-chunk build last, so its garbage (gigabytes) cannot pause
  // the others; and a full collection between sections for the same reason.
  const collect = () => (globalThis as { gc?: () => void }).gc?.();
  const shipped = await benchRetrieval(playbooks, new LocalEmbedder(vectors), questions);

  collect();
  const { index } = await openKnowledgeIndex(config, logger);
  const engine = new AnswerService({ index, confidenceThreshold: config.confidenceThreshold });
  const answers = await benchAnswers(engine, [...questions, ...routing]);

  collect();
  let slack: Record<string, number> | undefined;
  try {
    const { benchSlack } = await import("../slack/bench.ts");
    const store = new SqliteStore({ filename: ":memory:" });
    await store.migrate();
    slack = (await benchSlack({ engine, store })) as unknown as Record<string, number>;
    await store.close();
  } catch (err) {
    logger.warn({ err: (err as Error).message }, "Slack benchmark unavailable");
  }

  collect();
  const synthetic = await benchRetrieval(
    playbooks,
    new LocalEmbedder(vectors),
    questions,
    syntheticChunks(chunkPlaybooks(playbooks), opts.syntheticChunks),
    true,
  );

  const t = (value: number, target: string, met: boolean) => ({ value, target, met });
  const targets: BenchResults["targets"] = {
    queryP95MsAt100k: t(synthetic.queryP95Ms, "< 20 ms", synthetic.queryP95Ms < 20),
    hnswRecallAt10: t(synthetic.hnswRecallAt10 ?? 0, ">= 0.95", (synthetic.hnswRecallAt10 ?? 0) >= 0.95),
    buildChunksPerSecond: t(synthetic.chunksPerSecond, ">= 2000", synthetic.chunksPerSecond >= 2000),
    answerP95Ms: t(answers.p95Ms, "< 50 ms", answers.p95Ms < 50),
  };
  if (slack?.ackP99Ms !== undefined) targets.ackP99Ms = t(slack.ackP99Ms, "< 100 ms", slack.ackP99Ms < 100);
  if (slack?.appAckP99Ms !== undefined) targets.appAckP99Ms = t(slack.appAckP99Ms, "< 100 ms", slack.appAckP99Ms < 100);
  if (slack?.replyP95Ms !== undefined) targets.replyP95Ms = t(slack.replyP95Ms, "< 300 ms", slack.replyP95Ms < 300);
  return { retrieval: { shipped, synthetic }, answers, slack, peakRssMb: peakRssMb(), targets };
}

export function printBenchmarks(r: BenchResults): void {
  const row = (name: string, b: RetrievalBench) =>
    console.log(
      `${name.padEnd(10)} ${String(b.chunks).padStart(7)} chunks  build ${b.buildMs} ms (${b.chunksPerSecond} chunks/s)  ` +
        `query p50 ${b.queryP50Ms} ms  p95 ${b.queryP95Ms} ms${b.hnswRecallAt10 !== undefined ? `  HNSW recall@10 ${b.hnswRecallAt10}` : ""}`,
    );
  console.log("Retrieval (local embedder, hybrid search)");
  row("shipped", r.retrieval.shipped);
  row("synthetic", r.retrieval.synthetic);
  console.log(`\nOffline answers (retrieval included): ${r.answers.questions} answers  p50 ${r.answers.p50Ms} ms  p95 ${r.answers.p95Ms} ms  ${r.answers.answersPerSecond} answers/s on one core`);
  if (r.slack) {
    console.log(`\nSlack (loopback, signed events): ${Object.entries(r.slack).map(([k, v]) => `${k} ${v}`).join("  ")}`);
    const { ackP99Ms, boltAckP99Ms } = r.slack;
    if (ackP99Ms !== undefined && boltAckP99Ms) {
      console.log(`  ack p99 of the whole app / of an empty Bolt app on Bolt's HTTPReceiver, same run: ${round(ackP99Ms / boltAckP99Ms, 2)}x`);
    }
    console.log("  ackP99Ms is measured by the sender thread, which competes for a core with the app answering the burst; appAckP99Ms is inside the app");
  }
  console.log(`\nPeak RSS ${r.peakRssMb} MB`);
  console.log("\nTargets:");
  for (const [name, x] of Object.entries(r.targets)) console.log(`  ${name.padEnd(22)} ${String(x.value).padStart(8)}  ${x.target.padEnd(9)} ${x.met ? "met" : "MISSED"}`);
}
