import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";

export async function runBench(config: Config, logger: Logger, opts: { json?: boolean; chunks: number }): Promise<void> {
  const { runBenchmarks, printBenchmarks } = await import("../benchmarks/run.ts");
  const results = await runBenchmarks(config, logger, { syntheticChunks: opts.chunks });
  if (opts.json) console.log(JSON.stringify(results));
  else printBenchmarks(results);
}
