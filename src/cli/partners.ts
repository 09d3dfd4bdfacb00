/** `partnerpilot partners …` and `partnerpilot referrals …`: thin commands over the partner and referral services. */
import { readFile, writeFile } from "node:fs/promises";
import { stringify as stringifyCsv } from "csv-stringify/sync";
import type { Command } from "commander";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { systemClock } from "../clock.ts";
import { loadDirectoryFile } from "../partners/directory.ts";
import { consultantsToCsv, feedFormatOf, parseFeed } from "../partners/feed.ts";
import { consultantToFeed, firmToFeed, generateFeed } from "../partners/generate.ts";
import { PartnerDirectory } from "../partners/PartnerDirectory.ts";
import { extractNeed, needVocabulary } from "../partners/need.ts";
import { openStore } from "../store/index.ts";
import { REFERRAL_STATES, type Referral, type ReferralState } from "../store/referrals.ts";
import type { Store } from "../store/Store.ts";

async function withStore<T>(config: Config, logger: Logger, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, logger });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Upserts the directory file (PARTNERS_FILE) when the store has no firms yet, so `match` works out of the box. */
async function ensureDirectory(config: Config, store: Store): Promise<void> {
  if ((await store.partners.counts()).firms > 0) return;
  await store.partners.importDirectory(await loadDirectoryFile(config.partners.file), systemClock());
}

export function registerPartnerCommands(program: Command, config: Config, logger: Logger): void {
  const partners = program.command("partners").description("the certified partner directory: import, generate, match, validate");

  partners
    .command("validate")
    .description("check the partner directory file (PARTNERS_FILE); a bad entry is named with its field")
    .argument("[file]", "directory file", config.partners.file)
    .action(async (file: string) => {
      const d = await loadDirectoryFile(file);
      console.log(`${file}: ${d.firms.length} firms, ${d.consultants.length} consultants, all valid`);
    });

  partners
    .command("import")
    .description("upsert firms and consultants from a feed (JSONL or CSV); all or nothing; rejected lines are listed")
    .argument("<file>", "feed file (.jsonl or .csv)")
    .option("--json", "print the report as JSON")
    .action(async (file: string, opts: { json?: boolean }) => {
      const started = performance.now();
      const feed = parseFeed(await readFile(file, "utf8"), feedFormatOf(file));
      if (feed.rejected.length > 0) {
        const report = { imported: false, lines: feed.lines, rejected: feed.rejected };
        if (opts.json) console.log(JSON.stringify(report));
        else {
          console.error(`${file}: ${feed.rejected.length} of ${feed.lines} lines rejected; nothing imported.`);
          for (const r of feed.rejected.slice(0, 50)) console.error(`  line ${r.line}${r.id ? ` (${r.id})` : ""}: ${r.error}`);
          if (feed.rejected.length > 50) console.error(`  … and ${feed.rejected.length - 50} more`);
        }
        process.exitCode = 1;
        return;
      }
      await withStore(config, logger, async (store) => {
        try {
          const counts = await store.partners.importDirectory(feed, systemClock());
          const ms = performance.now() - started;
          const report = { imported: true, ...counts, ms: Math.round(ms), consultantsPerSecond: Math.round(counts.consultants / (ms / 1000)) };
          if (opts.json) console.log(JSON.stringify(report));
          else console.log(`Imported ${counts.firms} firms and ${counts.consultants} consultants in ${report.ms} ms.`);
        } catch (err) {
          if (!(err instanceof RangeError)) throw err;
          if (opts.json) console.log(JSON.stringify({ imported: false, rejected: [{ error: err.message }] }));
          else console.error(`${file}: ${err.message}; nothing imported.`);
          process.exitCode = 1;
        }
      });
    });

  partners
    .command("generate")
    .description("write a synthetic partner feed (JSONL, or consultants only as CSV) for tests and benchmarks")
    .requiredOption("--firms <n>", "firms", (v) => positiveInt("--firms", v))
    .requiredOption("--consultants <n>", "consultants", (v) => positiveInt("--consultants", v, true))
    .option("--seed <s>", "random seed", (v) => positiveInt("--seed", v, true), 1)
    .option("--format <f>", "jsonl or csv (csv writes the consultants only)", "jsonl")
    .option("--out <file>", "write here instead of stdout")
    .action(async (opts: { firms: number; consultants: number; seed: number; format: string; out?: string }) => {
      if (opts.format !== "jsonl" && opts.format !== "csv") throw new Error(`--format must be jsonl or csv (got "${opts.format}")`);
      const feed = generateFeed({ firms: opts.firms, consultants: opts.consultants, seed: opts.seed });
      const text =
        opts.format === "csv"
          ? consultantsToCsv(feed.consultants)
          : [...feed.firms.map(firmToFeed), ...feed.consultants.map(consultantToFeed)].map((r) => JSON.stringify(r)).join("\n") + "\n";
      if (opts.out) await writeFile(opts.out, text);
      else process.stdout.write(text);
    });

  partners
    .command("match")
    .description("rank certified partners for a need")
    .argument("<need...>", "the need in plain words")
    .option("--json", "print one JSON object")
    .option("--region <r>", "only firms working in this region (europe, north-america, …)")
    .option("--language <l>", "only firms working in this language (ISO 639-1, e.g. de)")
    .option("--industry <i>", "the industry (e.g. healthcare)")
    .option("--limit <n>", "how many", (v) => positiveInt("--limit", v), 3)
    .action(async (words: string[], opts: { json?: boolean; region?: string; language?: string; industry?: string; limit: number }) => {
      await withStore(config, logger, async (store) => {
        await ensureDirectory(config, store);
        const directory = new PartnerDirectory({ store: store.partners, clock: systemClock });
        await directory.load();
        const need = extractNeed(words.join(" "), opts.industry ? { industries: [opts.industry] } : {}, needVocabulary());
        const { matches } = await directory.match(need, { limit: opts.limit, region: opts.region, language: opts.language });
        if (opts.json) console.log(JSON.stringify({ partners: matches }));
        else if (matches.length === 0) console.log("No certified partner fits; the Partner Management Office matches such needs by hand.");
        else for (const m of matches) console.log(`${m.score.toFixed(3)}  ${m.name} (${m.id})\n       ${m.reasons.join("\n       ")}`);
      });
    });

  const referrals = program.command("referrals").description("partner referrals: list, show, export");
  referrals
    .command("list")
    .description("the newest referrals")
    .option("--state <s>", `only this state (${REFERRAL_STATES.join(", ")})`)
    .option("--limit <n>", "how many", (v) => positiveInt("--limit", v), 50)
    .option("--json", "print JSON")
    .action(async (opts: { state?: string; limit: number; json?: boolean }) => {
      const states = opts.state ? [checkState(opts.state)] : undefined;
      await withStore(config, logger, async (store) => {
        const list = await store.referrals.list({ states, limit: opts.limit });
        if (opts.json) console.log(JSON.stringify({ referrals: list }));
        else if (list.length === 0) console.log("No referrals.");
        else for (const r of list) console.log(`#${r.id}  ${r.state.padEnd(11)} ${r.firmId ?? "-"}  ${r.createdAt.toISOString().slice(0, 16)}  ${r.summary.slice(0, 70)}`);
      });
    });
  referrals
    .command("show")
    .description("one referral with its audit trail")
    .argument("<id>", "referral id", (v) => positiveInt("id", v))
    .option("--json", "print JSON")
    .action(async (id: number, opts: { json?: boolean }) => {
      await withStore(config, logger, async (store) => {
        const r = await store.referrals.get(id);
        if (!r) throw new Error(`There is no referral #${id}.`);
        const events = await store.referrals.events(id);
        if (opts.json) return console.log(JSON.stringify({ referral: r, events }));
        console.log(`Referral #${r.id}: ${r.state}${r.firmId ? ` (${r.firmId})` : ""}\n${r.summary}\n`);
        console.log(`Candidates: ${r.candidates.map((c, i) => `${i === r.offerIndex ? "*" : ""}${c.id} ${c.score}`).join(", ") || "none"}`);
        if (r.slaDueAt) console.log(`Respond by: ${r.slaDueAt.toISOString()}`);
        for (const e of events) console.log(`  ${e.at.toISOString()}  ${e.actor.padEnd(10)} ${e.from ?? "-"} → ${e.to}${e.firmId ? ` [${e.firmId}]` : ""}${e.reason ? `: ${e.reason}` : ""}`);
      });
    });
  referrals
    .command("export")
    .description("every referral as CSV (for the PMO's reporting)")
    .requiredOption("--csv", "CSV output (the only format)")
    .option("--out <file>", "write here instead of stdout")
    .action(async (opts: { out?: string }) => {
      await withStore(config, logger, async (store) => {
        const list = await store.referrals.list({ limit: Number.MAX_SAFE_INTEGER });
        const csv = referralsCsv(list);
        if (opts.out) await writeFile(opts.out, csv);
        else process.stdout.write(csv);
      });
    });
}

/** Referrals as CSV; cells starting with = + - @ are prefixed so spreadsheets never run them as formulas. */
export function referralsCsv(list: Referral[]): string {
  const safe = (v: unknown) => {
    const s = v === undefined || v === null ? "" : String(v);
    return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  };
  return stringifyCsv(
    list.map((r) => [
      r.id, r.state, r.firmId, r.requesterId, r.teamId, r.createdAt.toISOString(), r.offeredAt?.toISOString(), r.slaDueAt?.toISOString(),
      r.details.systems.join("|"), r.candidates.map((c) => c.id).join("|"), r.duplicateOf, r.outcomeRating, r.outcomeRecommend, r.summary,
    ].map(safe)),
    {
      header: true,
      columns: ["id", "state", "firm_id", "requester_id", "team_id", "created_at", "offered_at", "sla_due_at", "systems", "candidates", "duplicate_of", "rating", "would_recommend", "summary"],
    },
  );
}

function positiveInt(name: string, v: string, allowZero = false): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`${name} must be a whole number${allowZero ? "" : " above 0"} (got "${v}")`);
  return n;
}

function checkState(s: string): ReferralState {
  if (!(REFERRAL_STATES as readonly string[]).includes(s)) throw new Error(`--state must be one of ${REFERRAL_STATES.join(", ")} (got "${s}")`);
  return s as ReferralState;
}
