/**
 * Slack latency bench on loopback: the real Bolt app (HTTP mode) in this thread; the "Slack side" (fake Web
 * API and the sender of 200 concurrent signed app_mention events) in a worker thread, as Slack would be
 * another machine. Ack latency: until the HTTP response. Reply latency: from sending the event until the final
 * answer (the chat.update carrying the answer buttons) reaches the fake Slack.
 */
import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { AnswerEngine } from "../assistant/contract.ts";
import { percentile, round } from "../benchmarks/stats.ts";
import { silentLogger } from "../logging.ts";
import type { Store } from "../store/Store.ts";
import { createSlackApp, EVENTS_PATH } from "./app.ts";
import type { LoadCommand, LoadMessage } from "./testing/bench-load.ts";

export interface SlackBenchResult {
  ackP50Ms: number;
  ackP99Ms: number;
  replyP50Ms: number;
  replyP95Ms: number;
  events: number;
}

/** Starts the load worker (TypeScript, through tsx as the rest of the app). */
function startLoadWorker(): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./testing/bench-load.ts", import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
}

function next(worker: Worker): Promise<LoadMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: LoadMessage) => {
      worker.off("error", onError);
      if (m.type === "error") reject(new Error(`Slack bench: ${m.message}`));
      else resolve(m);
    };
    const onError = (err: Error) => {
      worker.off("message", onMessage);
      reject(err);
    };
    worker.once("message", onMessage);
    worker.once("error", onError);
  });
}

export async function benchSlack(options: { engine: AnswerEngine; store: Store; events?: number }): Promise<SlackBenchResult> {
  const events = options.events ?? 200;
  const worker = startLoadWorker();
  let stop: (() => Promise<void>) | undefined;
  try {
    const ready = await next(worker);
    if (ready.type !== "ready") throw new Error("Slack bench: the load worker did not start");
    const secret = randomBytes(16).toString("hex");
    const slack = createSlackApp({
      config: { enabled: true, mode: "http", botToken: "xoxb-bench", signingSecret: secret, port: 0, apiUrl: ready.apiUrl, rateLimitPerMinute: 1000 },
      engine: options.engine,
      store: options.store,
      logger: silentLogger,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 },
    });
    const { port } = await slack.start();
    stop = () => slack.stop();
    const url = `http://127.0.0.1:${port}${EVENTS_PATH}`;
    const runBatch = async (count: number, tag: string) => {
      worker.postMessage({ type: "run", url, secret, count, tag } satisfies LoadCommand);
      const r = await next(worker);
      if (r.type !== "result") throw new Error("Slack bench: unexpected message from the load worker");
      return r;
    };
    await runBatch(Math.min(20, events), "w"); // warm-up: JIT, prepared statements, sockets
    const { acks, replies } = await runBatch(events, "m");
    return {
      ackP50Ms: round(percentile(acks, 50), 1),
      ackP99Ms: round(percentile(acks, 99), 1),
      replyP50Ms: round(percentile(replies, 50), 1),
      replyP95Ms: round(percentile(replies, 95), 1),
      events,
    };
  } finally {
    await stop?.();
    worker.postMessage({ type: "close" } satisfies LoadCommand);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
      worker.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
