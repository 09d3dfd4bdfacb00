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
  if (opts.only) throw new Error(`bench --only: unknown section "${opts.only}" (known: partners, answers, usecases)`);
  const { runBenchmarks, printBenchmarks } = await import("../benchmarks/run.ts");
  const results = await runBenchmarks(config, logger, { syntheticChunks: opts.chunks });
  if (opts.json) console.log(JSON.stringify(results));
  else printBenchmarks(results);
}
