/**
 * The "Slack side" of the Slack bench, in worker threads so it does not share the app's event loop:
 * role `slack` hosts the fake Slack Web API and reports when each thread's final answer arrives; role `sender`
 * sends signed app_mention events all at once and times each ack. Times are epoch milliseconds
 * (timeOrigin + now), comparable across threads.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { ANSWER_ACTIONS_BLOCK } from "../ids.ts";
import { type RecordedCall, startFakeSlackApi } from "./fake-slack-api.ts";
import { eventBody, signedHeaders } from "./signed-requests.ts";

export type LoadRole = "slack" | "sender";

export type LoadCommand =
  | { type: "send"; url: string; secret: string; count: number; tag: string; botUserId: string; teamId: string }
  | { type: "close" };

export type LoadMessage =
  | { type: "ready"; apiUrl?: string; botUserId?: string; teamId?: string }
  | { type: "answered"; thread: string; at: number }
  | { type: "sent"; sent: { thread: string; at: number; ackMs: number }[] }
  | { type: "error"; message: string };

const QUESTIONS = [
  "How do I connect an AI assistant to Salesforce safely?",
  "Which AI tools may I use with customer data?",
  "Can Copilot summarise ServiceNow tickets?",
  "What do I need before piloting ChatGPT Enterprise in finance?",
];

const port = parentPort!;
const epochNow = () => performance.timeOrigin + performance.now();
const post = (m: LoadMessage) => port.postMessage(m);

if ((workerData as { role: LoadRole }).role === "slack") {
  const fake = await startFakeSlackApi();
  const threadOfPlaceholder = new Map<string, string>();
  const isAnswer = (call: RecordedCall) => (call.body.blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === ANSWER_ACTIONS_BLOCK);
  fake.onCall((call: RecordedCall) => {
    // The answer is either posted complete in the thread, or a placeholder posted there is updated with it.
    if (call.method === "chat.postMessage" && typeof call.body.thread_ts === "string") {
      if (isAnswer(call)) post({ type: "answered", thread: call.body.thread_ts, at: epochNow() });
      else threadOfPlaceholder.set(String(call.response.ts), call.body.thread_ts);
    }
    if (call.method === "chat.update" && isAnswer(call)) {
      const thread = threadOfPlaceholder.get(String(call.body.ts));
      if (thread) post({ type: "answered", thread, at: epochNow() });
    }
    // Keep memory flat over long runs: the bench only needs the callbacks.
    fake.calls.length = 0;
  });
  port.on("message", (command: LoadCommand) => {
    if (command.type === "close") void fake.close().then(() => port.close());
  });
  post({ type: "ready", apiUrl: fake.url, botUserId: fake.botUserId, teamId: fake.teamId });
} else {
  const run = randomBytes(4).toString("hex");
  const send = async (c: Extract<LoadCommand, { type: "send" }>) => {
    const prepared = Array.from({ length: c.count }, (_, i) => {
      const ts = `${1_800_000_000 + i}.${c.tag}${String(i).padStart(5, "0")}`;
      const envelope = {
        token: "bench",
        team_id: c.teamId,
        api_app_id: "ABENCH",
        type: "event_callback",
        event_id: `EvBench${run}${c.tag}${i}`,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: c.teamId, user_id: c.botUserId, is_bot: true, is_enterprise_install: false }],
        event: { type: "app_mention", user: `UBENCH${i}`, text: `<@${c.botUserId}> ${QUESTIONS[i % QUESTIONS.length]}`, ts, channel: `CBENCH${run}`, event_ts: ts },
      };
      return { thread: ts, body: eventBody(envelope).body };
    });
    const sent = await sendRaw(c.url, c.secret, prepared);
    post({ type: "sent", sent });
  };
  port.on("message", (command: LoadCommand) => {
    if (command.type === "close") port.close();
    else send(command).catch((err: Error) => post({ type: "error", message: err.message }));
  });
  post({ type: "ready" });
}

/** Opens one connection per request, then writes all requests at once; resolves with each ack time. */
async function sendRaw(url: string, secret: string, requests: { thread: string; body: string }[]): Promise<{ thread: string; at: number; ackMs: number }[]> {
  const { hostname, port: tcpPort, pathname } = new URL(url);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: hostname, port: Number(tcpPort), noDelay: true }, () => resolve(socket));
          socket.once("error", reject);
        }),
    ),
  );
  const buffers = requests.map(({ body }) => {
    const headers = { ...signedHeaders(secret, body), host: `${hostname}:${tcpPort}`, "content-length": String(Buffer.byteLength(body)), connection: "close" };
    const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n");
    return Buffer.from(`POST ${pathname} HTTP/1.1\r\n${head}\r\n\r\n${body}`);
  });
  return Promise.all(
    requests.map(
      ({ thread }, i) =>
        new Promise<{ thread: string; at: number; ackMs: number }>((resolve, reject) => {
          const socket = sockets[i]!;
          let received = "";
          const at = epochNow();
          const started = performance.now();
          socket.on("data", (chunk: Buffer) => {
            received += chunk.toString("latin1");
            if (!received.includes("\r\n\r\n")) return;
            const ackMs = performance.now() - started;
            socket.destroy();
            const status = Number(received.slice(9, 12));
            if (status !== 200) reject(new Error(`event answered HTTP ${status}`));
            else resolve({ thread, at, ackMs });
          });
          socket.once("error", reject);
          socket.write(buffers[i]!);
        }),
    ),
  );
}
