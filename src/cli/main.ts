import { Command, CommanderError } from "commander";
import { ConfigError, loadConfig, type Config } from "../config.ts";
import { createLogger, secretsOf, type Logger } from "../logging.ts";
import { PlaybookError } from "../retrieval/playbooks.ts";
import { AskResultSchema } from "../assistant/contract.ts";
import { createServices } from "../services.ts";
import { openKnowledgeIndex } from "../retrieval/index.ts";
import { runChat } from "./chat.ts";
import { runEval } from "./eval.ts";
import { runBench } from "./bench.ts";
import { registerCheckinsCommand } from "./checkins.ts";
import { runLint } from "./lint.ts";
import { LintInputError } from "../lint/lint.ts";
import { systemClock } from "../clock.ts";
import { readLines } from "./stdin.ts";
import { registerUseCaseCommands } from "./usecases.ts";
import { registerPartnerCommands } from "./partners.ts";

/** Terminal commands print answers on stdout: their logs are warnings and errors only (still JSON on stderr). */
function quiet(logger: Logger): Logger {
  return logger.levelVal < 40 ? logger.child({}, { level: "warn" }) : logger;
}

/** Entry of the `partnerpilot` command (bin/partnerpilot.js). Exits 2 on bad settings or playbooks. */
export async function main(argv: string[]): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    return fail(err);
  }
  const logger = createLogger(config.logLevel, undefined, { secrets: secretsOf(config) });
  const program = new Command()
    .name("partnerpilot")
    .description("PartnerPilot: the AI-adoption assistant. Answers from the partner playbooks in knowledge/.")
    .exitOverride()
    .showHelpAfterError();

  program
    .command("index")
    .description("(re)build the search index from the knowledge directory into data/index/")
    .option("--force", "rebuild even when the stored index is current")
    .action(async (opts: { force?: boolean }) => {
      const started = performance.now();
      const { index, rebuilt } = await openKnowledgeIndex(config, logger, opts.force ?? true);
      const ms = Math.round(performance.now() - started);
      console.log(
        `${rebuilt ? "Indexed" : "Index is current:"} ${index.playbooks.length} playbooks, ${index.chunks.length} chunks ` +
          `(embedder ${index.manifest.embedder}, ${index.manifest.dimensions} dimensions) in ${ms} ms`,
      );
    });

  program
    .command("ask")
    .description("answer one question; with no question, read one question per line from stdin")
    .option("--json", "print the answer as one JSON object (JSONL when reading stdin)")
    .option("--conversation <id>", "keep context across calls: follow-ups in the same conversation id continue its thread")
    .argument("[question...]", "the question")
    .action(async (words: string[], opts: { json?: boolean; conversation?: string }) => {
      if (opts.conversation !== undefined && !/^[\w.:-]{1,100}$/.test(opts.conversation)) {
        process.stderr.write("partnerpilot: --conversation must be 1-100 letters, digits, '.', ':', '-' or '_'\n");
        process.exitCode = 2;
        return;
      }
      // Lines on stdin are one conversation (each follow-up sees the earlier lines); --conversation continues one
      // across calls (kept in the store, like a Slack thread).
      const fromStdin = words.length === 0;
      const conversationId = opts.conversation ? `cli:${opts.conversation}` : fromStdin ? `cli-stdin:${process.pid}:${Date.now()}` : undefined;
      const services = await createServices(config, quiet(logger), { withStore: conversationId !== undefined });
      try {
        const print = (result: unknown) => {
          if (opts.json) process.stdout.write(`${JSON.stringify(AskResultSchema.parse(result))}\n`);
          else process.stdout.write(`${(result as { answer: string }).answer}\n\n`);
        };
        const ask = (text: string) => services.engine.ask({ text, conversationId, userId: "U_LOCAL" });
        if (!fromStdin) print(await ask(words.join(" ")));
        else for await (const line of readLines(process.stdin)) if (line.trim()) print(await ask(line));
      } finally {
        await services.close();
      }
    });

  program
    .command("chat")
    .description("interactive terminal chat over the playbooks (follow-ups keep the thread's context)")
    .action(async () => runChat(config, quiet(logger)));

  program
    .command("start")
    .description("run the bot: the Slack app when Slack tokens are set, otherwise the terminal chat")
    .action(async () => {
      if (!config.slack.enabled) return runChat(config, quiet(logger));
      const { startSlack } = await import("../main.ts");
      await startSlack(config, logger);
    });

  registerUseCaseCommands(program, config, logger);

  program
    .command("eval")
    .description("what a person reads (answers), retrieval and routing quality on test/eval/")
    .option("--json", "print one JSON object")
    .option("--verbose", "list the misses")
    .option("--calibrate", "fit the scope decision on the tuned sets and print its curves")
    .option("--fit-caveat", "fit the \"only partly covered\" caveat's weights on the tuned answer sets (each fold left out in turn) and print them with the curve")
    .option("--fit-opening", "fit the offline opening's weights, translation model and labelled neighbours on the tuned answer sets (each fold left out in turn first) and write them")
    .option("--no-folds", "with --fit-opening: skip the fold-out measurement and only fit and write (the held-out sets still measure the result)")
    .option("--fit-intent", "fit the intent model's sentence-encoder half on the labelled messages (the last blind sets left out in turn first) and write it")
    .option("--write-section-questions", "write the section prior's labelled questions from the training sets (src/retrieval/training/section-questions.jsonl)")
    .action(async (opts: { json?: boolean; verbose?: boolean; calibrate?: boolean; fitOpening?: boolean; folds?: boolean; fitCaveat?: boolean; fitIntent?: boolean; writeSectionQuestions?: boolean }) =>
      runEval(config, quiet(logger), opts),
    );

  program
    .command("lint")
    .description("check the playbooks: schema, past review, dangling references, duplicates, contradictions (exit 1 on findings)")
    .option("--dir <dir>", "knowledge directory (default: KNOWLEDGE_DIR)")
    .option("--json", 'print {"findings": [{"kind", "message", "places": [{"path", "line", "owner"}]}]}')
    .option("--baseline <dir>", "a copy of the corpus as last approved (default: LINT_BASELINE_DIR): statements changed since then are also checked against the places that still state what they replaced")
    .option("--since <ref>", "the same, with the corpus as it was at a git revision (origin/main, a tag, a commit)")
    .action(async (opts: { dir?: string; json?: boolean; baseline?: string; since?: string }) => {
      const baseline = opts.baseline ?? (opts.since === undefined ? config.lintDigest.baselineDir : undefined);
      process.exitCode = await runLint({ dir: opts.dir ?? config.knowledgeDir, json: opts.json, baseline, since: opts.since }, systemClock, (s) => process.stdout.write(s));
    });

  program
    .command("bench")
    .description("benchmarks: retrieval at 100k chunks, answer latency, Slack ack and reply latency")
    .option("--json", "print one JSON object")
    .option("--chunks <n>", "synthetic corpus size", (v) => Number(v), 100_000)
    .option("--only <section>", "run one section (partners, answers, usecases, checkins, replicas)")
    .option("--firms <n>", "partners section: firms in the synthetic feed", (v) => Number(v))
    .option("--consultants <n>", "partners section: consultants in the synthetic feed", (v) => Number(v))
    .action(async (opts: { json?: boolean; chunks: number; only?: string; firms?: number; consultants?: number }) => runBench(config, logger, opts));

  registerCheckinsCommand(program, config, logger);

  registerPartnerCommands(program, config, logger);

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; a wrong option or argument is a usage error (2), like a bad setting.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    fail(err, logger);
  }
}

function fail(err: unknown, logger?: Logger): void {
  if (err instanceof ConfigError || err instanceof PlaybookError || err instanceof LintInputError || (err instanceof Error && ["PromptError", "SlackSetupError", "IntakeError", "ReadinessError"].includes(err.name))) {
    process.stderr.write(`partnerpilot: ${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  logger?.error({ err }, "command failed");
  process.stderr.write(`partnerpilot: ${(err as Error).message ?? String(err)}\n`);
  process.exitCode = 1;
}
