/** Row → value mapping for jobs, effects and check-ins; both engines (SQLite ms/text, PostgreSQL Date/jsonb). */
import type { CheckinStore, Participation, Round, StoredCampaign } from "./CheckinStore.ts";
import type { Job, NewJob } from "./JobStore.ts";
import { DEFAULT_MAX_ATTEMPTS } from "./JobStore.ts";
import { fromJson, requireDate, requireText, toDate, toId } from "./rows.ts";

type Row = Record<string, unknown>;

export function mapJob(row: Row): Job {
  const job: Job = {
    id: toId(row.id),
    kind: row.kind as string,
    key: row.key as string,
    payload: fromJson<Record<string, unknown>>(row.payload) ?? {},
    dueAt: toDate(row.due_at),
    status: row.status as Job["status"],
    attempts: Number(row.attempts),
    maxAttempts: Number(row.max_attempts),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
  if (row.locked_by != null) job.lockedBy = row.locked_by as string;
  if (row.locked_until != null) job.lockedUntil = toDate(row.locked_until);
  if (row.last_error != null) job.lastError = row.last_error as string;
  return job;
}

export function checkJob(job: NewJob): NewJob & { maxAttempts: number } {
  requireText("job.kind", job.kind);
  requireText("job.key", job.key);
  requireDate("job.dueAt", job.dueAt);
  if (!job.payload || typeof job.payload !== "object" || Array.isArray(job.payload)) throw new TypeError("Store: job.payload must be an object");
  const maxAttempts = job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError("Store: job.maxAttempts must be a whole number >= 1");
  return { ...job, maxAttempts };
}

/** Job errors are kept short in the table (they are for operators, not for users). */
export function shortError(error: string): string {
  return error.length > 500 ? `${error.slice(0, 499)}…` : error;
}

export function mapCampaign(row: Row): StoredCampaign {
  return {
    id: row.id as string,
    ownerId: row.owner_id as string,
    definition: fromJson<StoredCampaign["definition"]>(row.definition)!,
    status: row.status as StoredCampaign["status"],
    createdAt: toDate(row.created_at),
  };
}

export function mapRound(row: Row): Round {
  const round: Round = {
    campaignId: row.campaign_id as string,
    round: row.round as string,
    opensAt: toDate(row.opens_at),
    status: row.status as Round["status"],
    invited: Number(row.invited),
  };
  if (row.closes_at != null) round.closesAt = toDate(row.closes_at);
  return round;
}

export function mapParticipation(row: Row): Participation {
  const p: Participation = {
    campaignId: row.campaign_id as string,
    round: row.round as string,
    userId: row.user_id as string,
    team: row.team as string,
    state: row.state as Participation["state"],
    answers: fromJson<Participation["answers"]>(row.answers) ?? {},
    dueAt: toDate(row.due_at),
    closesAt: toDate(row.closes_at),
    remindersSent: Number(row.reminders_sent),
    updatedAt: toDate(row.updated_at),
  };
  if (row.time_zone != null) p.timeZone = row.time_zone as string;
  if (row.channel_id != null) p.channelId = row.channel_id as string;
  if (row.message_ts != null) p.messageTs = row.message_ts as string;
  if (row.answered_at != null) p.answeredAt = toDate(row.answered_at);
  if (row.snoozed_until != null) p.snoozedUntil = toDate(row.snoozed_until);
  return p;
}

/** Answers must be a flat object of numbers and strings (bounded), or they are refused before any write. */
export function checkAnswers(answers: unknown): Record<string, number | string> {
  if (!answers || typeof answers !== "object" || Array.isArray(answers)) throw new TypeError("Store: answers must be an object");
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(answers)) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(k)) throw new TypeError(`Store: answer id ${k.slice(0, 40)} is not a question id`);
    if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
    else if (typeof v === "string" && v.length <= 3000) out[k] = v;
    else throw new TypeError(`Store: answer ${k} must be a number or a string of at most 3000 characters`);
  }
  return out;
}

export const ROUND_ORDER: Record<Round["status"], number> = { open: 0, closed: 1, reported: 2 };

export type { CheckinStore };
