/** CheckinStore on SQLite. Answers merge with json_patch in one statement. */
import type Database from "better-sqlite3";
import type { CampaignStatus } from "../checkins/campaign.ts";
import { checkAnswers, mapCampaign, mapParticipation, mapRound } from "./checkin-rows.ts";
import type {
  AnswerValue,
  CheckinStore,
  NewParticipation,
  ParticipantState,
  Participation,
  ParticipationKey,
  Round,
  RoundStatus,
  StoredCampaign,
} from "./CheckinStore.ts";
import { requireDate, requireText } from "./rows.ts";

type Row = Record<string, unknown>;
const marks = (n: number) => Array.from({ length: n }, () => "?").join(", ");

export class SqliteCheckins implements CheckinStore {
  constructor(private readonly db: Database.Database) {}

  async createCampaign(c: StoredCampaign): Promise<{ campaign: StoredCampaign; created: boolean }> {
    requireText("campaign.id", c.id);
    requireText("campaign.ownerId", c.ownerId);
    const row = this.db
      .prepare(
        `INSERT INTO checkin_campaigns (id, owner_id, definition, status, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING RETURNING *`,
      )
      .get(c.id, c.ownerId, JSON.stringify(c.definition), c.status, requireDate("campaign.createdAt", c.createdAt).getTime()) as Row | undefined;
    if (row) return { campaign: mapCampaign(row), created: true };
    return { campaign: (await this.getCampaign(c.id))!, created: false };
  }

  async getCampaign(id: string): Promise<StoredCampaign | undefined> {
    const row = this.db.prepare("SELECT * FROM checkin_campaigns WHERE id = ?").get(id) as Row | undefined;
    return row ? mapCampaign(row) : undefined;
  }

  async listCampaigns(filter: { ownerId?: string; status?: CampaignStatus } = {}): Promise<StoredCampaign[]> {
    const rows = this.db
      .prepare("SELECT * FROM checkin_campaigns WHERE (? IS NULL OR owner_id = ?) AND (? IS NULL OR status = ?) ORDER BY created_at DESC, id")
      .all(filter.ownerId ?? null, filter.ownerId ?? null, filter.status ?? null, filter.status ?? null) as Row[];
    return rows.map(mapCampaign);
  }

  async setCampaignStatus(id: string, status: CampaignStatus): Promise<void> {
    this.db.prepare("UPDATE checkin_campaigns SET status = ? WHERE id = ?").run(status, id);
  }

  async openRound(r: { campaignId: string; round: string; opensAt: Date }): Promise<Round> {
    this.db
      .prepare("INSERT INTO checkin_rounds (campaign_id, round, opens_at, status, invited) VALUES (?, ?, ?, 'open', 0) ON CONFLICT DO NOTHING")
      .run(r.campaignId, r.round, requireDate("round.opensAt", r.opensAt).getTime());
    return (await this.getRound(r.campaignId, r.round))!;
  }

  async planRound(campaignId: string, round: string, invited: number, closesAt: Date): Promise<void> {
    this.db
      .prepare("UPDATE checkin_rounds SET invited = ?, closes_at = ? WHERE campaign_id = ? AND round = ?")
      .run(invited, requireDate("closesAt", closesAt).getTime(), campaignId, round);
  }

  async advanceRound(campaignId: string, round: string, status: Exclude<RoundStatus, "open">): Promise<boolean> {
    const from = status === "closed" ? ["open"] : ["open", "closed"];
    const r = this.db
      .prepare(`UPDATE checkin_rounds SET status = ? WHERE campaign_id = ? AND round = ? AND status IN (${marks(from.length)})`)
      .run(status, campaignId, round, ...from);
    return r.changes === 1;
  }

  async getRound(campaignId: string, round: string): Promise<Round | undefined> {
    const row = this.db.prepare("SELECT * FROM checkin_rounds WHERE campaign_id = ? AND round = ?").get(campaignId, round) as Row | undefined;
    return row ? mapRound(row) : undefined;
  }

  async listRounds(campaignId: string): Promise<Round[]> {
    return (this.db.prepare("SELECT * FROM checkin_rounds WHERE campaign_id = ? ORDER BY round").all(campaignId) as Row[]).map(mapRound);
  }

  async addParticipants(list: NewParticipation[], at: Date): Promise<number> {
    const now = requireDate("at", at).getTime();
    const insert = this.db.prepare(
      `INSERT INTO checkin_participants (campaign_id, round, user_id, team, time_zone, state, answers, due_at, closes_at, reminders_sent, updated_at)
       VALUES (?, ?, ?, ?, ?, 'pending', '{}', ?, ?, 0, ?) ON CONFLICT DO NOTHING`,
    );
    return this.db.transaction(() => {
      let created = 0;
      for (const p of list) {
        created += insert.run(p.campaignId, p.round, requireText("participant.userId", p.userId), p.team, p.timeZone ?? null, p.dueAt.getTime(), p.closesAt.getTime(), now).changes;
      }
      return created;
    })();
  }

  async getParticipation(k: ParticipationKey): Promise<Participation | undefined> {
    const row = this.db
      .prepare("SELECT * FROM checkin_participants WHERE campaign_id = ? AND round = ? AND user_id = ?")
      .get(k.campaignId, k.round, k.userId) as Row | undefined;
    return row ? mapParticipation(row) : undefined;
  }

  async listParticipations(campaignId: string, round?: string): Promise<Participation[]> {
    const rows = this.db
      .prepare("SELECT * FROM checkin_participants WHERE campaign_id = ? AND (? IS NULL OR round = ?) ORDER BY round, team, user_id")
      .all(campaignId, round ?? null, round ?? null) as Row[];
    return rows.map(mapParticipation);
  }

  async markDelivered(k: ParticipationKey, channelId: string, messageTs: string, at: Date): Promise<void> {
    this.db
      .prepare(
        `UPDATE checkin_participants SET channel_id = ?, message_ts = ?, updated_at = ?,
           state = CASE WHEN state = 'pending' THEN 'sent' ELSE state END
         WHERE campaign_id = ? AND round = ? AND user_id = ?`,
      )
      .run(channelId, messageTs, requireDate("at", at).getTime(), k.campaignId, k.round, k.userId);
  }

  async saveAnswers(k: ParticipationKey, answers: Record<string, AnswerValue>, at: Date, complete: boolean): Promise<Participation | undefined> {
    const checked = checkAnswers(answers);
    const now = requireDate("at", at).getTime();
    const row = this.db
      .prepare(
        `UPDATE checkin_participants SET answers = json_patch(answers, ?), updated_at = ?,
           state = CASE WHEN ? THEN 'answered' ELSE state END,
           answered_at = CASE WHEN ? THEN COALESCE(answered_at, ?) ELSE answered_at END
         WHERE campaign_id = ? AND round = ? AND user_id = ? AND state IN ('pending', 'sent', 'answered') AND closes_at > ?
         RETURNING *`,
      )
      .get(JSON.stringify(checked), now, complete ? 1 : 0, complete ? 1 : 0, now, k.campaignId, k.round, k.userId, now) as Row | undefined;
    return row ? mapParticipation(row) : undefined;
  }

  async transition(k: ParticipationKey, from: ParticipantState[], state: ParticipantState, at: Date): Promise<boolean> {
    const r = this.db
      .prepare(`UPDATE checkin_participants SET state = ?, updated_at = ? WHERE campaign_id = ? AND round = ? AND user_id = ? AND state IN (${marks(from.length)})`)
      .run(state, requireDate("at", at).getTime(), k.campaignId, k.round, k.userId, ...from);
    return r.changes === 1;
  }

  async snooze(k: ParticipationKey, until: Date, at: Date): Promise<void> {
    this.db
      .prepare("UPDATE checkin_participants SET snoozed_until = ?, updated_at = ? WHERE campaign_id = ? AND round = ? AND user_id = ?")
      .run(requireDate("until", until).getTime(), requireDate("at", at).getTime(), k.campaignId, k.round, k.userId);
  }

  async countReminder(k: ParticipationKey, at: Date): Promise<void> {
    this.db
      .prepare("UPDATE checkin_participants SET reminders_sent = reminders_sent + 1, updated_at = ? WHERE campaign_id = ? AND round = ? AND user_id = ?")
      .run(requireDate("at", at).getTime(), k.campaignId, k.round, k.userId);
  }
}
