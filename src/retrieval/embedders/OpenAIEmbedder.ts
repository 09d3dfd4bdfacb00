import { OpenAIEmbeddings } from "@langchain/openai";
import type { Embedder } from "./Embedder.ts";
import { normalize } from "./Embedder.ts";

/** Embeddings from an OpenAI-compatible server through LangChain's `OpenAIEmbeddings`. */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  private readonly client: OpenAIEmbeddings;

  constructor(
    options: { apiKey: string; baseURL?: string; model: string; timeoutMs?: number },
    readonly dimensions: number = options.model === "text-embedding-3-large" ? 3072 : 1536,
  ) {
    this.id = `openai:${options.model}:${dimensions}`;
    this.client = new OpenAIEmbeddings({
      apiKey: options.apiKey,
      model: options.model,
      batchSize: 256,
      maxRetries: 3,
      timeout: options.timeoutMs ?? 30_000,
      configuration: options.baseURL ? { baseURL: options.baseURL } : undefined,
    });
  }

  private check(v: number[]): Float32Array {
    if (v.length !== this.dimensions) {
      throw new Error(`embedding model returned ${v.length} dimensions, expected ${this.dimensions} (check OPENAI_EMBEDDING_MODEL)`);
    }
    return normalize(Float32Array.from(v));
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return (await this.client.embedDocuments(texts)).map((v) => this.check(v));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.check(await this.client.embedQuery(text));
  }
}
