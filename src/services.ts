import type { Config } from "./config.ts";
import type { Logger } from "./logging.ts";
import { AnswerService, type LlmPort } from "./assistant/AnswerService.ts";
import { openKnowledgeIndex } from "./retrieval/index.ts";
import type { KnowledgeIndex } from "./retrieval/KnowledgeIndex.ts";
import { openStore } from "./store/index.ts";
import type { Store } from "./store/Store.ts";
import { createPartnerServices, type PartnerServices } from "./partners/setup.ts";
import { systemClock } from "./clock.ts";
import { loadWordVectors } from "./retrieval/embedders/word-vectors.ts";
import { UseCaseService } from "./usecases/UseCaseService.ts";

export interface Services {
  index: KnowledgeIndex;
  store: Store;
  engine: AnswerService;
  partners: PartnerServices;
  /** The use-case finder over the same playbooks (local word vectors whatever EMBEDDINGS says: deterministic, offline). */
  useCases: UseCaseService;
  close(): Promise<void>;
}

/** Wires the domain services from the settings: index, store, optional LLM, answer engine. */
export async function createServices(config: Config, logger: Logger, options: { withStore?: boolean } = {}): Promise<Services> {
  const { index } = await openKnowledgeIndex(config, logger);
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  let llm: LlmPort | undefined;
  if (config.openai.apiKey) {
    const { createLlmAnswerer } = await import("./assistant/llm/index.ts");
    llm = await createLlmAnswerer(config, logger);
  }
  const partners = await createPartnerServices(config, store, logger, systemClock, index.playbooks);
  const engine = new AnswerService({
    index,
    store: options.withStore === false ? undefined : store,
    llm,
    logger,
    confidenceThreshold: config.confidenceThreshold,
    matchPartners: partners.matchForAnswer,
  });
  const useCases = new UseCaseService(index.playbooks, await loadWordVectors(config.dataDir, logger));
  return { index, store, engine, partners, useCases, close: () => store.close() };
}
