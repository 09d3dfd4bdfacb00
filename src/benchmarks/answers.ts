import type { AnswerService } from "../assistant/AnswerService.ts";
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
