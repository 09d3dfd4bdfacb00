import { AnswerService } from "../assistant/AnswerService.ts";
import type { Config } from "../config.ts";
import { readJsonl, RetrievalCaseSchema } from "../evaluation/retrieval.ts";
import type { Logger } from "../logging.ts";
import { openKnowledgeIndex } from "../retrieval/index.ts";
import { percentile, round } from "./stats.ts";

export interface AnswerBench {
  questions: number;
  p50Ms: number;
  p95Ms: number;
  answersPerSecond: number;
}

/** Offline composer latency per question, retrieval included (no store, one core). */
export async function benchAnswers(engine: AnswerService, questions: string[], rounds = 3): Promise<AnswerBench> {
  for (const q of questions.slice(0, 10)) await engine.ask({ text: q });
  const times: number[] = [];
  const started = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const q of questions) {
      const t = performance.now();
      await engine.ask({ text: q });
      times.push(performance.now() - t);
    }
  }
  const total = (performance.now() - started) / 1000;
  return { questions: times.length, p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), answersPerSecond: Math.round(times.length / total) };
}

export interface AnswerSection extends AnswerBench {
  /** Training the intent model and the playbook prior once, when the service starts. */
  modelsTrainMs: number;
  /** The sentence encoder in use (none when SENTENCE_ENCODER=off). */
  sentenceEncoder: string;
  /** The same questions in the same process without the encoder (words-only intent, no encoder in search): what it costs. */
  withoutEncoder?: AnswerBench;
}

/**
 * `bench --only answers`: the offline answer path as Slack and the CLI run it (cleaning, learned intent, calibrated
 * scope, search with the learned prior, composer), on the labelled questions of test/eval/, after the models are
 * trained (their one-off training time is reported separately).
 */
export async function benchAnswerSection(config: Config, logger: Logger): Promise<AnswerSection> {
  const { index } = await openKnowledgeIndex(config, logger);
  const started = performance.now();
  const engine = new AnswerService({ index, confidenceThreshold: config.confidenceThreshold });
  const modelsTrainMs = Math.round(performance.now() - started);
  const questions = (await readJsonl("test/eval/retrieval.jsonl", RetrievalCaseSchema)).map((c) => c.question);
  const encoder = index.sentenceEncoder;
  const sentenceEncoder = encoder ? `${encoder.id} (${index.sentenceEncoderId ? "intent and search" : "intent"})` : "none";
  if (!encoder) return { modelsTrainMs, sentenceEncoder, ...(await benchAnswers(engine, questions)) };
  // Baseline first, then with the encoder, on the same index and questions in this process.
  const withoutEncoder = await benchAnswers(new AnswerService({ index, confidenceThreshold: config.confidenceThreshold, semanticWeight: 0, encodedIntentModel: null }), questions);
  return { modelsTrainMs, sentenceEncoder, ...(await benchAnswers(engine, questions)), withoutEncoder };
}

export function printAnswerSection(a: AnswerSection): void {
  console.log(`offline answers (sentence encoder: ${a.sentenceEncoder}): ${a.questions} answers, p50 ${a.p50Ms} ms, p95 ${a.p95Ms} ms, ${a.answersPerSecond}/s; models trained at start in ${a.modelsTrainMs} ms`);
  if (a.withoutEncoder) {
    const w = a.withoutEncoder;
    console.log(`  same process, without the encoder: p50 ${w.p50Ms} ms, p95 ${w.p95Ms} ms, ${w.answersPerSecond}/s (p95 ratio with/without ${round(a.p95Ms / w.p95Ms)}x)`);
  }
}
