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
  if (opts.only) throw new Error(`bench --only: unknown section "${opts.only}" (known: partners, replicas)`);
  const { runBenchmarks, printBenchmarks } = await import("../benchmarks/run.ts");
  const results = await runBenchmarks(config, logger, { syntheticChunks: opts.chunks });
  if (opts.json) console.log(JSON.stringify(results));
  else printBenchmarks(results);
}
