/**
 * The partner directory on PostgreSQL: an import is one transaction of multi-row upserts (unnest of arrays,
 * 5,000 rows a statement), then one aggregate pass over the touched firms' consultants in SQL.
 */
import type pg from "pg";
import type { FirmProfile } from "../partners/match.ts";
import type { DirectoryImport, FirmStats, ImportCounts, PartnerStore } from "./partners.ts";
import { mapProfile, mapStats } from "./partners.ts";
import { requireDate, requireText } from "./rows.ts";

type Row = Record<string, unknown>;
const CHUNK = 5000;

export class PostgresPartners implements PartnerStore {
  constructor(private readonly pool: pg.Pool) {}

  async importDirectory(batch: DirectoryImport, at: Date): Promise<ImportCounts> {
    requireDate("at", at);
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      // One import at a time: two concurrent imports of the same firm would race on its aggregates.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('partnerpilot:partners:import'))");
      for (let i = 0; i < batch.firms.length; i += CHUNK) {
        const part = batch.firms.slice(i, i + CHUNK);
        await client.query(
          `INSERT INTO partner_firms (id, name, tier, status, data, updated_at)
           SELECT id, name, tier, status, data::jsonb, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $6::text[])
             AS t(id, name, tier, status, data)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier, status = EXCLUDED.status,
             data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
          [part.map((f) => f.id), part.map((f) => f.name), part.map((f) => f.tier), part.map((f) => f.status), at, part.map((f) => JSON.stringify(f))],
        );
      }
      await client.query("CREATE TEMP TABLE IF NOT EXISTS import_touched (firm_id text PRIMARY KEY) ON COMMIT DROP");
      await client.query("INSERT INTO import_touched SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [batch.firms.map((f) => f.id)]);
      for (let i = 0; i < batch.consultants.length; i += CHUNK) {
        const part = batch.consultants.slice(i, i + CHUNK);
        const ids = part.map((c) => c.id);
        const firmIds = part.map((c) => c.firmId);
        const { rows: missing } = await client.query<{ id: string; firm_id: string }>(
          `SELECT t.id, t.firm_id FROM unnest($1::text[], $2::text[]) AS t(id, firm_id)
           WHERE NOT EXISTS (SELECT 1 FROM partner_firms f WHERE f.id = t.firm_id) LIMIT 1`,
          [ids, firmIds],
        );
        if (missing[0]) {
          throw new RangeError(`consultant ${missing[0].id}: firm_id: firm ${missing[0].firm_id} is not in the directory or this import`);
        }
        // A consultant moving firm changes the aggregates of the firm it leaves too.
        await client.query(
          `INSERT INTO import_touched SELECT c.firm_id FROM partner_consultants c WHERE c.id = ANY($1::text[]) ON CONFLICT DO NOTHING`,
          [ids],
        );
        await client.query(
          `INSERT INTO partner_consultants (id, firm_id, skills, languages, availability, data, updated_at)
           SELECT id, firm_id, skills::jsonb, languages::jsonb, availability, data::jsonb, $7
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, firm_id, skills, languages, availability, data)
           ON CONFLICT (id) DO UPDATE SET firm_id = EXCLUDED.firm_id, skills = EXCLUDED.skills, languages = EXCLUDED.languages,
             availability = EXCLUDED.availability, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
          [
            ids,
            firmIds,
            part.map((c) => JSON.stringify(c.skills)),
            part.map((c) => JSON.stringify(c.languages)),
            part.map((c) => c.availability),
            part.map((c) => JSON.stringify(c)),
            at,
          ],
        );
        await client.query("INSERT INTO import_touched SELECT DISTINCT unnest($1::text[]) ON CONFLICT DO NOTHING", [firmIds]);
      }
      await client.query(
        `UPDATE partner_firms f SET consultants = a.n, consultants_by_skill = a.by_skill, consultant_languages = a.langs, updated_at = $1
         FROM (
           SELECT t.firm_id,
             (SELECT count(*) FROM partner_consultants c WHERE c.firm_id = t.firm_id) AS n,
             COALESCE((SELECT jsonb_object_agg(skill, k) FROM (
                SELECT s.skill, count(*) AS k FROM partner_consultants c, jsonb_array_elements_text(c.skills) AS s(skill)
                WHERE c.firm_id = t.firm_id AND c.availability <> 'booked' GROUP BY s.skill) sk), '{}'::jsonb) AS by_skill,
             COALESCE((SELECT jsonb_agg(l ORDER BY l) FROM (
                SELECT DISTINCT l FROM partner_consultants c, jsonb_array_elements_text(c.languages) AS x(l)
                WHERE c.firm_id = t.firm_id) ls), '[]'::jsonb) AS langs
           FROM import_touched t
         ) a
         WHERE f.id = a.firm_id`,
        [at],
      );
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return { firms: batch.firms.length, consultants: batch.consultants.length };
  }

  async loadProfiles(): Promise<FirmProfile[]> {
    const { rows } = await this.pool.query("SELECT f.*, s.* FROM partner_firms f LEFT JOIN partner_firm_stats s ON s.firm_id = f.id ORDER BY f.id");
    return (rows as Row[]).map(mapProfile);
  }

  async getProfile(firmId: string): Promise<FirmProfile | undefined> {
    const { rows } = await this.pool.query(
      "SELECT f.*, s.* FROM partner_firms f LEFT JOIN partner_firm_stats s ON s.firm_id = f.id WHERE f.id = $1",
      [requireText("firmId", firmId)],
    );
    return rows[0] ? mapProfile(rows[0] as Row) : undefined;
  }

  async counts(): Promise<ImportCounts> {
    const { rows } = await this.pool.query(
      "SELECT (SELECT count(*) FROM partner_firms) AS firms, (SELECT count(*) FROM partner_consultants) AS consultants",
    );
    return { firms: Number(rows[0].firms), consultants: Number(rows[0].consultants) };
  }

  async directoryVersion(): Promise<string> {
    const { rows } = await this.pool.query("SELECT count(*) AS n, max(updated_at) AS at FROM partner_firms");
    return `${rows[0].n}:${rows[0].at ? new Date(rows[0].at).getTime() : 0}`;
  }

  async stats(firmId: string): Promise<FirmStats> {
    const { rows } = await this.pool.query("SELECT * FROM partner_firm_stats WHERE firm_id = $1", [requireText("firmId", firmId)]);
    return mapStats(rows[0] as Row | undefined);
  }
}
