/**
 * The "Slack side" of the Slack bench, run in a worker thread so its own work (signing, sending 200 requests,
 * serving the Web API) does not share the app's event loop: it hosts the fake Slack Web API, sends signed
 * app_mention events at once, and times each ack and each final answer.
 */
import { randomBytes } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { ANSWER_ACTIONS_BLOCK } from "../ids.ts";
import { type RecordedCall, startFakeSlackApi } from "./fake-slack-api.ts";
import { eventBody, postSigned } from "./signed-requests.ts";

export type LoadCommand = { type: "run"; url: string; secret: string; count: number; tag: string } | { type: "close" };
export type LoadMessage =
  | { type: "ready"; apiUrl: string }
  | { type: "result"; acks: number[]; replies: number[] }
  | { type: "error"; message: string };

const QUESTIONS = [
  "How do I connect an AI assistant to Salesforce safely?",
  "Which AI tools may I use with customer data?",
  "Can Copilot summarise ServiceNow tickets?",
  "What do I need before piloting ChatGPT Enterprise in finance?",
];

const port = parentPort!;
const fake = await startFakeSlackApi();
const run = randomBytes(4).toString("hex");

// Thread of each placeholder (by its ts) and when each thread's final answer arrived.
const threadOfPlaceholder = new Map<string, string>();
const waiters = new Map<string, (at: number) => void>();
fake.onCall((call: RecordedCall) => {
  if (call.method === "chat.postMessage" && typeof call.body.thread_ts === "string") threadOfPlaceholder.set(String(call.response.ts), call.body.thread_ts);
  if (call.method === "chat.update" && (call.body.blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === ANSWER_ACTIONS_BLOCK)) {
    const thread = threadOfPlaceholder.get(String(call.body.ts));
    if (thread) waiters.get(thread)?.(call.at);
  }
});

function mention(i: number, tag: string) {
  const ts = `${1_800_000_000 + i}.${tag}${String(i).padStart(5, "0")}`;
  const envelope = {
    token: "bench",
    team_id: fake.teamId,
    api_app_id: "ABENCH",
    type: "event_callback",
    event_id: `EvBench${run}${tag}${i}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: fake.teamId, user_id: fake.botUserId, is_bot: true, is_enterprise_install: false }],
    event: { type: "app_mention", user: `UBENCH${i}`, text: `<@${fake.botUserId}> ${QUESTIONS[i % QUESTIONS.length]}`, ts, channel: `CBENCH${run}`, event_ts: ts },
  };
  return { ts, envelope };
}

async function load(url: string, secret: string, count: number, tag: string): Promise<{ acks: number[]; replies: number[] }> {
  const batch = Array.from({ length: count }, (_, i) => mention(i, tag));
  // Sign first, so signing time is not counted as ack latency.
  const prepared = batch.map(({ ts, envelope }) => ({ ts, body: eventBody(envelope) }));
  const sentAt = new Map<string, number>();
  const replies = prepared.map(
    ({ ts }) =>
      new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer for ${ts} within 60 s`)), 60_000);
        waiters.set(ts, (at) => {
          clearTimeout(timer);
          waiters.delete(ts);
          resolve(at - sentAt.get(ts)!);
        });
      }),
  );
  const acks = await Promise.all(
    prepared.map(async ({ ts, body }) => {
      sentAt.set(ts, performance.now());
      const res = await postSigned(url, secret, body);
      if (res.status !== 200) throw new Error(`event answered HTTP ${res.status}`);
      return res.ms;
    }),
  );
  return { acks, replies: await Promise.all(replies) };
}

port.on("message", (command: LoadCommand) => {
  if (command.type === "close") {
    void fake.close().then(() => port.close());
    return;
  }
  load(command.url, command.secret, command.count, command.tag).then(
    (r) => port.postMessage({ type: "result", ...r } satisfies LoadMessage),
    (err: Error) => port.postMessage({ type: "error", message: err.message } satisfies LoadMessage),
  );
});
port.postMessage({ type: "ready", apiUrl: fake.url } satisfies LoadMessage);
