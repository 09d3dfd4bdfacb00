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
/** Consultants per staging statement (6 arrays of this many values). */
const STAGE_CHUNK = 20_000;
/** Imports at least this large rebuild the firm index once instead of row by row. */
const BULK_THRESHOLD = 50_000;

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
      await client.query("CREATE TEMP TABLE import_touched (firm_id text PRIMARY KEY) ON COMMIT DROP");
      await client.query(
        `CREATE TEMP TABLE import_consultants (id text, firm_id text, skills jsonb, languages jsonb, availability text, data jsonb) ON COMMIT DROP`,
      );
      await client.query("INSERT INTO import_touched SELECT unnest($1::text[]) ON CONFLICT DO NOTHING", [batch.firms.map((f) => f.id)]);
      // Stage the consultants in a temporary table (no indexes, not logged), then upsert them in one statement.
      for (let i = 0; i < batch.consultants.length; i += STAGE_CHUNK) {
        const part = batch.consultants.slice(i, i + STAGE_CHUNK);
        await client.query(
          `INSERT INTO import_consultants
           SELECT id, firm_id, skills::jsonb, languages::jsonb, availability, data::jsonb
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t(id, firm_id, skills, languages, availability, data)`,
          [
            part.map((c) => c.id),
            part.map((c) => c.firmId),
            part.map((c) => JSON.stringify(c.skills)),
            part.map((c) => JSON.stringify(c.languages)),
            part.map((c) => c.availability),
            part.map((c) => JSON.stringify({ certifications: c.certifications, country: c.country })),
          ],
        );
      }
      if (batch.consultants.length > 0) {
        // Statistics for the planner: without them the anti-join below runs as a nested loop.
        await client.query("ANALYZE import_consultants");
        const { rows: missing } = await client.query<{ id: string; firm_id: string }>(
          `SELECT s.id, s.firm_id FROM import_consultants s
           WHERE NOT EXISTS (SELECT 1 FROM partner_firms f WHERE f.id = s.firm_id) LIMIT 1`,
        );
        if (missing[0]) {
          throw new RangeError(`consultant ${missing[0].id}: firm_id: firm ${missing[0].firm_id} is not in the directory or this import`);
        }
        // The firms they belong to, and the firms any of them leaves.
        await client.query(
          `INSERT INTO import_touched
           SELECT DISTINCT firm_id FROM import_consultants
           UNION
           SELECT c.firm_id FROM partner_consultants c JOIN import_consultants s ON s.id = c.id WHERE c.firm_id <> s.firm_id
           ON CONFLICT DO NOTHING`,
        );
        // A large import writes faster without maintaining the firm index row by row; rebuilt in this transaction.
        const big = batch.consultants.length >= BULK_THRESHOLD;
        if (big) await client.query("DROP INDEX IF EXISTS partner_consultants_firm");
        await client.query(
          `INSERT INTO partner_consultants (id, firm_id, skills, languages, availability, data, updated_at)
           SELECT id, firm_id, skills, languages, availability, data, $1 FROM import_consultants
           ON CONFLICT (id) DO UPDATE SET firm_id = EXCLUDED.firm_id, skills = EXCLUDED.skills, languages = EXCLUDED.languages,
             availability = EXCLUDED.availability, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
          [at],
        );
        if (big) await client.query("CREATE INDEX partner_consultants_firm ON partner_consultants (firm_id)");
      }
      await client.query(
        `UPDATE partner_firms f
         SET consultants = COALESCE(n.n, 0), consultants_by_skill = COALESCE(sk.by_skill, '{}'::jsonb),
             consultant_languages = COALESCE(l.langs, '[]'::jsonb), updated_at = $1
         FROM import_touched t
         LEFT JOIN (SELECT c.firm_id, count(*) AS n FROM partner_consultants c JOIN import_touched t2 USING (firm_id) GROUP BY c.firm_id) n
           ON n.firm_id = t.firm_id
         LEFT JOIN (
           SELECT firm_id, jsonb_object_agg(skill, k) AS by_skill FROM (
             SELECT c.firm_id, s.skill, count(*) AS k
             FROM partner_consultants c JOIN import_touched t3 USING (firm_id), jsonb_array_elements_text(c.skills) AS s(skill)
             WHERE c.availability <> 'booked' GROUP BY c.firm_id, s.skill) x GROUP BY firm_id) sk
           ON sk.firm_id = t.firm_id
         LEFT JOIN (
           SELECT firm_id, jsonb_agg(lang ORDER BY lang) AS langs FROM (
             SELECT DISTINCT c.firm_id, x.lang FROM partner_consultants c JOIN import_touched t4 USING (firm_id), jsonb_array_elements_text(c.languages) AS x(lang)) y
           GROUP BY firm_id) l
           ON l.firm_id = t.firm_id
         WHERE f.id = t.firm_id`,
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
