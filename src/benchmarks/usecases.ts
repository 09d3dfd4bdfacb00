/**
 * The use-case finder's speed: building the matcher over the catalog (what a start costs) and ranking intakes
 * (the labelled intakes of test/eval/usecases.jsonl when present, else a few fixed ones), p50/p95 per ranking.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { readJsonl } from "../evaluation/retrieval.ts";
import { UseCaseEvalCaseSchema } from "../evaluation/usecases.ts";
import { loadWordVectors } from "../retrieval/embedders/word-vectors.ts";
import { loadPlaybooks } from "../retrieval/playbooks.ts";
import { parseIntake, type Intake } from "../usecases/intake.ts";
import { UseCaseService } from "../usecases/UseCaseService.ts";
import { percentile, round } from "./stats.ts";

export interface UseCaseBench {
  useCases: number;
  buildMs: number;
  intakes: number;
  rankings: number;
  rankP50Ms: number;
  rankP95Ms: number;
  readinessP95Ms: number;
}

const FALLBACK: Intake[] = [
  parseIntake({ role: "accounts payable clerk", department: "Finance", tools: ["SAP"], goal: "blocked invoices" }),
  parseIntake({ role: "field service technician", goal: "service reports after every visit, fault codes in manuals" }),
  parseIntake({ role: "executive assistant to the CFO", goal: "board pack, chasing inputs", regulated: true }),
];

export async function benchUseCases(config: Pick<Config, "knowledgeDir" | "dataDir">, logger?: Logger, rounds = 20): Promise<UseCaseBench> {
  const [playbooks, vectors] = await Promise.all([loadPlaybooks(config.knowledgeDir), loadWordVectors(config.dataDir, logger)]);
  const started = performance.now();
  const service = new UseCaseService(playbooks, vectors);
  const buildMs = performance.now() - started;
  const file = path.resolve("test/eval/usecases.jsonl");
  const intakes = existsSync(file)
    ? (await readJsonl(file, UseCaseEvalCaseSchema)).map((c) => parseIntake({ role: c.role, department: c.department, tools: c.tools ?? [], goal: c.goal, regulated: c.regulated ?? false }))
    : FALLBACK;
  for (const i of intakes) service.suggest(i); // warm-up
  const times: number[] = [];
  const readiness: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const i of intakes) {
      const t = performance.now();
      const list = service.suggest(i);
      times.push(performance.now() - t);
      const first = list.suggestions[0];
      if (first) {
        const t2 = performance.now();
        service.readinessForUseCase(first.useCase.id, { users: 300, countries: 2 });
        readiness.push(performance.now() - t2);
      }
    }
  }
  return {
    useCases: service.catalog.length,
    buildMs: round(buildMs, 1),
    intakes: intakes.length,
    rankings: times.length,
    rankP50Ms: round(percentile(times, 50), 3),
    rankP95Ms: round(percentile(times, 95), 3),
    readinessP95Ms: round(percentile(readiness, 95), 3),
  };
}

export function printUseCaseBench(b: UseCaseBench): void {
  console.log("\n=== use-case finder ===");
  console.log(`matcher over ${b.useCases} use cases built in ${b.buildMs} ms`);
  console.log(`ranking: ${b.rankings} rankings of ${b.intakes} intakes: p50 ${b.rankP50Ms} ms, p95 ${b.rankP95Ms} ms`);
  console.log(`readiness of the top suggestion: p95 ${b.readinessP95Ms} ms`);
}
