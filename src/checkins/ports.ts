/**
 * What the check-in domain needs from the outside, as interfaces the Slack surface implements: who is in an
 * audience (with their time zone and team), and how to reach people. The domain never imports Slack.
 */
import type { Audience, TeamAttribute } from "./campaign.ts";
import type { CheckinReport } from "./report.ts";

export interface Person {
  userId: string;
  /** IANA zone (Slack's `tz`), when known. */
  timeZone?: string;
  team: string;
}

export interface CheckinDirectory {
  /** The audience's people (humans, not bots or deactivated accounts), each with a time zone and a team. */
  people(audience: Audience, team: TeamAttribute): Promise<Person[]>;
}

export interface Invitation {
  campaignId: string;
  round: string;
  userId: string;
  campaignName: string;
  ownerId: string;
  anonymous: boolean;
  closesAt: Date;
  timeZone?: string;
  questionCount: number;
}

export type ReportTarget = { kind: "dm"; userId: string } | { kind: "channel"; channelId: string };

export interface Posted {
  channelId: string;
  ts: string;
}

export interface CheckinMessenger {
  /** The DM with "Start check-in", "Remind me later" and "Skip this round". */
  invite(invitation: Invitation): Promise<Posted>;
  /** A reminder (reply to the invitation when there is one). */
  remind(invitation: Invitation & { reminder: number; channelId?: string; messageTs?: string }): Promise<Posted>;
  postReport(target: ReportTarget, report: CheckinReport): Promise<Posted>;
  uploadChart(target: ReportTarget, png: Buffer, report: CheckinReport): Promise<void>;
}

/** The person cannot be messaged (left the workspace, a bot, DMs closed); retrying will not help. */
export class UndeliverableError extends Error {
  readonly code = "checkin_undeliverable";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UndeliverableError";
  }
}
