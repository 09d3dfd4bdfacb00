/**
 * Slack latency bench on loopback. The real Bolt app (HTTP mode) runs in this thread; the Slack side runs in
 * two worker threads, as Slack is other machines: one hosts the fake Slack Web API, one sends signed
 * app_mention events.
 * - Ack latency: 200 events sent at once, time until each HTTP response (Slack's 3-second rule).
 * - Reply latency: events one at a time, from sending until the answer with its buttons reaches the fake
 *   Slack (what a user waits). The burst's own reply times are reported too (burstReplyP95Ms).
 * - Baseline, same process and load: the same burst against an empty Bolt app (no listeners, no middleware) on
 *   Bolt's stock HTTPReceiver, i.e. what acking costs before PartnerPilot adds anything (boltAckP99Ms).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import type { AnswerEngine } from "../assistant/contract.ts";
import { percentile, round } from "../benchmarks/stats.ts";
import { silentLogger } from "../logging.ts";
import type { Store } from "../store/Store.ts";
import { createSlackApp, EVENTS_PATH } from "./app.ts";
import type { LoadCommand, LoadMessage, LoadRole } from "./testing/bench-load.ts";

export interface SlackBenchResult {
  /** Ack times as the sender measured them (write → response), which include the sender's own wait for a core. */
  ackP50Ms: number;
  ackP99Ms: number;
  /** Ack times inside the app: the request's body arrived → the 200 written. */
  appAckP50Ms: number;
  appAckP99Ms: number;
  /** The longest the app's event loop was late during the burst (so the longest a request waited to be read). */
  burstLoopDelayMaxMs: number;
  replyP50Ms: number;
  replyP95Ms: number;
  /** Reply p95 of the 200-event burst, where answers queue behind each other. */
  burstReplyP95Ms: number;
  events: number;
  /** Events sent one at a time for the reply latency. */
  sequentialEvents: number;
  /** Baseline: the same burst against an empty Bolt app on Bolt's own HTTPReceiver. */
  boltAckP50Ms: number;
  boltAckP99Ms: number;
}

/** Starts a load worker (TypeScript, run through tsx like the rest of the app). */
function startWorker(role: LoadRole): Worker {
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./testing/bench-load.ts", import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, {
    eval: true,
    workerData: { role },
  });
}

/** The next message of `type` from the worker (an `error` message or a worker crash rejects). */
function nextOf<T extends LoadMessage["type"]>(worker: Worker, type: T): Promise<Extract<LoadMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: LoadMessage) => {
      if (m.type !== type && m.type !== "error") return;
      cleanup();
      if (m.type === "error") reject(new Error(`Slack bench: ${m.message}`));
      else resolve(m as Extract<LoadMessage, { type: T }>);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      worker.off("message", onMessage);
      worker.off("error", onError);
    };
    worker.on("message", onMessage);
    worker.on("error", onError);
  });
}

async function closeWorker(worker: Worker): Promise<void> {
  worker.postMessage({ type: "close" } satisfies LoadCommand);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 2000);
    worker.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function benchSlack(options: { engine: AnswerEngine; store: Store; events?: number; sequentialEvents?: number }): Promise<SlackBenchResult> {
  const events = options.events ?? 200;
  const sequentialEvents = options.sequentialEvents ?? 50;
  const slackSide = startWorker("slack");
  const sender = startWorker("sender");
  let stopApp: (() => Promise<void>) | undefined;
  try {
    const [api] = await Promise.all([nextOf(slackSide, "ready"), nextOf(sender, "ready")]);
    const answeredAt = new Map<string, number>();
    const waiting = new Map<string, () => void>();
    slackSide.on("message", (m: LoadMessage) => {
      if (m.type !== "answered" || answeredAt.has(m.thread)) return;
      answeredAt.set(m.thread, m.at);
      waiting.get(m.thread)?.();
    });

    const secret = randomBytes(16).toString("hex");
    // The app's own ack times (body arrived → 200 written), beside the sender's: on a 2-core machine the sender
    // thread competes for a core with the app answering the burst, so its figure includes its own wait to run.
    const appAcks: number[] = [];
    let recordAppAcks = false;
    const app = createSlackApp({
      onAck: (kind, seconds) => {
        if (recordAppAcks && kind.startsWith("event:")) appAcks.push(seconds * 1000);
      },
      config: { enabled: true, mode: "http", botToken: "xoxb-bench", signingSecret: secret, port: 0, apiUrl: api.apiUrl!, rateLimitPerMinute: 1000 },
      engine: options.engine,
      store: options.store,
      logger: silentLogger,
      retryConfig: { retries: 2, minTimeout: 0, maxTimeout: 10 },
    });
    const { port } = await app.start();
    stopApp = () => app.stop();
    const url = `http://127.0.0.1:${port}${EVENTS_PATH}`;

    const send = async (target: string, count: number, tag: string) => {
      sender.postMessage({ type: "send", url: target, secret, count, tag, botUserId: api.botUserId!, teamId: api.teamId! } satisfies LoadCommand);
      return (await nextOf(sender, "sent")).sent;
    };
    const batch = async (count: number, tag: string) => {
      const sent = await send(url, count, tag);
      await Promise.all(
        sent.map(
          ({ thread }) =>
            new Promise<void>((resolve, reject) => {
              if (answeredAt.has(thread)) return resolve();
              const timer = setTimeout(() => reject(new Error(`Slack bench: no answer for ${thread} within 60 s`)), 60_000);
              waiting.set(thread, () => {
                clearTimeout(timer);
                resolve();
              });
            }),
        ),
      );
      return { acks: sent.map((s) => s.ackMs), replies: sent.map((s) => answeredAt.get(s.thread)! - s.at) };
    };

    await batch(Math.min(50, events), "w"); // warm-up: JIT, prepared statements, sockets, engine caches
    recordAppAcks = true;
    // How late the app's event loop ran during the burst: a request waits at most this long to be read.
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const burst = await batch(events, "b");
    loopDelay.disable();
    recordAppAcks = false;
    const replies: number[] = [];
    for (let i = 0; i < sequentialEvents; i++) replies.push(...(await batch(1, `s${i}x`)).replies);
    await stopApp();
    stopApp = undefined;

    const { App, HTTPReceiver, LogLevel } = await import("@slack/bolt");
    const boltReceiver = new HTTPReceiver({ signingSecret: secret, endpoints: EVENTS_PATH, logLevel: LogLevel.ERROR });
    const bare = new App({ token: "xoxb-bench", receiver: boltReceiver, clientOptions: { slackApiUrl: api.apiUrl! }, logLevel: LogLevel.ERROR });
    const bareServer = (await bare.start(0)) as Server;
    stopApp = () => bare.stop() as Promise<void>;
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}${EVENTS_PATH}`;
    await send(bareUrl, Math.min(50, events), "bw");
    const boltAcks = (await send(bareUrl, events, "bb")).map((s) => s.ackMs);
    return {
      ackP50Ms: round(percentile(burst.acks, 50), 1),
      ackP99Ms: round(percentile(burst.acks, 99), 1),
      appAckP50Ms: round(percentile(appAcks, 50), 2),
      appAckP99Ms: round(percentile(appAcks, 99), 2),
      burstLoopDelayMaxMs: round(loopDelay.max / 1e6, 1),
      replyP50Ms: round(percentile(replies, 50), 1),
      replyP95Ms: round(percentile(replies, 95), 1),
      burstReplyP95Ms: round(percentile(burst.replies, 95), 1),
      events,
      sequentialEvents,
      boltAckP50Ms: round(percentile(boltAcks, 50), 1),
      boltAckP99Ms: round(percentile(boltAcks, 99), 1),
    };
  } finally {
    await stopApp?.();
    await Promise.all([closeWorker(slackSide), closeWorker(sender)]);
  }
}
