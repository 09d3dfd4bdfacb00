import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../../config.ts";
import type { Logger } from "../../logging.ts";
import { LlmAnswerer, type LlmAnswererOptions } from "./LlmAnswerer.ts";
import { loadPrompts } from "./prompts.ts";

export { LlmAnswerer, DEFAULT_COMPANY, DEFAULT_TIMEOUT_MS, IntentReplySchema } from "./LlmAnswerer.ts";
export type { LlmAnswerInput, LlmAnswererOptions, LlmReply, LlmStream } from "./LlmAnswerer.ts";
export { InvalidCitationError, InvalidReplyError, LlmError, LlmUnavailableError } from "./errors.ts";
export type { FailureKind } from "./errors.ts";
export { loadPrompts, PromptError, render } from "./prompts.ts";
export type { PromptTemplate, Prompts } from "./prompts.ts";
export { DEFAULT_RETRY } from "./retry.ts";
export type { RetryOptions } from "./retry.ts";

/**
 * The prompts directory: `./prompts` when started from the project root, otherwise the one shipped next to
 * the sources (so the CLI works from any working directory).
 */
export function defaultPromptsDir(): string {
  const candidates = [
    path.resolve("prompts"),
    fileURLToPath(new URL("../../../prompts", import.meta.url)),
    fileURLToPath(new URL("../../../../prompts", import.meta.url)), // compiled into dist/src/...
  ];
  return candidates.find((dir) => existsSync(path.join(dir, "answer.md"))) ?? "prompts";
}

/**
 * The answerer for the app settings. Loads and checks the prompt templates, so a broken template fails at
 * start-up with a PromptError naming the file and the variable.
 */
export async function createLlmAnswerer(
  config: Config,
  logger?: Logger,
  options: Partial<Omit<LlmAnswererOptions, "model" | "apiKey" | "baseURL">> & { promptsDir?: string } = {},
): Promise<LlmAnswerer> {
  const { promptsDir, ...rest } = options;
  const prompts = rest.prompts ?? loadPrompts(promptsDir ?? defaultPromptsDir());
  return LlmAnswerer.fromConfig(config.openai, { logger, ...rest, prompts });
}
