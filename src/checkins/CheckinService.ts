/**
 * Check-ins, end to end, over the store and two ports (directory, messenger): create a campaign, plan each round
 * (participants, their DM, reminder and closing times in their own zone), take answers one at a time, skip and
 * snooze, close the round, and report. Every scheduled step is a durable job (see `handlers`), every DM and post
 * is claimed by key so retries and replicas do it once. No Slack here.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { JobContext, JobHandler } from "../jobs/JobWorker.ts";
import { PermanentJobError } from "../jobs/JobWorker.ts";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import type { AnswerValue, Participation, ParticipationKey, Round } from "../store/CheckinStore.ts";
import type { Job, NewJob } from "../store/JobStore.ts";
import type { Store } from "../store/Store.ts";
import { ADKAR_ELEMENTS, isAdkarElement, isScaleValue, USAGE_OPTIONS } from "./adkar.ts";
import { KNOWN_SYSTEMS } from "./blocker-themes.ts";
import { type Campaign, type CampaignDefinition, CampaignValidationError, parseCampaignDefinition, questionIds } from "./campaign.ts";
import { renderReportChart } from "./chart.ts";
import type { CheckinDirectory, CheckinMessenger, Invitation, ReportTarget } from "./ports.ts";
import { UndeliverableError } from "./ports.ts";
import type { GuidanceSection } from "./recommendations.ts";
import { buildReport, type CheckinReport } from "./report.ts";
import { firstRoundDate, nextRoundDate, participantTimes, roundOpensAt } from "./schedule.ts";
import { barrierPoint } from "./scoring.ts";
import { adkarOf } from "./report.ts";

export const JOB_KINDS = {
  openRound: "checkins.open_round",
  sendInvite: "checkins.send_invite",
  remind: "checkins.remind",
  closeRound: "checkins.close_round",
  report: "checkins.report",
} as const;

/** Longest free-text answer kept. */
export const MAX_TEXT_ANSWER = 1000;
/** Most people in one round (a channel of 10,000 is fine; beyond this, split the audience). */
export const MAX_PARTICIPANTS = 20_000;

export interface CheckinServiceOptions {
  store: Store;
  clock: Clock;
  logger?: Logger;
  /** Sections recommendations cite (loadChangeGuidance). */
  guidance?: readonly GuidanceSection[];
  systems?: readonly string[];
  /** "Remind me later" delay (default 4 hours). */
  snoozeHours?: number;
}

export type AnswerOutcome =
  | { ok: true; participation: Participation }
  | { ok: false; reason: "closed" | "unknown" | "invalid"; message: string };

export interface CampaignOverview {
  campaign: Campaign;
  latest?: Round & { answered: number };
  /** Team barriers of the latest round (withheld teams left out). */
  teams: { team: string; respondents: number; barrier: string | null; withheld: boolean }[];
  nextRun?: Date;
}

const key = (k: ParticipationKey) => `${k.campaignId}:${k.round}:${k.userId}`;

export class CheckinService {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly guidance: readonly GuidanceSection[];
  private readonly systems: readonly string[];
  private readonly snoozeMs: number;

  constructor(options: CheckinServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.logger = options.logger ?? silentLogger;
    this.guidance = options.guidance ?? [];
    this.systems = options.systems ?? KNOWN_SYSTEMS;
    this.snoozeMs = (options.snoozeHours ?? 4) * 3_600_000;
  }

  /**
   * Validates and stores a campaign, and schedules its first round. `requestKey` identifies the request (the
   * modal's view id): the same owner and key again return the same campaign instead of a second one.
   */
  async createCampaign(ownerId: string, input: unknown, requestKey: string): Promise<{ campaign: Campaign; created: boolean; firstRound: string }> {
    const definition = parseCampaignDefinition(input);
    const now = this.clock();
    const first = firstRoundDate(definition.schedule, now);
    if (!first) throw new CampaignValidationError([{ path: "schedule.startDate", message: "is in the past: pick today or a later date" }]);
    const id = `cmp_${createHash("sha256").update(`${ownerId}\n${requestKey}`).digest("hex").slice(0, 12)}`;
    const { campaign, created } = await this.store.checkins.createCampaign({ id, ownerId, definition, status: "active", createdAt: now });
    await this.store.jobs.enqueue([this.openRoundJob(campaign.id, first, definition, now)], now);
    if (created) this.logger.info({ campaign: id, firstRound: first }, "check-in campaign created");
    return { campaign, created, firstRound: first };
  }

  async getCampaign(id: string): Promise<Campaign | undefined> {
    return this.store.checkins.getCampaign(id);
  }

  async listCampaigns(ownerId?: string): Promise<Campaign[]> {
    return this.store.checkins.listCampaigns(ownerId ? { ownerId } : {});
  }

  /** Ends a campaign: no further rounds open (a round in progress still closes and reports). */
  async endCampaign(id: string): Promise<void> {
    await this.store.checkins.setCampaignStatus(id, "ended");
  }

  private openRoundJob(campaignId: string, round: string, def: CampaignDefinition, now: Date): NewJob {
    const opens = roundOpensAt(round, def.schedule.time);
    return { kind: JOB_KINDS.openRound, key: `checkins.open:${campaignId}:${round}`, payload: { campaignId, round }, dueAt: opens > now ? opens : now };
  }

  /** The participant's saved round, for the modal (resume where they stopped). */
  async participation(k: ParticipationKey): Promise<Participation | undefined> {
    return this.store.checkins.getParticipation(k);
  }

  /** Checks one answer against the campaign's questions; returns the value to store or an error message. */
  validateAnswer(def: CampaignDefinition, questionId: string, raw: unknown): { value: AnswerValue } | { error: string } {
    if (!questionIds(def).includes(questionId)) return { error: `This check-in has no question ${questionId}.` };
    if (isAdkarElement(questionId)) {
      const n = typeof raw === "string" ? Number(raw) : raw;
      return isScaleValue(n) ? { value: n } : { error: "Pick a value from 1 to 5." };
    }
    if (questionId === "usage") {
      return USAGE_OPTIONS.some((o) => o.value === raw) ? { value: raw as string } : { error: "Pick one of the options." };
    }
    if (typeof raw !== "string") return { error: "Type an answer." };
    const text = raw.trim();
    if (text.length > MAX_TEXT_ANSWER) return { error: `At most ${MAX_TEXT_ANSWER} characters, please.` };
    return { value: text };
  }

  /** Saves one answer as it is given (the check-in resumes from saved answers). */
  async recordAnswer(k: ParticipationKey, questionId: string, raw: unknown): Promise<AnswerOutcome> {
    return this.save(k, { [questionId]: raw }, false);
  }

  /** Saves the final answers and marks the check-in answered (reminders stop). */
  async submit(k: ParticipationKey, answers: Record<string, unknown>): Promise<AnswerOutcome> {
    return this.save(k, answers, true);
  }

  private async save(k: ParticipationKey, raw: Record<string, unknown>, complete: boolean): Promise<AnswerOutcome> {
    const [campaign, existing] = await Promise.all([this.store.checkins.getCampaign(k.campaignId), this.store.checkins.getParticipation(k)]);
    if (!campaign || !existing) return { ok: false, reason: "unknown", message: "This check-in is not for you, or it no longer exists." };
    const values: Record<string, AnswerValue> = {};
    for (const [q, v] of Object.entries(raw)) {
      if (v === undefined || v === null || v === "") continue;
      const checked = this.validateAnswer(campaign.definition, q, v);
      if ("error" in checked) return { ok: false, reason: "invalid", message: `${q}: ${checked.error}` };
      values[q] = checked.value;
    }
    if (complete) {
      const merged = { ...existing.answers, ...values };
      const missing = ADKAR_ELEMENTS.filter((e) => !isScaleValue(merged[e]));
      if (missing.length > 0) return { ok: false, reason: "invalid", message: `Please answer: ${missing.join(", ")}.` };
    }
    const saved = await this.store.checkins.saveAnswers(k, values, this.clock(), complete);
    if (!saved) {
      const why = existing.state === "skipped" ? "You skipped this round." : "This check-in has closed; thank you anyway.";
      return { ok: false, reason: "closed", message: why };
    }
    return { ok: true, participation: saved };
  }

  async skip(k: ParticipationKey): Promise<boolean> {
    return this.store.checkins.transition(k, ["pending", "sent"], "skipped", this.clock());
  }

  /** "Remind me later": one reminder after the snooze, if the round is still open for them then. */
  async snooze(k: ParticipationKey): Promise<Date | undefined> {
    const p = await this.store.checkins.getParticipation(k);
    const now = this.clock();
    if (!p || (p.state !== "sent" && p.state !== "pending")) return undefined;
    const until = new Date(now.getTime() + this.snoozeMs);
    if (until >= p.closesAt) return undefined;
    await this.store.checkins.snooze(k, until, now);
    await this.store.jobs.enqueue(
      [{ kind: JOB_KINDS.remind, key: `checkins.remind:${key(k)}:snooze:${until.getTime()}`, payload: { ...k, reminder: p.remindersSent + 1, snooze: true }, dueAt: until }],
      now,
    );
    return until;
  }

  /** The report of a round (latest when not given); `final` once the round has closed. */
  async report(campaignId: string, round?: string): Promise<CheckinReport | undefined> {
    const campaign = await this.store.checkins.getCampaign(campaignId);
    if (!campaign) return undefined;
    const rounds = await this.store.checkins.listRounds(campaignId);
    const target = round ? rounds.find((r) => r.round === round) : rounds.at(-1);
    if (!target) return undefined;
    const participations = await this.store.checkins.listParticipations(campaignId);
    return buildReport({ campaign, round: target.round, final: target.status !== "open", participations, guidance: this.guidance, systems: this.systems });
  }

  /** The report chart as PNG (null when the figures are withheld). */
  async chart(report: CheckinReport): Promise<Buffer | null> {
    return renderReportChart(report);
  }

  /** App Home: a change manager's campaigns with their latest round and next run. */
  async overview(ownerId: string, limit = 5): Promise<CampaignOverview[]> {
    const campaigns = (await this.store.checkins.listCampaigns({ ownerId })).slice(0, limit);
    return Promise.all(
      campaigns.map(async (campaign) => {
        const rounds = await this.store.checkins.listRounds(campaign.id);
        const nextRun = campaign.status === "active" ? await this.store.jobs.nextDue(JOB_KINDS.openRound, `checkins.open:${campaign.id}:`) : undefined;
        const last = rounds.at(-1);
        if (!last) return { campaign, teams: [], nextRun };
        const report = await this.report(campaign.id, last.round);
        const teams = (report?.teams ?? []).map((t) => ({ team: t.team, respondents: t.respondents, barrier: t.barrier, withheld: t.withheld }));
        return { campaign, latest: { ...last, answered: report?.participation.answered ?? 0 }, teams, nextRun };
      }),
    );
  }

  /**
   * Export rows (one per participant and round). Anonymous campaigns: no participant column, rows ordered by
   * content (never by person), and teams below the minimum respondents merged into "(withheld)".
   */
  async exportRows(campaignId: string): Promise<Record<string, string | number>[]> {
    const campaign = await this.store.checkins.getCampaign(campaignId);
    if (!campaign) return [];
    const def = campaign.definition;
    const all = await this.store.checkins.listParticipations(campaignId);
    const answeredPerTeam = new Map<string, number>();
    for (const p of all) if (p.state === "answered") answeredPerTeam.set(`${p.round}\n${p.team}`, (answeredPerTeam.get(`${p.round}\n${p.team}`) ?? 0) + 1);
    const ids = questionIds(def);
    const rows = all
      .filter((p) => !def.anonymous || p.state === "answered")
      .map((p) => {
        const row: Record<string, string | number> = { round: p.round };
        if (def.anonymous) {
          row.team = (answeredPerTeam.get(`${p.round}\n${p.team}`) ?? 0) >= def.minRespondents ? p.team : "(withheld)";
        } else {
          row.participant = p.userId;
          row.team = p.team;
          row.state = p.state;
        }
        for (const q of ids) row[q] = p.answers[q] ?? "";
        row.barrier = p.state === "answered" ? (barrierPoint(adkarOf(p), def.threshold) ?? "none") : "";
        return row;
      });
    if (def.anonymous) rows.sort((a, b) => JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b))));
    return rows;
  }

  /** The job handlers, by kind, for the JobWorker. */
  handlers(directory: CheckinDirectory, messenger: CheckinMessenger): Record<string, JobHandler> {
    return {
      [JOB_KINDS.openRound]: (job) => this.openRound(job, directory),
      [JOB_KINDS.sendInvite]: (job, ctx) => this.sendInvite(job, ctx, messenger),
      [JOB_KINDS.remind]: (job, ctx) => this.sendReminder(job, ctx, messenger),
      [JOB_KINDS.closeRound]: (job) => this.closeRound(job),
      [JOB_KINDS.report]: (job, ctx) => this.sendReport(job, ctx, messenger),
    };
  }

  /** Definitions never change after creation, so invitation and reminder jobs share one read per campaign for a while. */
  private readonly campaignCache = new Map<string, { campaign: Campaign; readAt: number }>();

  private async campaignOf(job: Job, cached = false): Promise<Campaign> {
    const id = job.payload.campaignId;
    if (typeof id !== "string") throw new PermanentJobError("job without a campaign id");
    const hit = this.campaignCache.get(id);
    if (cached && hit && performance.now() - hit.readAt < 30_000) return hit.campaign;
    const campaign = await this.store.checkins.getCampaign(id);
    if (!campaign) throw new PermanentJobError(`campaign ${id} does not exist`);
    if (this.campaignCache.size > 1000) this.campaignCache.clear();
    this.campaignCache.set(id, { campaign, readAt: performance.now() });
    return campaign;
  }

  private async openRound(job: Job, directory: CheckinDirectory): Promise<void> {
    const campaign = await this.campaignOf(job);
    const round = String(job.payload.round);
    if (campaign.status !== "active") return;
    const def = campaign.definition;
    const now = this.clock();
    await this.store.checkins.openRound({ campaignId: campaign.id, round, opensAt: now });
    const people = await directory.people(def.audience, def.team);
    const unique = [...new Map(people.map((p) => [p.userId, p])).values()].slice(0, MAX_PARTICIPANTS);
    const window = { windowHours: def.windowHours, reminderCount: def.reminders.count, reminderSpacingHours: def.reminders.spacingHours };
    const rows = unique.map((p) => ({ person: p, times: participantTimes(round, def.schedule.time, p.timeZone, window, now) }));
    await this.store.checkins.addParticipants(
      rows.map(({ person, times }) => ({ campaignId: campaign.id, round, userId: person.userId, team: person.team, timeZone: person.timeZone, dueAt: times.dueAt, closesAt: times.closesAt })),
      now,
    );
    // Times come from the stored rows, so a retried open (after a crash) schedules what was first planned.
    const planned = await this.store.checkins.listParticipations(campaign.id, round);
    const jobs: NewJob[] = [];
    let closesAt = now;
    for (const p of planned) {
      const k = { campaignId: campaign.id, round, userId: p.userId };
      jobs.push({ kind: JOB_KINDS.sendInvite, key: `checkins.invite:${key(k)}`, payload: k, dueAt: p.dueAt });
      const reminders = participantTimes(round, def.schedule.time, p.timeZone, window, p.dueAt).reminders;
      reminders.forEach((at, i) => jobs.push({ kind: JOB_KINDS.remind, key: `checkins.remind:${key(k)}:${i + 1}`, payload: { ...k, reminder: i + 1 }, dueAt: at }));
      if (p.closesAt > closesAt) closesAt = p.closesAt;
    }
    jobs.push({ kind: JOB_KINDS.closeRound, key: `checkins.close:${campaign.id}:${round}`, payload: { campaignId: campaign.id, round }, dueAt: closesAt });
    const next = nextRoundDate(def.schedule, round);
    if (next) jobs.push(this.openRoundJob(campaign.id, next, def, now));
    await this.store.checkins.planRound(campaign.id, round, planned.length, closesAt);
    await this.store.jobs.enqueue(jobs, now);
    this.logger.info({ campaign: campaign.id, round, participants: planned.length, nextRound: next }, "check-in round opened");
  }

  private invitation(campaign: Campaign, p: Participation): Invitation {
    return {
      campaignId: campaign.id,
      round: p.round,
      userId: p.userId,
      campaignName: campaign.definition.name,
      ownerId: campaign.ownerId,
      anonymous: campaign.definition.anonymous,
      closesAt: p.closesAt,
      timeZone: p.timeZone,
      questionCount: questionIds(campaign.definition).length,
    };
  }

  private async participationOf(job: Job): Promise<{ campaign: Campaign; p: Participation; k: ParticipationKey } | undefined> {
    const campaign = await this.campaignOf(job, true);
    const k = { campaignId: campaign.id, round: String(job.payload.round), userId: String(job.payload.userId) };
    const p = await this.store.checkins.getParticipation(k);
    return p ? { campaign, p, k } : undefined;
  }

  private async sendInvite(job: Job, ctx: JobContext, messenger: CheckinMessenger): Promise<void> {
    const found = await this.participationOf(job);
    if (!found || found.p.state !== "pending") return;
    const { campaign, p, k } = found;
    if (ctx.now >= p.closesAt) {
      await this.store.checkins.transition(k, ["pending"], "expired", ctx.now);
      return;
    }
    try {
      const posted = await ctx.once(`checkins:invite:${key(k)}`, async () => ({ ...(await messenger.invite(this.invitation(campaign, p))) }));
      if (posted) await this.store.checkins.markDelivered(k, posted.channelId, posted.ts, this.clock());
      else await this.store.checkins.transition(k, ["pending"], "sent", this.clock());
    } catch (err) {
      if (!(err instanceof UndeliverableError)) throw err;
      this.logger.warn({ campaign: campaign.id, round: p.round, err: err.message }, "check-in invitation undeliverable; participant left out");
      await this.store.checkins.transition(k, ["pending"], "expired", this.clock());
    }
  }

  private async sendReminder(job: Job, ctx: JobContext, messenger: CheckinMessenger): Promise<void> {
    const found = await this.participationOf(job);
    if (!found) return;
    const { campaign, p, k } = found;
    // Reminders stop once answered or skipped, after the window, and while snoozed (the snooze has its own reminder).
    if (p.state !== "sent" || ctx.now >= p.closesAt) return;
    if (p.snoozedUntil && p.snoozedUntil > ctx.now) return;
    const n = Number(job.payload.reminder) || p.remindersSent + 1;
    const effect = job.payload.snooze ? `checkins:remind:${key(k)}:${job.key}` : `checkins:remind:${key(k)}:${n}`;
    try {
      const posted = await ctx.once(effect, async () => ({ ...(await messenger.remind({ ...this.invitation(campaign, p), reminder: n, channelId: p.channelId, messageTs: p.messageTs })) }));
      if (posted) await this.store.checkins.countReminder(k, this.clock());
    } catch (err) {
      if (!(err instanceof UndeliverableError)) throw err;
    }
  }

  private async closeRound(job: Job): Promise<void> {
    const campaign = await this.campaignOf(job);
    const round = String(job.payload.round);
    const now = this.clock();
    await this.store.checkins.advanceRound(campaign.id, round, "closed");
    for (const p of await this.store.checkins.listParticipations(campaign.id, round)) {
      if (p.state === "pending" || p.state === "sent") await this.store.checkins.transition(p, ["pending", "sent"], "expired", now);
    }
    await this.store.jobs.enqueue([{ kind: JOB_KINDS.report, key: `checkins.report:${campaign.id}:${round}`, payload: { campaignId: campaign.id, round }, dueAt: now }], now);
  }

  /** Where a campaign's report goes. */
  reportTarget(campaign: Campaign): ReportTarget {
    const r = campaign.definition.report;
    return r.kind === "channel" ? { kind: "channel", channelId: r.channelId } : { kind: "dm", userId: campaign.ownerId };
  }

  private async sendReport(job: Job, ctx: JobContext, messenger: CheckinMessenger): Promise<void> {
    const campaign = await this.campaignOf(job);
    const round = String(job.payload.round);
    const report = await this.report(campaign.id, round);
    if (!report) throw new PermanentJobError(`round ${round} of ${campaign.id} does not exist`);
    const target = this.reportTarget(campaign);
    await ctx.once(`checkins:report:${campaign.id}:${round}`, async () => ({ ...(await messenger.postReport(target, report)) }));
    const png = await renderReportChart(report);
    if (png) await ctx.once(`checkins:chart:${campaign.id}:${round}`, () => messenger.uploadChart(target, png, report));
    await this.store.checkins.advanceRound(campaign.id, round, "reported");
  }
}
