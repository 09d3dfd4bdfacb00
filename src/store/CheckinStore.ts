/**
 * Check-in campaigns, rounds and each participant's round (delivery state and answers, saved one by one as they
 * are given). Instants come from the caller's clock.
 */
import type { CampaignDefinition, CampaignStatus } from "../checkins/campaign.ts";

export interface StoredCampaign {
  id: string;
  ownerId: string;
  definition: CampaignDefinition;
  status: CampaignStatus;
  createdAt: Date;
}

export type RoundStatus = "open" | "closed" | "reported";

export interface Round {
  campaignId: string;
  /** The round's local date (yyyy-MM-dd). */
  round: string;
  opensAt: Date;
  closesAt?: Date;
  status: RoundStatus;
  invited: number;
}

export type ParticipantState = "pending" | "sent" | "answered" | "skipped" | "expired";

/** One answer value: 1–5 for scale questions, an option value or free text otherwise. */
export type AnswerValue = number | string;

export interface Participation {
  campaignId: string;
  round: string;
  userId: string;
  team: string;
  timeZone?: string;
  state: ParticipantState;
  answers: Record<string, AnswerValue>;
  dueAt: Date;
  closesAt: Date;
  /** The DM: channel and ts (to update it when answered). */
  channelId?: string;
  messageTs?: string;
  remindersSent: number;
  /** "Remind me later": no reminder before this. */
  snoozedUntil?: Date;
  updatedAt: Date;
  answeredAt?: Date;
}

export interface NewParticipation {
  campaignId: string;
  round: string;
  userId: string;
  team: string;
  timeZone?: string;
  dueAt: Date;
  closesAt: Date;
}

export type ParticipationKey = Pick<Participation, "campaignId" | "round" | "userId">;

export interface CheckinStore {
  /** Creates the campaign, or returns the existing one with the same id (a retried submission). */
  createCampaign(campaign: StoredCampaign): Promise<{ campaign: StoredCampaign; created: boolean }>;
  getCampaign(id: string): Promise<StoredCampaign | undefined>;
  listCampaigns(filter?: { ownerId?: string; status?: CampaignStatus }): Promise<StoredCampaign[]>;
  setCampaignStatus(id: string, status: CampaignStatus): Promise<void>;

  /** Creates the round if new (idempotent); returns it. */
  openRound(round: { campaignId: string; round: string; opensAt: Date }): Promise<Round>;
  /** Sets the round's invited count and closing time (after participants are planned). */
  planRound(campaignId: string, round: string, invited: number, closesAt: Date): Promise<void>;
  /** Moves a round forward (open → closed → reported); false when it was already there or further. */
  advanceRound(campaignId: string, round: string, status: Exclude<RoundStatus, "open">): Promise<boolean>;
  getRound(campaignId: string, round: string): Promise<Round | undefined>;
  /** The campaign's rounds, oldest first. */
  listRounds(campaignId: string): Promise<Round[]>;

  /** Inserts participants not yet in the round (idempotent); returns how many were new. */
  addParticipants(rows: NewParticipation[], at: Date): Promise<number>;
  getParticipation(key: ParticipationKey): Promise<Participation | undefined>;
  listParticipations(campaignId: string, round?: string): Promise<Participation[]>;
  /** pending → sent, keeping where the DM is. */
  markDelivered(key: ParticipationKey, channelId: string, messageTs: string, at: Date): Promise<void>;
  /**
   * Merges answers into the participant's saved ones (each answer saved as it is given). Only while the round
   * is open for them (state pending/sent/answered and before closesAt); returns the updated row, or undefined
   * when not accepted (closed, skipped, or unknown).
   */
  saveAnswers(key: ParticipationKey, answers: Record<string, AnswerValue>, at: Date, complete: boolean): Promise<Participation | undefined>;
  /** Moves the participant to `state` from one of `from`; false when they were not in one of those states. */
  transition(key: ParticipationKey, from: ParticipantState[], state: ParticipantState, at: Date): Promise<boolean>;
  /** "Remind me later": reminders before `until` are skipped. */
  snooze(key: ParticipationKey, until: Date, at: Date): Promise<void>;
  /** Counts one reminder sent. */
  countReminder(key: ParticipationKey, at: Date): Promise<void>;
}
