/**
 * `bench --only checkins`: a round with N participants (default 10,000) all due at the same instant, delivered by
 * two job workers on two PostgreSQL connections pools ("replicas"), each with its own Slack Web API client,
 * against the loopback fake Slack API answering HTTP 429 (Retry-After) to one call in 50. Measures DMs per
 * second, and checks each participant got exactly one DM (duplicates 0, lost 0).
 */
import { webApi } from "@slack/bolt";
import { CheckinService } from "../checkins/CheckinService.ts";
import type { CheckinDirectory, Person } from "../checkins/ports.ts";
import { silentLogger } from "../logging.ts";
import { checkinWorker } from "../slack/checkins/index.ts";
import { CHECKIN_START } from "../slack/ids.ts";
import { startFakeSlackApi } from "../slack/testing/fake-slack-api.ts";
import { PostgresStore } from "../store/PostgresStore.ts";
import { round } from "./stats.ts";

export interface CheckinBench {
  participants: number;
  workers: number;
  dmsPerSecond: number;
  seconds: number;
  rateLimited: number;
  retryAfterSeconds: number;
  duplicates: number;
  lost: number;
  jobsFailed: number;
}

export interface CheckinBenchOptions {
  databaseUrl: string;
  participants?: number;
  retryAfterSeconds?: number;
  rateLimitEvery?: number;
}

class SyntheticDirectory implements CheckinDirectory {
  constructor(private readonly n: number) {}
  async people(): Promise<Person[]> {
    const zones = ["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London"];
    return Array.from({ length: this.n }, (_, i) => ({ userId: `UB${String(i).padStart(8, "0")}`, timeZone: zones[i % zones.length], team: `Team ${i % 40}` }));
  }
}

export async function benchCheckins(options: CheckinBenchOptions): Promise<CheckinBench> {
  const n = options.participants ?? 10_000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  const schema = `pp_bench_checkins_${process.pid}`;
  const fake = await startFakeSlackApi({ rateLimitEvery: options.rateLimitEvery ?? 50, rateLimitRetryAfterSeconds: retryAfterSeconds });
  const stores = [0, 1].map(() => new PostgresStore({ connectionString: options.databaseUrl, schema, maxConnections: 12, logger: silentLogger }));
  try {
    await stores[0]!.migrate();
    await stores[1]!.migrate();
    // Friday before the round; every participant's DM is due at one instant (the round time in UTC for everyone).
    let now = new Date("2026-11-20T12:00:00Z");
    const clock = () => now;
    const planner = new CheckinService({ store: stores[0]!, clock });
    const { campaign } = await planner.createCampaign(
      "UBENCHOWNER",
      {
        name: "Bench",
        audience: { kind: "usergroup", usergroupId: "SBENCH0001" },
        team: { kind: "profile", field: "title" },
        schedule: { cadence: "once", startDate: "2026-11-23", weekday: 1, time: "09:00" },
        windowHours: 48,
        reminders: { count: 1, spacingHours: 24 },
        anonymous: true,
        questions: { usage: true, useCase: false, blockers: true, custom: [] },
        report: { kind: "dm" },
      },
      "bench",
    );
    // Open the round now with everyone due at once: the point is delivery under load, not time zones.
    now = new Date("2026-11-25T00:00:00Z");
    const plannerHandlers = planner.handlers(new SyntheticDirectory(n), { invite: () => Promise.reject(new Error("not yet")) } as never);
    const [openJob] = await stores[0]!.jobs.claim({ owner: "bench-open", now, leaseMs: 600_000, limit: 1 });
    await plannerHandlers["checkins.open_round"]!(openJob!, { now, once: async () => undefined });
    await stores[0]!.jobs.complete(openJob!.id, "bench-open", now);

    const started = performance.now();
    const workers = stores.map((store, i) => {
      const client = new webApi.WebClient("xoxb-bench", { slackApiUrl: fake.url, retryConfig: { retries: 10, factor: 1, minTimeout: 50, maxTimeout: 200 }, maxRequestConcurrency: 50, logLevel: webApi.LogLevel.ERROR });
      const service = new CheckinService({ store, clock });
      return checkinWorker({ service, jobs: store.jobs, client, clock, logger: silentLogger, owner: `bench-${i}`, concurrency: 32, batchSize: 64 });
    });
    await Promise.all(workers.map((w) => w.drain()));
    const seconds = (performance.now() - started) / 1000;

    const perUser = new Map<string, number>();
    let rateLimited = 0;
    for (const c of fake.calls) {
      if (c.method !== "chat.postMessage") continue;
      if (c.status === 429) {
        rateLimited += 1;
        continue;
      }
      if (!JSON.stringify(c.body.blocks ?? "").includes(CHECKIN_START)) continue;
      const ch = String(c.body.channel);
      perUser.set(ch, (perUser.get(ch) ?? 0) + 1);
    }
    const delivered = [...perUser.values()].filter((v) => v >= 1).length;
    const duplicates = [...perUser.values()].reduce((a, v) => a + Math.max(0, v - 1), 0);
    const participants = await stores[0]!.checkins.listParticipations(campaign.id);
    const notSent = participants.filter((p) => p.state !== "sent").length;
    const jobs = await stores[0]!.jobs.countJobs({ kind: "checkins.send_invite" });
    return {
      participants: n,
      workers: workers.length,
      dmsPerSecond: round(delivered / seconds, 0),
      seconds: round(seconds, 1),
      rateLimited,
      retryAfterSeconds,
      duplicates,
      lost: Math.max(n - delivered, notSent),
      jobsFailed: jobs.failed,
    };
  } finally {
    const client = new (await import("pg")).default.Client({ connectionString: options.databaseUrl });
    await Promise.all(stores.map((s) => s.close().catch(() => undefined)));
    await fake.close();
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await client.end();
  }
}
