import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from "@langchain/core/messages";
import type { Runnable } from "@langchain/core/runnables";
import { ChatOpenAI } from "@langchain/openai";
import { z } from "zod";
import type { Config } from "../../config.ts";
import { silentLogger, type Logger } from "../../logging.ts";
import type { SearchHit } from "../../retrieval/KnowledgeIndex.ts";
import { IntentSchema, type Intent } from "../contract.ts";
import { redactText } from "../redaction.ts";
import { classifyFailure, InvalidCitationError, InvalidReplyError, LlmUnavailableError, toUnavailable, hintFor, type ProviderContext } from "./errors.ts";
import { formatPassages, stripCitationMarkers, validateCitations } from "./passages.ts";
import { loadPrompts, render, type Prompts } from "./prompts.ts";
import { DEFAULT_RETRY, NoRetry, RetryGaveUp, withRetry, type RetryOptions } from "./retry.ts";

export interface LlmAnswerInput {
  question: string;
  passages: SearchHit[];
  history: { role: "user" | "assistant"; text: string }[];
}

export interface LlmReply {
  text: string;
  /** Distinct passage numbers (1-based, ascending) the reply cites. */
  cited: number[];
}

export interface LlmStream {
  /** Text deltas as the model produces them; throws LlmUnavailableError if the provider fails. */
  chunks: AsyncIterable<string>;
  /** The full text (exactly the concatenated chunks) and its citations; rejects with InvalidCitationError. */
  done: Promise<LlmReply>;
}

export interface LlmAnswererOptions {
  model: string;
  /** Required unless `baseURL` points at a local OpenAI-compatible server that ignores keys. */
  apiKey?: string;
  baseURL?: string;
  /** Templates loaded at start-up (`loadPrompts`). */
  prompts: Prompts;
  company?: string;
  /** Per attempt: the HTTP timeout, and for streams the longest silence between two chunks. Default 20 s. */
  timeoutMs?: number;
  /** Retries of timeouts, connection failures, 408/409/429/5xx. Default 2 retries, 500 ms doubling up to 4 s. */
  retry?: Partial<RetryOptions>;
  temperature?: number;
  maxTokens?: number;
  logger?: Logger;
}

export const DEFAULT_COMPANY = "Halden & Rowe";
export const DEFAULT_TIMEOUT_MS = 20_000;

/** Structured reply of the intent classifier. */
export const IntentReplySchema = z.object({
  intent: IntentSchema.describe("The one intent that best describes the message"),
});

/** o-series and gpt-5 (non-chat) models reject a temperature other than the default. */
function acceptsTemperature(model: string): boolean {
  return !(/^o\d/.test(model) || (model.startsWith("gpt-5") && !model.startsWith("gpt-5-chat")));
}

/**
 * The LLM side of the assistant (implements AnswerService's LlmPort): answers from numbered playbook
 * passages with validated [n] citations, streams answers, and classifies intents, through LangChain's
 * ChatOpenAI against OpenAI or any OpenAI-compatible server. All text sent is redacted first; the user's
 * text only ever travels in human messages, never inside the system prompt.
 */
export class LlmAnswerer {
  readonly model: string;
  private readonly chat: ChatOpenAI;
  private readonly intentRunnable: Runnable<BaseMessage[], z.infer<typeof IntentReplySchema>>;
  private readonly prompts: Prompts;
  private readonly company: string;
  private readonly retry: RetryOptions;
  private readonly ctx: ProviderContext;
  private readonly logger: Logger;

  constructor(options: LlmAnswererOptions) {
    this.model = options.model;
    this.prompts = options.prompts;
    this.company = options.company ?? DEFAULT_COMPANY;
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.logger = options.logger ?? silentLogger;
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.ctx = { model: options.model, baseURL: options.baseURL, timeoutMs };
    if (!options.apiKey && !options.baseURL) {
      const hint = hintFor({ kind: "config", retryable: false }, this.ctx);
      throw new LlmUnavailableError(`LLM not configured: no API key — ${hint}`, "config", hint);
    }
    this.chat = new ChatOpenAI({
      model: options.model,
      // Local OpenAI-compatible servers ignore the key, but the client insists on one.
      apiKey: options.apiKey ?? "not-needed",
      temperature: acceptsTemperature(options.model) ? (options.temperature ?? 0.1) : undefined,
      maxTokens: options.maxTokens ?? 800,
      timeout: timeoutMs,
      // Retries happen in withRetry (see retry.ts). With 0 here LangChain's AsyncCaller makes one attempt,
      // and the OpenAI SDK client ChatOpenAI builds always has maxRetries 0. Do not put maxRetries into
      // `configuration`: ChatOpenAI forwards it as a per-request option and the SDK would retry again.
      maxRetries: 0,
      configuration: options.baseURL ? { baseURL: options.baseURL } : undefined,
    });
    this.intentRunnable = this.chat.withStructuredOutput(IntentReplySchema, { name: "classify_intent" });
  }

  /** Builds an answerer from the app config, loading the prompt templates from `promptsDir`. */
  static fromConfig(
    openai: Config["openai"],
    options: Omit<LlmAnswererOptions, "model" | "apiKey" | "baseURL" | "prompts"> & { prompts?: Prompts; promptsDir?: string } = {},
  ): LlmAnswerer {
    const { promptsDir, prompts, ...rest } = options;
    return new LlmAnswerer({
      ...rest,
      model: openai.model,
      apiKey: openai.apiKey,
      baseURL: openai.baseURL,
      prompts: prompts ?? loadPrompts(promptsDir),
    });
  }

  /** The messages sent for an answer: system prompt with the passages, the history, then the question. */
  buildMessages(input: LlmAnswerInput): BaseMessage[] {
    const system = render(this.prompts.answer, { company: this.company, passages: formatPassages(input.passages) });
    const history = input.history
      .filter((t) => t.text.trim() !== "")
      .map((t) => (t.role === "user" ? new HumanMessage(redactText(t.text)) : new AIMessage(redactText(stripCitationMarkers(t.text)))));
    return [new SystemMessage(system), ...history, new HumanMessage(redactText(input.question))];
  }

  async answer(input: LlmAnswerInput): Promise<LlmReply> {
    const n = input.passages.length;
    if (n === 0) throw new InvalidCitationError("No passages to answer from", [], 0);
    const messages = this.buildMessages(input);
    const message = await this.call("answer", (signal) => this.chat.invoke(messages, { signal }));
    const text = message.text.trim();
    return { text, cited: validateCitations(text, n) };
  }

  stream(input: LlmAnswerInput): LlmStream {
    const queue = new ChunkQueue();
    const controller = new AbortController();
    const n = input.passages.length;
    const done = (async (): Promise<LlmReply> => {
      if (n === 0) throw new InvalidCitationError("No passages to answer from", [], 0);
      const messages = this.buildMessages(input);
      let text = "";
      await this.call(
        "stream",
        async (signal, resetIdle) => {
          let received = false;
          try {
            const iterable = await this.chat.stream(messages, { signal });
            for await (const chunk of iterable) {
              resetIdle();
              const piece = chunk.text;
              if (!piece) continue;
              received = true;
              text += piece;
              queue.push(piece);
            }
          } catch (err) {
            // Output already reached the reader: a retry would repeat it, so this failure is final.
            throw received ? new NoRetry(err) : err;
          }
        },
        controller.signal,
      );
      return { text, cited: validateCitations(text, n) };
    })();
    done.then(
      () => queue.end(),
      (err: unknown) => (err instanceof InvalidCitationError ? queue.end() : queue.fail(err)),
    );
    // The reader may only iterate the chunks; a rejection it never awaits must not crash the process.
    done.catch(() => undefined);
    return { chunks: queue.iterate(() => controller.abort()), done };
  }

  /** The message's intent, by structured output. Rejects (the caller then uses the offline classifier) on any failure. */
  async classifyIntent(text: string): Promise<Intent> {
    const messages = [new SystemMessage(render(this.prompts.intent, { company: this.company })), new HumanMessage(redactText(text))];
    let reply: unknown;
    try {
      reply = await this.call("intent", (signal) => this.intentRunnable.invoke(messages, { signal }));
    } catch (err) {
      // Not a provider failure: the reply did not parse as JSON or failed the schema.
      if (err instanceof LlmUnavailableError && err.kind === "other") {
        throw new InvalidReplyError(`The intent reply is not valid: ${describeParseError(err.cause)}`, { cause: err.cause });
      }
      throw err;
    }
    const parsed = IntentReplySchema.safeParse(reply);
    if (!parsed.success) throw new InvalidReplyError(`The intent reply does not match the schema: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    return parsed.data.intent;
  }

  /**
   * One provider call with a per-attempt deadline and retries. `fn` gets an abort signal and, for streams,
   * a function to call on every chunk (the deadline is then the longest silence, not the whole answer).
   * Failures become LlmUnavailableError with a hint; parse failures keep kind "other".
   */
  private async call<T>(what: string, fn: (signal: AbortSignal, resetIdle: () => void) => Promise<T>, outer?: AbortSignal): Promise<T> {
    try {
      return await withRetry(
        async (attempt) => {
          outer?.throwIfAborted();
          const controller = new AbortController();
          let timedOut = false;
          let timer: NodeJS.Timeout | undefined;
          const arm = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
              timedOut = true;
              controller.abort(new Error(`Request timed out after ${this.ctx.timeoutMs} ms`));
            }, this.ctx.timeoutMs + 250);
          };
          const onOuterAbort = () => controller.abort(new DOMException("The stream was cancelled by its reader", "AbortError"));
          outer?.addEventListener("abort", onOuterAbort, { once: true });
          arm();
          try {
            return await fn(controller.signal, arm);
          } catch (err) {
            if (timedOut) {
              const timeout = new Error(`Request timed out after ${this.ctx.timeoutMs} ms (attempt ${attempt})`, { cause: err });
              timeout.name = "TimeoutError";
              throw err instanceof NoRetry ? new NoRetry(timeout) : timeout;
            }
            throw err;
          } finally {
            clearTimeout(timer);
            outer?.removeEventListener("abort", onOuterAbort);
          }
        },
        this.retry,
        ({ attempt, delayMs, failure }) =>
          this.logger.warn({ llm: what, attempt, delayMs, kind: failure.kind, status: failure.status }, "LLM call failed; retrying"),
      );
    } catch (err) {
      const last = err instanceof RetryGaveUp ? err.error : err;
      const attempts = err instanceof RetryGaveUp ? err.attempts : 1;
      const unavailable = toUnavailable(last, this.ctx, attempts);
      if (classifyFailure(last).kind !== "other") {
        this.logger.warn({ llm: what, attempts, kind: unavailable.kind, status: unavailable.status, hint: unavailable.hint }, "LLM unavailable");
      }
      throw unavailable;
    }
  }
}

function describeParseError(err: unknown): string {
  const issues = (err as { issues?: { path?: (string | number)[]; message?: string }[] } | undefined)?.issues;
  if (Array.isArray(issues) && issues[0]) return `${issues[0].path?.join(".") || "reply"}: ${issues[0].message ?? "invalid"}`;
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "invalid";
}

/** A single-reader queue of text chunks between the stream pump and the reader. */
class ChunkQueue {
  private readonly items: string[] = [];
  private finished = false;
  private error: unknown;
  private wake: (() => void) | undefined;

  push(item: string): void {
    this.items.push(item);
    this.notify();
  }

  end(): void {
    this.finished = true;
    this.notify();
  }

  fail(err: unknown): void {
    this.error = err ?? new Error("stream failed");
    this.finished = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** Iterates the chunks; `onCancel` runs when the reader stops before the end. */
  async *iterate(onCancel: () => void): AsyncGenerator<string> {
    let complete = false;
    try {
      for (;;) {
        if (this.items.length > 0) {
          yield this.items.shift()!;
          continue;
        }
        if (this.finished) {
          complete = true;
          if (this.error !== undefined) throw this.error;
          return;
        }
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      if (!complete) onCancel();
    }
  }
}
