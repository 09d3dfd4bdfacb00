/**
 * The partner benchmark at network scale: import a synthetic feed (default 10,000 firms, 300,000 consultants),
 * load the directory, time matches of employee-worded needs, and time referral creation (commit + outbox
 * messages), on SQLite and, when a PostgreSQL URL is given, on PostgreSQL (in a throwaway schema).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { generateFeed } from "../partners/generate.ts";
import { PartnerDirectory } from "../partners/PartnerDirectory.ts";
import { extractNeed } from "../partners/need.ts";
import { ReferralService } from "../referrals/ReferralService.ts";
import { cardMessage, dmMessage } from "../referrals/notifications.ts";
import { PostgresStore } from "../store/PostgresStore.ts";
import { SqliteStore } from "../store/SqliteStore.ts";
import type { Store } from "../store/Store.ts";
import { percentile, round } from "./stats.ts";

export interface PartnerEngineBench {
  importMs: number;
  importPerSecond: number;
  loadMs: number;
  matchP50Ms: number;
  matchP95Ms: number;
  matchMaxMs: number;
  /** Firms scored per match on average (the inverted lists' candidates). */
  candidatesPerMatch: number;
  /** Full submits per second: redaction, need extraction, duplicate check, matching, commit + outbox. */
  referralsPerSecond: number;
  /** The commit alone: referral row, two audit events, card and DM outbox messages, firm counters, one transaction. */
  referralCommitsPerSecond: number;
  /** Submits (and commits) in flight at once, as concurrent Slack modal submissions would be. */
  concurrency: number;
}

export interface PartnerBench {
  /** The engines measured; the top-level figures are the slower engine's. */
  engines: ("sqlite" | "postgres")[];
  firms: number;
  consultants: number;
  /** The slower engine's figures, so the targets hold for both. */
  importPerSecond: number;
  matchP95Ms: number;
  referralsPerSecond: number;
  referralCommitsPerSecond: number;
  concurrency: number;
  sqlite: PartnerEngineBench;
  postgres?: PartnerEngineBench;
}

export interface PartnerBenchOptions {
  firms?: number;
  consultants?: number;
  matches?: number;
  referrals?: number;
  /** Concurrent submitters (default 8). */
  concurrency?: number;
  /** PostgreSQL to also measure on (a schema is created and dropped). */
  databaseUrl?: string;
}

async function needTexts(): Promise<string[]> {
  const lines = (await readFile("test/eval/partners.jsonl", "utf8")).split("\n").filter((l) => l.trim());
  return lines.map((l) => (JSON.parse(l) as { need: string }).need);
}

async function benchEngine(store: Store, feed: ReturnType<typeof generateFeed>, texts: string[], o: Required<Omit<PartnerBenchOptions, "databaseUrl">>): Promise<PartnerEngineBench> {
  const now = new Date("2026-12-01T09:00:00Z");
  const clock = () => now;
  let t = performance.now();
  await store.partners.importDirectory(feed, now);
  const importMs = performance.now() - t;

  t = performance.now();
  const directory = new PartnerDirectory({ store: store.partners, clock, refreshEveryMs: Number.POSITIVE_INFINITY });
  await directory.load();
  const loadMs = performance.now() - t;

  const times: number[] = [];
  let candidates = 0;
  for (let i = 0; i < o.matches; i++) {
    const s = performance.now();
    const need = extractNeed(texts[i % texts.length]!); // extraction is part of a match as users see it
    const result = directory.current.match(need, { today: now, limit: 3, rotation: String(i) });
    times.push(performance.now() - s);
    candidates += result.scored;
  }

  // `concurrency` workers taking the next index until `count` are done (submits arrive concurrently in Slack).
  const inParallel = async (count: number, work: (i: number) => Promise<unknown>) => {
    let next = 0;
    const worker = async () => {
      while (next < count) await work(next++);
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: o.concurrency }, worker));
    return performance.now() - start;
  };
  const service = new ReferralService({ store, directory, clock });
  const referralMs = await inParallel(o.referrals, (i) =>
    service.submit({
      key: `bench-${i}`,
      requesterId: `UBENCH${i}`,
      teamId: `TBENCH${i}`,
      summary: texts[i % texts.length]!,
      consent: true,
    }),
  );
  const firmId = feed.firms.find((f) => f.status === "active" && f.tier !== "registered")!.id;
  const commitMs = await inParallel(o.referrals, (i) =>
    store.referrals.create(
      {
        key: `commit-${i}`,
        requesterId: `UCOMMIT${i}`,
        state: "offered",
        summary: texts[i % texts.length]!,
        details: { systems: [] },
        candidates: [],
        offerIndex: 0,
        firmId,
        offeredAt: now,
        consentAt: now,
        createdAt: now,
      },
      {
        events: [
          { at: now, actor: `UCOMMIT${i}`, to: "submitted" },
          { at: now, actor: "system", from: "submitted", to: "offered", firmId },
        ],
        outbox: (r) => [cardMessage(r, firmId), dmMessage(r)],
        stats: [{ firmId, offered: 1, openReferrals: 1 }],
      },
    ),
  );
  return {
    importMs: round(importMs, 0),
    importPerSecond: round(feed.consultants.length / (importMs / 1000), 0),
    loadMs: round(loadMs, 0),
    matchP50Ms: round(percentile(times, 50), 3),
    matchP95Ms: round(percentile(times, 95), 3),
    matchMaxMs: round(Math.max(...times), 3),
    candidatesPerMatch: round(candidates / o.matches, 0),
    referralsPerSecond: round(o.referrals / (referralMs / 1000), 0),
    referralCommitsPerSecond: round(o.referrals / (commitMs / 1000), 0),
    concurrency: o.concurrency,
  };
}

export async function benchPartners(options: PartnerBenchOptions = {}): Promise<PartnerBench> {
  const o = { firms: options.firms ?? 10_000, consultants: options.consultants ?? 300_000, matches: options.matches ?? 1000, referrals: options.referrals ?? 1000, concurrency: options.concurrency ?? 8 };
  const feed = generateFeed({ firms: o.firms, consultants: o.consultants, seed: 1 });
  const texts = await needTexts();

  const dir = mkdtempSync(join(tmpdir(), "pp-bench-partners-"));
  let sqlite: PartnerEngineBench;
  const file = new SqliteStore({ filename: join(dir, "bench.sqlite") });
  try {
    await file.migrate();
    sqlite = await benchEngine(file, feed, texts, o);
  } finally {
    await file.close();
    rmSync(dir, { recursive: true, force: true });
  }

  let postgres: PartnerEngineBench | undefined;
  if (options.databaseUrl) {
    const schema = `pp_bench_partners_${process.pid}`;
    const store = new PostgresStore({ connectionString: options.databaseUrl, schema });
    try {
      await store.migrate();
      postgres = await benchEngine(store, feed, texts, o);
    } finally {
      await store.close();
      const client = new pg.Client({ connectionString: options.databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.end();
    }
  }
  const both = [sqlite, ...(postgres ? [postgres] : [])];
  return {
    engines: postgres ? ["sqlite", "postgres"] : ["sqlite"],
    firms: o.firms,
    consultants: o.consultants,
    importPerSecond: Math.min(...both.map((b) => b.importPerSecond)),
    matchP95Ms: Math.max(...both.map((b) => b.matchP95Ms)),
    referralsPerSecond: Math.min(...both.map((b) => b.referralsPerSecond)),
    referralCommitsPerSecond: Math.min(...both.map((b) => b.referralCommitsPerSecond)),
    concurrency: o.concurrency,
    sqlite,
    ...(postgres ? { postgres } : {}),
  };
}

export function printPartnerBench(b: PartnerBench): void {
  console.log(`Partners: ${b.firms} firms, ${b.consultants} consultants; referrals submitted by ${b.concurrency} concurrent submitters`);
  console.log("engine     import/s  load ms  match p50 ms  p95 ms  max ms  scored/match  submits/s  commits/s");
  for (const [name, e] of Object.entries({ sqlite: b.sqlite, postgres: b.postgres })) {
    if (!e) continue;
    console.log(
      `${name.padEnd(10)} ${String(e.importPerSecond).padStart(8)}  ${String(e.loadMs).padStart(7)}  ${String(e.matchP50Ms).padStart(12)}  ${String(e.matchP95Ms).padStart(6)}  ${String(e.matchMaxMs).padStart(6)}  ${String(e.candidatesPerMatch).padStart(12)}  ${String(e.referralsPerSecond).padStart(9)}  ${String(e.referralCommitsPerSecond).padStart(9)}`,
    );
  }
  console.log(`targets: import >= 20000/s ${b.importPerSecond >= 20_000 ? "met" : "NOT met"}; match p95 < 50 ms ${b.matchP95Ms < 50 ? "met" : "NOT met"}; full referral submits (match, commit + outbox) >= 500/s ${b.referralsPerSecond >= 500 ? "met" : "NOT met"} (commits alone ${b.referralCommitsPerSecond}/s)`);
}
