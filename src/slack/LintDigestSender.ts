/**
 * Sends each playbook owner's weekly digest: to LINT_DIGEST_CHANNEL (one message per owner, mentioning the
 * people mapped in PLAYBOOK_OWNERS), or else as a DM to each mapped person. Runs from an interval sweep in the
 * Slack app; from Monday 09:00 UTC each (week, owner, destination) is claimed in the store before posting, so
 * two replicas send it once, and a post that fails (or a replica that dies mid-send) is retried after the lease.
 */
import type { Clock } from "../clock.ts";
import { buildOwnerDigests, isoWeek, type OwnerDigest, weekStart } from "../lint/digest.ts";
import type { LintReport } from "../lint/findings.ts";
import type { Logger } from "../logging.ts";
import type { CorpusFile, Store } from "../store/Store.ts";
import { readCorpus } from "../lint/lint.ts";
import { buildLintDigest } from "./blocks/lint-digest.ts";
import { enforceMessageLimits } from "./blocks/limits.ts";
import type { WebClient } from "./services.ts";

export interface LintDigestSettings {
  /** Channel id for every owner's digest; unset → DMs to PLAYBOOK_OWNERS. */
  channel?: string;
  /** Owner name (a playbook's `owner`) → Slack user ids. */
  owners: Record<string, string[]>;
  knowledgeDir: string;
  /**
   * The corpus as last approved (LINT_BASELINE_DIR): changes since it are checked against it. Unset, the digest uses
   * the corpus it saw the week before (kept in the store).
   */
  baselineDir?: string;
  confidenceThreshold: number;
}

export interface LintDigestDeps {
  store: Store;
  client: WebClient;
  logger: Logger;
  clock: Clock;
  settings: LintDigestSettings;
  /**
   * Lints the corpus's files, read once by the sweep (the app passes a worker-thread runner so the event loop stays
   * free); `baseline` is the approved copy's directory or files.
   */
  lint: (files: CorpusFile[], now: Date, baseline?: string | CorpusFile[], baselineLabel?: string) => Promise<LintReport>;
  /** How long a claim holds before another replica may retry it (default 15 minutes). */
  leaseMs?: number;
}

/** Digests are sent from this hour (UTC) on Monday; a replica started later in the week sends that week's. */
export const DIGEST_HOUR_UTC = 9;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const MAX_TURNS = 20_000;
const MAX_FEEDBACK = 5_000;
/** A corpus larger than this (characters of paths and text) is not copied into the store each week. */
export const MAX_SNAPSHOT_CHARS = 16_000_000;

export interface SweepOutcome {
  week: string;
  sent: number;
  /** Already sent or being sent by another replica. */
  claimedElsewhere: number;
  failed: number;
  /** Owners with something to report but nobody to send it to (no channel, not in PLAYBOOK_OWNERS). */
  noRecipient: string[];
}

export class LintDigestSender {
  constructor(private readonly deps: LintDigestDeps) {}

  get configured(): boolean {
    return Boolean(this.deps.settings.channel) || Object.keys(this.deps.settings.owners).length > 0;
  }

  /**
   * One pass: nothing before Monday 09:00 UTC; afterwards every pass lints (in a worker) and claims each
   * delivery, so what a crashed replica left unsent goes out once its lease runs out.
   */
  async sweep(): Promise<SweepOutcome | undefined> {
    if (!this.configured) return undefined;
    const now = this.deps.clock();
    const week = isoWeek(now);
    if (now.getTime() < weekStart(now).getTime() + DIGEST_HOUR_UTC * 3_600_000) return undefined;

    const { store, settings, logger } = this.deps;
    // What changed since the corpus last week's digest saw is checked against it (LINT_BASELINE_DIR, when set, instead):
    // each week's digest reports what that week's edits broke. The first sweep of a week keeps this week's corpus: the
    // files read here, which are also the ones linted.
    const files = await readCorpus(settings.knowledgeDir);
    const snapshot = settings.baselineDir === undefined ? await store.corpusSnapshotBefore(week) : undefined;
    const report = snapshot
      ? await this.deps.lint(files, now, snapshot.files, `the playbooks of ${snapshot.week}`)
      : await this.deps.lint(files, now, settings.baselineDir, settings.baselineDir === undefined ? undefined : "the approved copy");
    const size = files.reduce((n, f) => n + f.path.length + f.text.length, 0);
    if (size <= MAX_SNAPSHOT_CHARS) {
      // Keeping the copy serves next week's digest; failing to keep it must not stop this week's.
      await store.saveCorpusSnapshot(week, files, now).catch((err: Error) => logger.warn({ week, err: err.message }, "could not keep this week's copy of the playbooks"));
    } else logger.warn({ chars: size, max: MAX_SNAPSHOT_CHARS }, "the knowledge directory is too large to keep a weekly copy in the store: set LINT_BASELINE_DIR to check changes against an approved copy");
    const since = new Date(now.getTime() - WEEK_MS);
    const digests = buildOwnerDigests({
      week,
      findings: report.findings,
      ownerOf: new Map(Object.entries(report.owners)),
      feedback: await store.feedbackSince(since, MAX_FEEDBACK),
      turns: await store.turnsSince(since, MAX_TURNS),
      confidenceThreshold: settings.confidenceThreshold,
    });
    const outcome: SweepOutcome = { week, sent: 0, claimedElsewhere: 0, failed: 0, noRecipient: [] };
    for (const digest of digests) {
      const destinations = this.destinations(digest.owner);
      if (destinations.length === 0) {
        outcome.noRecipient.push(digest.owner);
        continue;
      }
      for (const destination of destinations) await this.deliver(digest, destination, outcome);
    }
    if (outcome.noRecipient.length > 0) {
      logger.warn({ owners: outcome.noRecipient }, "playbook digest has no recipient for these owners: add them to PLAYBOOK_OWNERS or set LINT_DIGEST_CHANNEL");
    }
    return outcome;
  }

  private destinations(owner: string): { channel: string; mention: string[] }[] {
    const people = this.deps.settings.owners[owner] ?? [];
    if (this.deps.settings.channel) return [{ channel: this.deps.settings.channel, mention: people }];
    return people.map((user) => ({ channel: user, mention: [] }));
  }

  private async deliver(digest: OwnerDigest, to: { channel: string; mention: string[] }, outcome: SweepOutcome): Promise<void> {
    const { store, clock, logger } = this.deps;
    const key = `lint-digest:${digest.week}:${digest.owner}:${to.channel}`;
    const at = clock();
    if (!(await store.claimDigest(key, at, new Date(at.getTime() + (this.deps.leaseMs ?? 15 * 60_000))))) {
      outcome.claimedElsewhere++;
      return;
    }
    try {
      const { message } = enforceMessageLimits(buildLintDigest(digest, { mention: to.mention }));
      await this.deps.client.chat.postMessage({ channel: to.channel, text: message.text, blocks: message.blocks, unfurl_links: false });
      await store.markDigestSent(key, clock());
      outcome.sent++;
    } catch (err) {
      // The claim stays unsent: after its lease, the next sweep (here or on another replica) tries again.
      outcome.failed++;
      logger.warn({ owner: digest.owner, err: (err as Error).message }, "posting a playbook digest failed; will retry after the lease");
    }
  }
}
