import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import type { Embedder } from "./embedders/Embedder.ts";
import { LocalEmbedder } from "./embedders/LocalEmbedder.ts";
import { loadWordVectors } from "./embedders/word-vectors.ts";
import { KnowledgeIndex } from "./KnowledgeIndex.ts";
import { UniversalSentenceEncoder } from "./embedders/SentenceEncoder.ts";

export { KnowledgeIndex } from "./KnowledgeIndex.ts";
export type { SearchHit, SearchMode, SearchOptions } from "./KnowledgeIndex.ts";
export type { Chunk } from "./chunking.ts";
export { PlaybookError } from "./playbooks.ts";

/** The embedder the settings ask for: local (default, offline) or OpenAI-compatible. */
export async function createEmbedder(config: Pick<Config, "embeddings" | "openai" | "dataDir">, logger?: Logger): Promise<Embedder> {
  if (config.embeddings === "openai") {
    // Loaded only when asked for: LangChain and the OpenAI SDK are hundreds of modules the offline default never needs.
    const { OpenAIEmbedder } = await import("./embedders/OpenAIEmbedder.ts");
    return new OpenAIEmbedder({ apiKey: config.openai.apiKey!, baseURL: config.openai.baseURL, model: config.openai.embeddingModel });
  }
  return new LocalEmbedder(await loadWordVectors(config.dataDir, logger));
}

/** Opens (or builds) the knowledge index described by the settings, with the sentence encoder attached unless off. */
export async function openKnowledgeIndex(
  config: Pick<Config, "embeddings" | "openai" | "dataDir" | "knowledgeDir"> & Partial<Pick<Config, "sentenceEncoder">>,
  logger?: Logger,
  force = false,
): Promise<{ index: KnowledgeIndex; rebuilt: boolean }> {
  const embedder = await createEmbedder(config, logger);
  const opened = await KnowledgeIndex.open({ knowledgeDir: config.knowledgeDir, dataDir: config.dataDir, embedder, logger, force });
  // The word vectors' vocabulary tells a typo from an English word the playbooks do not use (loaded once: the local
  // embedder has them already, ~50 ms otherwise).
  const english = embedder instanceof LocalEmbedder ? embedder.wordVectors : await loadWordVectors(config.dataDir, logger);
  if (english) opened.index.useEnglishWords(english);
  const mode = config.sentenceEncoder ?? "off";
  if (mode !== "off") {
    const started = performance.now();
    const encoder = await UniversalSentenceEncoder.load();
    // `use`: search scores every heading with it too; `intent`: it only reads the question for the intent model.
    if (mode === "use") await opened.index.attachSentenceEncoder(encoder);
    else opened.index.useSentenceEncoder(encoder);
    logger?.debug({ ms: Math.round(performance.now() - started), mode }, "sentence encoder ready");
  }
  return opened;
}
