import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";

export async function runBench(config: Config, logger: Logger, opts: { json?: boolean; chunks: number; only?: string }): Promise<void> {
  if (opts.only === "usecases") {
    const { benchUseCases, printUseCaseBench } = await import("../benchmarks/usecases.ts");
    const useCases = await benchUseCases(config, logger);
    if (opts.json) console.log(JSON.stringify({ useCases }));
    else printUseCaseBench(useCases);
    return;
  }
  if (opts.only !== undefined) throw new Error(`bench --only ${opts.only}: unknown section (known: usecases; omit --only for the others)`);
  const { runBenchmarks, printBenchmarks } = await import("../benchmarks/run.ts");
  const results = await runBenchmarks(config, logger, { syntheticChunks: opts.chunks });
  if (opts.json) console.log(JSON.stringify(results));
  else printBenchmarks(results);
}
