/**
 * `partnerpilot checkins …`: score responses from stdin (no store needed), and list, report and export the
 * campaigns in the configured store. Output is plain text, JSON or CSV; nothing here talks to Slack.
 */
import type { Command } from "commander";
import { ELEMENT_NAMES } from "../checkins/adkar.ts";
import { CheckinService } from "../checkins/CheckinService.ts";
import { toCsv } from "../checkins/export.ts";
import { loadChangeGuidance } from "../checkins/guidance.ts";
import type { CheckinReport } from "../checkins/report.ts";
import { parseResponseLines, ScoreInputError } from "../checkins/score-input.ts";
import { DEFAULT_MIN_RESPONDENTS, DEFAULT_THRESHOLD, scoreResponses } from "../checkins/scoring.ts";
import { systemClock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { openStore } from "../store/index.ts";
import { readLines } from "./stdin.ts";

function wholeNumber(name: string, min: number, max: number) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${v}")`);
    return n;
  };
}

async function withService<T>(config: Config, logger: Logger, body: (service: CheckinService) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    const guidance = await loadChangeGuidance(config.knowledgeDir);
    return await body(new CheckinService({ store, clock: systemClock, logger, guidance }));
  } finally {
    await store.close();
  }
}

/** The report as Markdown (what `checkins report` prints). */
export function reportMarkdown(r: CheckinReport): string {
  const lines: string[] = [`# ${r.name}: round ${r.round}${r.final ? "" : " (still open)"}`, ""];
  const p = r.participation;
  lines.push(`Participation: ${p.answered} of ${p.invited} answered (${Math.round(p.rate * 100)}%), ${p.skipped} skipped.`, "");
  if (r.overall.withheld) {
    lines.push(`Scores withheld: fewer than ${r.minRespondents} people answered.`);
  } else {
    lines.push("| Element | Median |", "| --- | --- |");
    for (const [e, m] of Object.entries(r.overall.medians!)) lines.push(`| ${ELEMENT_NAMES[e as keyof typeof ELEMENT_NAMES]} | ${m ?? "–"} |`);
    lines.push("", `Barrier: ${r.overall.barrier ? `${ELEMENT_NAMES[r.overall.barrier]} (${Math.round(r.overall.barrierShare! * 100)}% of respondents)` : "none"}`);
  }
  lines.push("", "## Teams");
  for (const t of r.teams) {
    lines.push(t.withheld ? `- ${t.team}: withheld (${t.respondents} answered, fewer than ${r.minRespondents})` : `- ${t.team}: ${t.respondents} answered, barrier ${t.barrier ? ELEMENT_NAMES[t.barrier] : "none"}`);
  }
  if (r.blockers && r.blockers.length > 0) {
    lines.push("", "## Blockers by theme");
    for (const b of r.blockers) lines.push(`- ${b.theme}: ${b.count}${b.systems.length ? ` (${b.systems.join(", ")})` : ""}`);
  }
  for (const a of r.advice) {
    lines.push("", `## What to do about ${ELEMENT_NAMES[a.barrier]} (${a.scope}): ${a.focus}`);
    for (const item of a.items) lines.push(`- ${item.action} (${item.citation.path} › ${item.citation.section})`);
  }
  return `${lines.join("\n")}\n`;
}

export function registerCheckinsCommand(program: Command, config: Config, logger: Logger): void {
  const checkins = program.command("checkins").description("guided adoption check-ins (ADKAR): score, list, report, export");

  checkins
    .command("score")
    .description("score responses read as JSON lines on stdin; prints one JSON object")
    .option("--json", "print JSON (the only format)")
    .option("--threshold <n>", "an element at or below this is a barrier", wholeNumber("--threshold", 1, 5), DEFAULT_THRESHOLD)
    .option("--min-respondents <n>", "withhold teams with fewer respondents", wholeNumber("--min-respondents", 1, 1000), DEFAULT_MIN_RESPONDENTS)
    .action(async (opts: { threshold: number; minRespondents: number }) => {
      const lines: string[] = [];
      for await (const line of readLines(process.stdin)) lines.push(line);
      let responses;
      try {
        responses = parseResponseLines(lines);
      } catch (err) {
        if (!(err instanceof ScoreInputError)) throw err;
        process.stderr.write(`partnerpilot: the input was not scored:\n${err.problems.map((p) => `  ${p}`).join("\n")}\n`);
        process.exitCode = 2;
        return;
      }
      const result = scoreResponses(responses, { threshold: opts.threshold, minRespondents: opts.minRespondents });
      const teams = result.teams.map((t) => ({
        team: t.team,
        round: t.round,
        respondents: t.respondents,
        withheld: t.withheld,
        medians: t.medians,
        barrier: t.barrier,
        barrierShare: t.barrierShare,
      }));
      process.stdout.write(`${JSON.stringify({ participants: result.participants, teams })}\n`);
    });

  checkins
    .command("list")
    .description("campaigns in the store with their latest round")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) =>
      withService(config, logger, async (service) => {
        const campaigns = await service.listCampaigns();
        const rows = await Promise.all(
          campaigns.map(async (c) => {
            const [o] = await service.overview(c.ownerId, 1000).then((all) => all.filter((x) => x.campaign.id === c.id));
            return {
              id: c.id,
              name: c.definition.name,
              owner: c.ownerId,
              status: c.status,
              cadence: c.definition.schedule.cadence,
              latestRound: o?.latest?.round ?? null,
              invited: o?.latest?.invited ?? 0,
              answered: o?.latest?.answered ?? 0,
              nextRun: o?.nextRun?.toISOString() ?? null,
            };
          }),
        );
        if (opts.json) return void process.stdout.write(`${JSON.stringify({ campaigns: rows })}\n`);
        if (rows.length === 0) return void process.stdout.write("No check-in campaigns yet.\n");
        for (const r of rows) {
          process.stdout.write(`${r.id}  ${r.name}  [${r.status}, ${r.cadence}]  latest ${r.latestRound ?? "–"}: ${r.answered}/${r.invited} answered  next ${r.nextRun ?? "–"}\n`);
        }
      }),
    );

  checkins
    .command("report")
    .description("a campaign's report (latest round unless --round)")
    .argument("<campaign>", "campaign id (see `checkins list`)")
    .option("--round <date>", "round date (yyyy-MM-dd)")
    .option("--json", "print the report as JSON")
    .action(async (id: string, opts: { round?: string; json?: boolean }) =>
      withService(config, logger, async (service) => {
        const report = await service.report(id, opts.round);
        if (!report) {
          process.stderr.write(`partnerpilot: no such campaign or round: ${id}${opts.round ? ` ${opts.round}` : ""} (see \`checkins list\`)\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : reportMarkdown(report));
      }),
    );

  checkins
    .command("export")
    .description("a campaign's answers as CSV (anonymous campaigns: no names, small teams merged)")
    .argument("<campaign>", "campaign id")
    .option("--csv", "CSV (the only format)")
    .action(async (id: string) =>
      withService(config, logger, async (service) => {
        const campaign = await service.getCampaign(id);
        if (!campaign) {
          process.stderr.write(`partnerpilot: no such campaign: ${id} (see \`checkins list\`)\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(toCsv(await service.exportRows(id)));
      }),
    );
}
