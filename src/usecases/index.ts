import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { loadWordVectors } from "../retrieval/embedders/word-vectors.ts";
import { loadPlaybooks } from "../retrieval/playbooks.ts";
import { UseCaseService } from "./UseCaseService.ts";

export { UseCaseService, type Suggestion, type SuggestionList } from "./UseCaseService.ts";
export { loadCatalog, catalogFromPlaybooks, type UseCaseRecord } from "./catalog.ts";
export { UseCaseMatcher, rankUseCases, type RankedUseCase, type Ranking } from "./ranking.ts";
export { parseIntake, IntakeError, splitTools, type Intake } from "./intake.ts";
export { ReadinessError, parseDataLevel, type Readiness } from "./readiness.ts";

/**
 * The use-case service over the settings' knowledge directory. Uses the local word vectors whatever
 * EMBEDDINGS says: ranking must be offline and give the same order for the same input.
 */
export async function createUseCaseService(config: Pick<Config, "knowledgeDir" | "dataDir">, logger?: Logger): Promise<UseCaseService> {
  const [playbooks, vectors] = await Promise.all([loadPlaybooks(config.knowledgeDir), loadWordVectors(config.dataDir, logger)]);
  return new UseCaseService(playbooks, vectors);
}
