/**
 * The partner directory on PostgreSQL: an import is one transaction (all or nothing): consultants staged and
 * upserted in one statement, the touched firms' aggregates computed in one pass over the batch, and the firms
 * upserted with them, several thousand rows a statement.
 */
import type pg from "pg";
import type { Consultant } from "../partners/directory.ts";
import { aggregateConsultants, type FirmProfile } from "../partners/match.ts";
import type { DirectoryImport, FirmStats, ImportCounts, PartnerStore } from "./partners.ts";
import { consultantsByFirm, mapProfile, mapStats } from "./partners.ts";
import { requireDate, requireText } from "./rows.ts";

type Row = Record<string, unknown>;
/** Firms per statement (about 1 KB of JSON each). */
const FIRM_CHUNK = 5000;
/** Consultants per staging statement (about 200 bytes of JSON each). */
const STAGE_CHUNK = 50_000;
/** Imports at least this large rebuild the firm index once instead of row by row. */
const BULK_THRESHOLD = 50_000;

export class PostgresPartners implements PartnerStore {
  constructor(private readonly pool: pg.Pool) {}

  async importDirectory(batch: DirectoryImport, at: Date): Promise<ImportCounts> {
    requireDate("at", at);
    const byFirm = consultantsByFirm(batch.consultants);
    const importedFirms = new Set(batch.firms.map((f) => f.id));
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      // One import at a time: two concurrent imports of the same firm would race on its aggregates.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('partnerpilot:partners:import'))");
      const outside = [...byFirm.keys()].filter((id) => !importedFirms.has(id));
      if (outside.length > 0) {
        const { rows } = await client.query<{ id: string }>("SELECT id FROM partner_firms WHERE id = ANY($1::text[])", [outside]);
        const known = new Set(rows.map((r) => r.id));
        const orphan = batch.consultants.find((c) => !importedFirms.has(c.firmId) && !known.has(c.firmId));
        if (orphan) throw new RangeError(`consultant ${orphan.id}: firm_id: firm ${orphan.firmId} is not in the directory or this import`);
      }
      const touched = new Set<string>([...importedFirms, ...byFirm.keys()]);
      let wasEmpty = false;
      if (batch.consultants.length > 0) {
        const upserted = await this.upsertConsultants(client, batch.consultants, at);
        for (const firmId of upserted.moved) touched.add(firmId);
        wasEmpty = upserted.wasEmpty;
      }
      // Aggregates in one pass here, not in SQL: a firm whose consultants are all in this import (the usual case)
      // is aggregated from the batch; only firms that also keep consultants the import did not send are read back.
      const aggregates = new Map<string, ReturnType<typeof aggregateConsultants>>();
      const ids = [...touched];
      // Into an empty table every firm's consultants are exactly the batch's.
      const { rows: counts } = wasEmpty
        ? { rows: [...byFirm].map(([firm_id, list]) => ({ firm_id, n: String(list.length) })) }
        : await client.query<{ firm_id: string; n: string }>(
            "SELECT firm_id, count(*) AS n FROM partner_consultants WHERE firm_id = ANY($1::text[]) GROUP BY firm_id",
            [ids],
          );
      const stored = new Map(counts.map((r) => [r.firm_id, Number(r.n)]));
      const reread = ids.filter((id) => (stored.get(id) ?? 0) !== (byFirm.get(id)?.length ?? 0));
      const rereadSet = new Set(reread);
      for (const id of ids) if (!rereadSet.has(id)) aggregates.set(id, aggregateConsultants(byFirm.get(id) ?? []));
      if (reread.length > 0) {
        const { rows } = await client.query<{ firm_id: string; skills: string[]; languages: string[]; availability: string }>(
          "SELECT firm_id, skills, languages, availability FROM partner_consultants WHERE firm_id = ANY($1::text[])",
          [reread],
        );
        const fromDb = consultantsByFirm(rows.map((r) => ({ firmId: r.firm_id, skills: r.skills, languages: r.languages, availability: r.availability })));
        for (const id of reread) aggregates.set(id, aggregateConsultants(fromDb.get(id) ?? []));
      }
      // Firms of the import: record and aggregates in one upsert (one JSON parameter per chunk).
      for (let i = 0; i < batch.firms.length; i += FIRM_CHUNK) {
        const part = batch.firms.slice(i, i + FIRM_CHUNK).map((f) => {
          const a = aggregates.get(f.id)!;
          return { id: f.id, name: f.name, tier: f.tier, status: f.status, data: f, n: a.count, skills: a.bySkill, langs: a.languages };
        });
        await client.query(
          `INSERT INTO partner_firms (id, name, tier, status, data, consultants, consultants_by_skill, consultant_languages, updated_at)
           SELECT id, name, tier, status, data, n, skills, langs, $2
           FROM jsonb_to_recordset($1::jsonb) AS t(id text, name text, tier text, status text, data jsonb, n integer, skills jsonb, langs jsonb)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier, status = EXCLUDED.status, data = EXCLUDED.data,
             consultants = EXCLUDED.consultants, consultants_by_skill = EXCLUDED.consultants_by_skill,
             consultant_languages = EXCLUDED.consultant_languages, updated_at = EXCLUDED.updated_at`,
          [JSON.stringify(part), at],
        );
      }
      // Firms touched only through their consultants (new ones, or ones that left).
      const others = ids.filter((id) => !importedFirms.has(id));
      for (let i = 0; i < others.length; i += FIRM_CHUNK) {
        const part = others.slice(i, i + FIRM_CHUNK).map((id) => {
          const a = aggregates.get(id)!;
          return { id, n: a.count, skills: a.bySkill, langs: a.languages };
        });
        await client.query(
          `UPDATE partner_firms f SET consultants = t.n, consultants_by_skill = t.skills, consultant_languages = t.langs, updated_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS t(id text, n integer, skills jsonb, langs jsonb) WHERE f.id = t.id`,
          [JSON.stringify(part), at],
        );
      }
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    return { firms: batch.firms.length, consultants: batch.consultants.length };
  }

  /**
   * Stages the consultants in a temporary table (one JSON parameter per chunk: the driver's text-array encoding
   * of 300,000 rows costs seconds of CPU, JSON.stringify a tenth of it), then upserts them in one statement.
   * Returns the firms any of them left.
   */
  private async upsertConsultants(client: pg.PoolClient, consultants: Consultant[], at: Date): Promise<{ moved: string[]; wasEmpty: boolean }> {
    const { rows: any } = await client.query("SELECT 1 FROM partner_consultants LIMIT 1");
    const wasEmpty = any.length === 0;
    // A large import writes faster without maintaining the firm index row by row; rebuilt in this transaction.
    const big = consultants.length >= BULK_THRESHOLD;
    const chunks = function* () {
      for (let i = 0; i < consultants.length; i += STAGE_CHUNK) {
        yield JSON.stringify(
          consultants.slice(i, i + STAGE_CHUNK).map((c) => ({
            id: c.id,
            firm_id: c.firmId,
            skills: c.skills,
            languages: c.languages,
            availability: c.availability,
            data: { certifications: c.certifications, country: c.country },
          })),
        );
      }
    };
    // Staged first (a temporary table: no WAL, no index), so one join finds the firms they leave and one statement
    // upserts them all.
    await client.query(
      "CREATE TEMP TABLE import_consultants (id text, firm_id text, skills jsonb, languages jsonb, availability text, data jsonb) ON COMMIT DROP",
    );
    for (const json of chunks()) {
      await client.query(
        `INSERT INTO import_consultants
         SELECT * FROM json_to_recordset($1::json) AS t(id text, firm_id text, skills jsonb, languages jsonb, availability text, data jsonb)`,
        [json],
      );
    }
    let moved: string[] = [];
    if (!wasEmpty) {
      // Statistics for the planner (the two columns the join reads): without them it runs a nested loop.
      await client.query("ANALYZE import_consultants (id, firm_id)");
      const { rows } = await client.query<{ firm_id: string }>(
        "SELECT DISTINCT c.firm_id FROM partner_consultants c JOIN import_consultants s ON s.id = c.id WHERE c.firm_id <> s.firm_id",
      );
      moved = rows.map((r) => r.firm_id);
    }
    if (big) await client.query("DROP INDEX IF EXISTS partner_consultants_firm");
    await client.query(
      `INSERT INTO partner_consultants (id, firm_id, skills, languages, availability, data, updated_at)
       SELECT id, firm_id, skills, languages, availability, data, $1 FROM import_consultants
       ON CONFLICT (id) DO UPDATE SET firm_id = EXCLUDED.firm_id, skills = EXCLUDED.skills, languages = EXCLUDED.languages,
         availability = EXCLUDED.availability, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
      [at],
    );
    if (big) await client.query("CREATE INDEX partner_consultants_firm ON partner_consultants (firm_id)");
    return { moved, wasEmpty };
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
