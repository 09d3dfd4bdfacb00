/**
 * `bench --only replicas`: two replicas of the Slack app (separate processes, HTTP mode) on one PostgreSQL, a
 * 500-question burst spread over ~20 s, and one replica killed with SIGKILL at a random moment 10 times (a new
 * one is started in its place at once). The sender plays Slack and the load balancer: each event goes to the
 * next live replica; a delivery that gets no 200 (connection refused or reset by a dying replica, 503) is sent
 * again to another replica after a second, as Slack retries. Counted at the fake Slack Web API: every question
 * must have exactly one reply message carrying the answer.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { ANSWER_ACTIONS_BLOCK } from "../slack/ids.ts";
import { startFakeSlackApi } from "../slack/testing/fake-slack-api.ts";
import { type ReplicaProcess, startReplica } from "../slack/testing/replica-process.ts";
import { eventBody, postSigned } from "../slack/testing/signed-requests.ts";
import { percentile, round } from "./stats.ts";

export interface ReplicaBench {
  questions: number;
  kills: number;
  answered: number;
  duplicates: number;
  missing: number;
  /** Deliveries that got no 200 and were sent again (as Slack would). */
  redeliveries: number;
  /** From the first send of a question to its answer at the fake Slack. */
  answerP50Ms: number;
  answerP95Ms: number;
  answerMaxMs: number;
  totalSeconds: number;
}

const SECRET = "replica-bench-signing-secret-0123456789";
const hasButtons = (blocks: unknown) => (blocks as { block_id?: string }[] | undefined)?.some((b) => b.block_id === ANSWER_ACTIONS_BLOCK) ?? false;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchReplicas(options: { databaseUrl: string; questions?: number; kills?: number; spreadMs?: number }): Promise<ReplicaBench> {
  const questions = options.questions ?? 500;
  const kills = options.kills ?? 10;
  const spreadMs = options.spreadMs ?? 20_000;
  const schema = `pp_bench_replicas_${randomBytes(4).toString("hex")}`;
  const fake = await startFakeSlackApi({ latencyMs: 20 });
  const env = {
    SLACK_API_URL: fake.url,
    SLACK_SIGNING_SECRET: SECRET,
    DATABASE_URL: options.databaseUrl,
    REPLICA_PG_SCHEMA: schema,
    INBOX_LEASE_MS: "3000",
    INBOX_SWEEP_MS: "500",
    INBOX_RETRY_BASE_MS: "1000",
    ANSWER_DELAY_MS: "30",
    LOG_LEVEL: "silent",
  };
  const live: ReplicaProcess[] = await Promise.all([startReplica(env), startReplica(env)]);
  const started = performance.now();
  const firstSent = new Map<string, number>();
  const answeredAt = new Map<string, number>();
  fake.onCall((call) => {
    if ((call.method === "chat.postMessage" || call.method === "chat.update") && hasButtons(call.body.blocks)) {
      const held = [...fake.messages.values()].find((m) => m.ts === (call.body.ts ?? call.response.ts) && m.channel === call.response.channel);
      const key = held?.thread_ts ? `${held.channel}:${held.thread_ts}` : undefined;
      if (key && !answeredAt.has(key)) answeredAt.set(key, performance.now());
    }
  });

  let next = 0;
  let redeliveries = 0;
  const deliver = async (envelope: { event: { channel: string; ts: string } }): Promise<void> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      const target = live[next++ % live.length];
      if (!target) {
        await sleep(200);
        continue;
      }
      const headers: Record<string, string> = attempt > 0 ? { "x-slack-retry-num": String(Math.min(attempt, 3)), "x-slack-retry-reason": "http_error" } : {};
      try {
        const res = await postSigned(target.url, SECRET, eventBody(envelope), { headers });
        if (res.status === 200) return;
      } catch {
        /* connection refused or reset: the replica died */
      }
      redeliveries++;
      await sleep(1000);
    }
  };

  const channel = (i: number) => `CREPL${String(i).padStart(4, "0")}`;
  const envelopes = Array.from({ length: questions }, (_, i) => {
    const ts = `${1_800_000_000 + i}.000100`;
    return {
      token: "x",
      team_id: fake.teamId,
      api_app_id: "A0REPLICAS",
      type: "event_callback",
      event_id: `EvRepl${i}`,
      event_time: 1_800_000_000 + i,
      event: { type: "app_mention", user: "U0BENCH01", text: `<@${fake.botUserId}> replica question ${i}?`, ts, event_ts: ts, channel: channel(i) },
    };
  });

  // Kills at random moments during the burst; each replaced at once.
  const killTimes = Array.from({ length: kills }, () => Math.random() * spreadMs).sort((a, b) => a - b);
  const killer = (async () => {
    for (const at of killTimes) {
      await sleep(Math.max(0, at - (performance.now() - started)));
      const victim = live.splice(Math.floor(Math.random() * live.length), 1)[0];
      await victim?.crash();
      live.push(await startReplica(env));
    }
  })();

  const sends: Promise<void>[] = [];
  for (let i = 0; i < questions; i++) {
    await sleep(Math.max(0, (i * spreadMs) / questions - (performance.now() - started)));
    firstSent.set(`${channel(i)}:${envelopes[i]!.event.ts}`, performance.now());
    sends.push(deliver(envelopes[i]!));
  }
  await Promise.all(sends);
  await killer;

  const deadline = performance.now() + 120_000;
  while (answeredAt.size < questions && performance.now() < deadline) await sleep(250);
  await sleep(3000); // late duplicates, if any, arrive
  const totalSeconds = round((performance.now() - started) / 1000, 1);

  let duplicates = 0;
  let answered = 0;
  const perThread = new Map<string, number>();
  for (const m of fake.messages.values()) if (m.thread_ts) perThread.set(`${m.channel}:${m.thread_ts}`, (perThread.get(`${m.channel}:${m.thread_ts}`) ?? 0) + 1);
  for (const [key] of firstSent) {
    const n = perThread.get(key) ?? 0;
    if (n > 1) duplicates += n - 1;
    const answer = [...fake.messages.values()].find((m) => `${m.channel}:${m.thread_ts}` === key && hasButtons(m.blocks));
    if (answer) answered++;
  }
  const latencies = [...firstSent].flatMap(([key, t]) => (answeredAt.has(key) ? [answeredAt.get(key)! - t] : []));

  await Promise.all(live.map((r) => r.stop().catch(() => undefined)));
  await fake.close();
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => client.end());

  return {
    questions,
    kills,
    answered,
    duplicates,
    missing: questions - answered,
    redeliveries,
    answerP50Ms: round(percentile(latencies, 50), 0),
    answerP95Ms: round(percentile(latencies, 95), 0),
    answerMaxMs: round(Math.max(0, ...latencies), 0),
    totalSeconds,
  };
}
