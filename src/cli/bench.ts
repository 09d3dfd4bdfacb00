import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";

export async function runBench(
  config: Config,
  logger: Logger,
  opts: { json?: boolean; chunks: number; only?: string; firms?: number; consultants?: number },
): Promise<void> {
  if (opts.only === "partners") {
    const { benchPartners, printPartnerBench } = await import("../benchmarks/partners.ts");
    const partners = await benchPartners({ firms: opts.firms, consultants: opts.consultants, databaseUrl: config.databaseUrl ?? process.env.TEST_DATABASE_URL });
    if (opts.json) console.log(JSON.stringify({ partners }));
    else printPartnerBench(partners);
    return;
  }
  if (opts.only === "replicas") {
    const databaseUrl = config.databaseUrl ?? process.env.TEST_DATABASE_URL;
    if (!databaseUrl) throw new Error("bench --only replicas needs PostgreSQL: set DATABASE_URL (or TEST_DATABASE_URL)");
    const { benchReplicas } = await import("../benchmarks/replicas.ts");
    const replicas = await benchReplicas({ databaseUrl });
    if (opts.json) console.log(JSON.stringify({ replicas }));
    else console.log(`Replicas (2 on PostgreSQL, SIGKILL at random during the burst): ${Object.entries(replicas).map(([k, v]) => `${k} ${v}`).join("  ")}`);
    return;
  }
  if (opts.only === "usecases") {
    const { benchUseCases, printUseCaseBench } = await import("../benchmarks/usecases.ts");
    const useCases = await benchUseCases(config, logger);
    if (opts.json) console.log(JSON.stringify({ useCases }));
    else printUseCaseBench(useCases);
    return;
  }
  if (opts.only === "answers") {
    const { benchAnswerSection, printAnswerSection } = await import("../benchmarks/answers.ts");
    const answers = await benchAnswerSection(config, logger);
    if (opts.json) console.log(JSON.stringify({ answers }));
    else printAnswerSection(answers);
    return;
  }
  if (opts.only === "checkins") return benchCheckinsSection(config, opts);
  if (opts.only) throw new Error(`bench --only: unknown section "${opts.only}" (known: partners, answers, usecases, checkins, replicas)`);
  const { runBenchmarks, printBenchmarks } = await import("../benchmarks/run.ts");
  const results = await runBenchmarks(config, logger, { syntheticChunks: opts.chunks });
  if (opts.json) console.log(JSON.stringify(results));
  else printBenchmarks(results);
}

/** `bench --only checkins`: needs PostgreSQL (DATABASE_URL, or TEST_DATABASE_URL for a test database). */
async function benchCheckinsSection(config: Config, opts: { json?: boolean }): Promise<void> {
  const databaseUrl = config.databaseUrl ?? process.env.TEST_DATABASE_URL?.trim();
  if (!databaseUrl) throw new Error("bench --only checkins needs PostgreSQL: set DATABASE_URL (or TEST_DATABASE_URL)");
  const { benchCheckins } = await import("../benchmarks/checkins.ts");
  const participants = Number(process.env.BENCH_CHECKIN_PARTICIPANTS ?? 10_000);
  const retryAfterSeconds = Number(process.env.BENCH_CHECKIN_RETRY_AFTER ?? 1);
  const r = await benchCheckins({ databaseUrl, participants, retryAfterSeconds });
  if (opts.json) return console.log(JSON.stringify({ checkins: r }));
  console.log(
    `Check-ins: ${r.participants} participants due at once, ${r.workers} workers on PostgreSQL, fake Slack answering 429 (Retry-After ${r.retryAfterSeconds} s) to one call in 50\n` +
      `  ${r.dmsPerSecond} DMs/s (${r.seconds} s), ${r.rateLimited} calls rate-limited and retried, duplicates ${r.duplicates}, lost ${r.lost}, failed jobs ${r.jobsFailed}`,
  );
}
