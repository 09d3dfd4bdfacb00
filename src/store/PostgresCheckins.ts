/** CheckinStore on PostgreSQL. Answers merge with jsonb `||`, so concurrent saves of different questions both stick. */
import type pg from "pg";
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

const INSERT_CHUNK = 500;

export class PostgresCheckins implements CheckinStore {
  constructor(private readonly pool: pg.Pool) {}

  async createCampaign(c: StoredCampaign): Promise<{ campaign: StoredCampaign; created: boolean }> {
    requireText("campaign.id", c.id);
    requireText("campaign.ownerId", c.ownerId);
    const { rows } = await this.pool.query(
      `INSERT INTO checkin_campaigns (id, owner_id, definition, status, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO NOTHING RETURNING *`,
      [c.id, c.ownerId, JSON.stringify(c.definition), c.status, requireDate("campaign.createdAt", c.createdAt)],
    );
    if (rows[0]) return { campaign: mapCampaign(rows[0]), created: true };
    return { campaign: (await this.getCampaign(c.id))!, created: false };
  }

  async getCampaign(id: string): Promise<StoredCampaign | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM checkin_campaigns WHERE id = $1", [id]);
    return rows[0] ? mapCampaign(rows[0]) : undefined;
  }

  async listCampaigns(filter: { ownerId?: string; status?: CampaignStatus } = {}): Promise<StoredCampaign[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM checkin_campaigns WHERE ($1::text IS NULL OR owner_id = $1) AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, id`,
      [filter.ownerId ?? null, filter.status ?? null],
    );
    return rows.map(mapCampaign);
  }

  async setCampaignStatus(id: string, status: CampaignStatus): Promise<void> {
    await this.pool.query("UPDATE checkin_campaigns SET status = $2 WHERE id = $1", [id, status]);
  }

  async openRound(r: { campaignId: string; round: string; opensAt: Date }): Promise<Round> {
    await this.pool.query(
      `INSERT INTO checkin_rounds (campaign_id, round, opens_at, status, invited) VALUES ($1, $2, $3, 'open', 0)
       ON CONFLICT (campaign_id, round) DO NOTHING`,
      [r.campaignId, r.round, requireDate("round.opensAt", r.opensAt)],
    );
    return (await this.getRound(r.campaignId, r.round))!;
  }

  async planRound(campaignId: string, round: string, invited: number, closesAt: Date): Promise<void> {
    await this.pool.query("UPDATE checkin_rounds SET invited = $3, closes_at = $4 WHERE campaign_id = $1 AND round = $2", [
      campaignId,
      round,
      invited,
      requireDate("closesAt", closesAt),
    ]);
  }

  async advanceRound(campaignId: string, round: string, status: Exclude<RoundStatus, "open">): Promise<boolean> {
    const from = status === "closed" ? ["open"] : ["open", "closed"];
    const result = await this.pool.query("UPDATE checkin_rounds SET status = $3 WHERE campaign_id = $1 AND round = $2 AND status = ANY($4)", [
      campaignId,
      round,
      status,
      from,
    ]);
    return result.rowCount === 1;
  }

  async getRound(campaignId: string, round: string): Promise<Round | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM checkin_rounds WHERE campaign_id = $1 AND round = $2", [campaignId, round]);
    return rows[0] ? mapRound(rows[0]) : undefined;
  }

  async listRounds(campaignId: string): Promise<Round[]> {
    const { rows } = await this.pool.query("SELECT * FROM checkin_rounds WHERE campaign_id = $1 ORDER BY round", [campaignId]);
    return rows.map(mapRound);
  }

  async addParticipants(list: NewParticipation[], at: Date): Promise<number> {
    requireDate("at", at);
    let created = 0;
    for (let i = 0; i < list.length; i += INSERT_CHUNK) {
      const params: unknown[] = [at];
      const values = list.slice(i, i + INSERT_CHUNK).map((p) => {
        params.push(p.campaignId, p.round, requireText("participant.userId", p.userId), p.team, p.timeZone ?? null, p.dueAt, p.closesAt);
        const n = params.length;
        return `($${n - 6}, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, 'pending', '{}'::jsonb, $${n - 1}, $${n}, 0, $1)`;
      });
      const result = await this.pool.query(
        `INSERT INTO checkin_participants (campaign_id, round, user_id, team, time_zone, state, answers, due_at, closes_at, reminders_sent, updated_at)
         VALUES ${values.join(", ")} ON CONFLICT (campaign_id, round, user_id) DO NOTHING`,
        params,
      );
      created += result.rowCount ?? 0;
    }
    return created;
  }

  async getParticipation(k: ParticipationKey): Promise<Participation | undefined> {
    const { rows } = await this.pool.query("SELECT * FROM checkin_participants WHERE campaign_id = $1 AND round = $2 AND user_id = $3", [
      k.campaignId,
      k.round,
      k.userId,
    ]);
    return rows[0] ? mapParticipation(rows[0]) : undefined;
  }

  async listParticipations(campaignId: string, round?: string): Promise<Participation[]> {
    const { rows } = await this.pool.query(
      "SELECT * FROM checkin_participants WHERE campaign_id = $1 AND ($2::text IS NULL OR round = $2) ORDER BY round, team, user_id",
      [campaignId, round ?? null],
    );
    return rows.map(mapParticipation);
  }

  async markDelivered(k: ParticipationKey, channelId: string, messageTs: string, at: Date): Promise<void> {
    await this.pool.query(
      `UPDATE checkin_participants SET channel_id = $4, message_ts = $5, updated_at = $6,
         state = CASE WHEN state = 'pending' THEN 'sent' ELSE state END
       WHERE campaign_id = $1 AND round = $2 AND user_id = $3`,
      [k.campaignId, k.round, k.userId, channelId, messageTs, requireDate("at", at)],
    );
  }

  async saveAnswers(k: ParticipationKey, answers: Record<string, AnswerValue>, at: Date, complete: boolean): Promise<Participation | undefined> {
    const checked = checkAnswers(answers);
    const { rows } = await this.pool.query(
      `UPDATE checkin_participants SET answers = answers || $4::jsonb, updated_at = $5,
         state = CASE WHEN $6 THEN 'answered' ELSE state END,
         answered_at = CASE WHEN $6 THEN COALESCE(answered_at, $5) ELSE answered_at END
       WHERE campaign_id = $1 AND round = $2 AND user_id = $3 AND state IN ('pending', 'sent', 'answered') AND closes_at > $5
       RETURNING *`,
      [k.campaignId, k.round, k.userId, JSON.stringify(checked), requireDate("at", at), complete],
    );
    return rows[0] ? mapParticipation(rows[0]) : undefined;
  }

  async transition(k: ParticipationKey, from: ParticipantState[], state: ParticipantState, at: Date): Promise<boolean> {
    const result = await this.pool.query(
      "UPDATE checkin_participants SET state = $4, updated_at = $5 WHERE campaign_id = $1 AND round = $2 AND user_id = $3 AND state = ANY($6)",
      [k.campaignId, k.round, k.userId, state, requireDate("at", at), from],
    );
    return result.rowCount === 1;
  }

  async snooze(k: ParticipationKey, until: Date, at: Date): Promise<void> {
    await this.pool.query(
      "UPDATE checkin_participants SET snoozed_until = $4, updated_at = $5 WHERE campaign_id = $1 AND round = $2 AND user_id = $3",
      [k.campaignId, k.round, k.userId, requireDate("until", until), requireDate("at", at)],
    );
  }

  async countReminder(k: ParticipationKey, at: Date): Promise<void> {
    await this.pool.query(
      "UPDATE checkin_participants SET reminders_sent = reminders_sent + 1, updated_at = $4 WHERE campaign_id = $1 AND round = $2 AND user_id = $3",
      [k.campaignId, k.round, k.userId, requireDate("at", at)],
    );
  }
}
