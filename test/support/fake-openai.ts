/**
 * A small OpenAI-compatible server on loopback for tests: `POST /v1/chat/completions` (JSON, or SSE when
 * `stream: true`) and `POST /v1/embeddings`. Every request is recorded; replies are scripted per test with a
 * queue (`enqueue`) or a handler function, and fall back to a default reply.
 *
 * Structured output: `withStructuredOutput` in @langchain/openai 1.5 sends
 * `response_format: { type: "json_schema", json_schema: { name, schema, strict } }` for current models
 * (`method: "functionCalling"` sends `tools` + `tool_choice` instead). A `{ json }` reply answers either:
 * as JSON message content for response_format, as a tool call when the request carries tools.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One scripted reply. */
export type FakeReply =
  /**
   * An assistant message with this text (streamed in pieces of `chunkSize` characters when `stream: true`;
   * with `stallAfterChunks` the stream goes silent after that many pieces, without ending).
   */
  | { text: string; chunkSize?: number; delayMs?: number; stallAfterChunks?: number }
  /** Structured output: JSON content for response_format requests, a tool call when the request has tools. */
  | { json: unknown; delayMs?: number }
  /** Assistant content sent verbatim (e.g. malformed JSON for a structured-output request). */
  | { content: string; delayMs?: number }
  /** An HTTP error (e.g. 429 with `retry-after: 0`, 500) with an OpenAI-style error body unless `body` is given. */
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** A response body that is not JSON at all (HTTP 200). */
  | { rawBody: string; contentType?: string }
  /** Never answers (until the server closes): for client timeouts. */
  | { hang: true };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  /** Parsed JSON body (or the raw string when it was not JSON). */
  body: any;
}

export type FakeHandler = (request: RecordedRequest) => FakeReply | undefined | Promise<FakeReply | undefined>;

export interface FakeOpenAIOptions {
  /** Consulted when the queue is empty; returning undefined uses the default reply. */
  handler?: FakeHandler;
  /** Reply used when neither queue nor handler answers. Default `{ text: "OK [1]" }`. */
  defaultReply?: FakeReply;
  /** Embedding size returned by /v1/embeddings (default 1536). */
  embeddingDimensions?: number;
}

export interface FakeOpenAI {
  /** `http://127.0.0.1:<port>/v1`, the value for OPENAI_BASE_URL / `configuration.baseURL`. */
  readonly baseURL: string;
  readonly port: number;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Requests to /v1/chat/completions only. */
  chatRequests(): RecordedRequest[];
  /** Appends replies for the next chat completion requests (consumed first-in first-out). */
  enqueue(...replies: FakeReply[]): void;
  /** Appends replies for the next embeddings requests (only status/hang/rawBody replies make sense). */
  enqueueEmbeddings(...replies: FakeReply[]): void;
  /** Replaces the handler consulted when the queue is empty. */
  setHandler(handler: FakeHandler | undefined): void;
  /** Clears recorded requests and queues. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedRequest[] = [];
  const chatQueue: FakeReply[] = [];
  const embeddingQueue: FakeReply[] = [];
  let handler = options.handler;
  const defaultReply: FakeReply = options.defaultReply ?? { text: "OK [1]" };
  const dimensions = options.embeddingDimensions ?? 1536;
  let counter = 0;

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      let body: any = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        // keep the raw string
      }
      const path = (req.url ?? "/").split("?")[0]!;
      const recorded: RecordedRequest = { method: req.method ?? "GET", path, headers: req.headers, body };
      requests.push(recorded);

      if (req.method !== "POST" || !/\/(chat\/completions|embeddings)$/.test(path)) {
        return sendJson(res, 404, { error: { message: `Unknown route ${req.method} ${path}`, type: "invalid_request_error", code: "not_found" } });
      }
      const isChat = path.endsWith("/chat/completions");
      const queued = (isChat ? chatQueue : embeddingQueue).shift();
      const reply = queued ?? (await handler?.(recorded)) ?? (isChat ? defaultReply : undefined);

      if (reply && "hang" in reply) return; // the socket stays open until the client gives up or close()
      if (reply && "delayMs" in reply && reply.delayMs) await sleep(reply.delayMs);
      if (reply && "rawBody" in reply) {
        res.writeHead(200, { "content-type": reply.contentType ?? "application/json" });
        return res.end(reply.rawBody);
      }
      if (reply && "status" in reply) {
        const errBody = reply.body ?? {
          error: { message: `fake error ${reply.status}`, type: reply.status === 429 ? "rate_limit_error" : "server_error", code: null },
        };
        return sendJson(res, reply.status, errBody, reply.headers);
      }
      if (!isChat) return sendJson(res, 200, embeddingsResponse(body, dimensions));
      const id = `chatcmpl-fake-${++counter}`;
      return body?.stream === true ? sendStream(res, id, body, reply!) : sendJson(res, 200, completionResponse(id, body, reply!));
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake server failure: ${String(err)}` } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    chatRequests: () => requests.filter((r) => r.path.endsWith("/chat/completions")),
    enqueue: (...replies) => void chatQueue.push(...replies),
    enqueueEmbeddings: (...replies) => void embeddingQueue.push(...replies),
    setHandler: (h) => void (handler = h),
    reset: () => {
      requests.length = 0;
      chatQueue.length = 0;
      embeddingQueue.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A loopback URL nothing listens on (a port opened and closed again): connections are refused. */
export async function deadBaseURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

// ---------------------------------------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (c: Buffer) => parts.push(c));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

type Message = { role: "assistant"; content: string | null; tool_calls?: unknown[]; refusal: null };

/** The assistant message for a reply, shaped after what the request asked for. */
function assistantMessage(request: any, reply: FakeReply): Message {
  if ("text" in reply) return { role: "assistant", content: reply.text, refusal: null };
  if ("content" in reply) return { role: "assistant", content: reply.content, refusal: null };
  if ("json" in reply) {
    const args = JSON.stringify(reply.json);
    const tool = Array.isArray(request?.tools) ? request.tools[0] : undefined;
    if (tool && request?.response_format?.type !== "json_schema") {
      return {
        role: "assistant",
        content: null,
        refusal: null,
        tool_calls: [{ id: "call_fake_1", type: "function", function: { name: tool.function?.name ?? "extract", arguments: args } }],
      };
    }
    return { role: "assistant", content: args, refusal: null };
  }
  return { role: "assistant", content: "", refusal: null };
}

function completionResponse(id: string, request: any, reply: FakeReply): unknown {
  const message = assistantMessage(request, reply);
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request?.model ?? "fake-model",
    choices: [{ index: 0, message, logprobs: null, finish_reason: message.tool_calls ? "tool_calls" : "stop" }],
    usage: USAGE,
  };
}

function sendStream(res: ServerResponse, id: string, request: any, reply: FakeReply): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const base = { id, object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: request?.model ?? "fake-model" };
  const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`);
  const message = assistantMessage(request, reply);
  send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] });
  if (message.tool_calls) {
    const call = message.tool_calls[0] as { id: string; function: { name: string; arguments: string } };
    send({
      ...base,
      choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: call.id, type: "function", function: call.function }] }, finish_reason: null }],
    });
  } else {
    const text = message.content ?? "";
    const size = "chunkSize" in reply && reply.chunkSize ? reply.chunkSize : 8;
    const stallAfter = "stallAfterChunks" in reply ? reply.stallAfterChunks : undefined;
    for (let i = 0, sent = 0; i < text.length; i += size, sent++) {
      if (sent === stallAfter) return; // headers and some chunks sent, then silence until the client gives up
      send({ ...base, choices: [{ index: 0, delta: { content: text.slice(i, i + size) }, finish_reason: null }] });
    }
  }
  send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: message.tool_calls ? "tool_calls" : "stop" }] });
  if (request?.stream_options?.include_usage) send({ ...base, choices: [], usage: USAGE });
  res.write("data: [DONE]\n\n");
  res.end();
}

/** Deterministic unit vectors derived from the text, so equal inputs embed equally. */
function embeddingsResponse(request: any, dimensions: number): unknown {
  const inputs: unknown[] = Array.isArray(request?.input) ? request.input : [request?.input ?? ""];
  const data = inputs.map((input, index) => {
    const seed = createHash("sha256").update(typeof input === "string" ? input : JSON.stringify(input)).digest();
    const v = Array.from({ length: dimensions }, (_, i) => (seed[i % seed.length]! - 127.5) / 127.5 + Math.sin(i + 1) * 0.01);
    const norm = Math.sqrt(v.reduce((sum, x) => sum + x * x, 0)) || 1;
    const unit = v.map((x) => x / norm);
    // The openai SDK asks for base64 unless the caller chose a format; answer in the format asked for.
    const embedding = request?.encoding_format === "base64" ? Buffer.from(Float32Array.from(unit).buffer).toString("base64") : unit;
    return { object: "embedding", index, embedding };
  });
  return { object: "list", data, model: request?.model ?? "fake-embedding", usage: { prompt_tokens: inputs.length, total_tokens: inputs.length } };
}
