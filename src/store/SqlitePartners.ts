/** The partner directory on SQLite: one IMMEDIATE transaction per import, prepared statements reused per row. */
import type Database from "better-sqlite3";
import { aggregateConsultants, type FirmProfile } from "../partners/match.ts";
import type { DirectoryImport, FirmStats, ImportCounts, PartnerStore } from "./partners.ts";
import { consultantsByFirm, mapProfile, mapStats } from "./partners.ts";
import { requireDate, requireText } from "./rows.ts";

type Row = Record<string, unknown>;
/** Imports at least this large rebuild the firm index once instead of row by row. */
const BULK_THRESHOLD = 50_000;

export class SqlitePartners implements PartnerStore {
  constructor(private readonly db: Database.Database) {}

  async importDirectory(batch: DirectoryImport, at: Date): Promise<ImportCounts> {
    const now = requireDate("at", at).getTime();
    const upsertFirm = this.db.prepare(
      `INSERT INTO partner_firms (id, name, tier, status, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, tier = excluded.tier, status = excluded.status,
         data = excluded.data, updated_at = excluded.updated_at`,
    );
    const upsertConsultant = this.db.prepare(
      `INSERT INTO partner_consultants (id, firm_id, skills, languages, availability, data, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET firm_id = excluded.firm_id, skills = excluded.skills, languages = excluded.languages,
         availability = excluded.availability, data = excluded.data, updated_at = excluded.updated_at`,
    );
    const previousFirm = this.db.prepare("SELECT firm_id FROM partner_consultants WHERE id = ?").pluck();
    const firmExists = this.db.prepare("SELECT 1 FROM partner_firms WHERE id = ?").pluck();
    const countOf = this.db.prepare("SELECT count(*) FROM partner_consultants WHERE firm_id = ?").pluck();
    const consultantsOf = this.db.prepare("SELECT skills, languages, availability FROM partner_consultants WHERE firm_id = ?");
    const setAggregates = this.db.prepare(
      "UPDATE partner_firms SET consultants = ?, consultants_by_skill = ?, consultant_languages = ?, updated_at = ? WHERE id = ?",
    );
    const byFirm = consultantsByFirm(batch.consultants);
    const big = batch.consultants.length >= BULK_THRESHOLD;
    const run = this.db.transaction(() => {
      const touched = new Set<string>();
      for (const f of batch.firms) {
        upsertFirm.run(f.id, f.name, f.tier, f.status, JSON.stringify(f), now);
        touched.add(f.id);
      }
      const imported = new Set(batch.firms.map((f) => f.id));
      for (const firmId of byFirm.keys()) {
        if (!imported.has(firmId) && !firmExists.get(firmId)) {
          const c = byFirm.get(firmId)![0]!;
          throw new RangeError(`consultant ${c.id}: firm_id: firm ${firmId} is not in the directory or this import`);
        }
      }
      // Nobody can move firm when the table is empty: skip the per-consultant lookup then.
      const hadConsultants = Boolean(this.db.prepare("SELECT 1 FROM partner_consultants LIMIT 1").pluck().get());
      // A large import writes faster without maintaining the firm index row by row; it is rebuilt (sorted) after,
      // inside the same transaction, so readers never see the table without it.
      if (big) this.db.exec("DROP INDEX IF EXISTS partner_consultants_firm");
      for (const c of batch.consultants) {
        if (hadConsultants) {
          const before = previousFirm.get(c.id) as string | undefined;
          if (before && before !== c.firmId) touched.add(before);
        }
        upsertConsultant.run(c.id, c.firmId, JSON.stringify(c.skills), JSON.stringify(c.languages), c.availability, JSON.stringify({ certifications: c.certifications, country: c.country }), now);
        touched.add(c.firmId);
      }
      if (big) this.db.exec("CREATE INDEX partner_consultants_firm ON partner_consultants (firm_id)");
      for (const firmId of touched) {
        const sent = byFirm.get(firmId) ?? [];
        // A firm whose stored consultants are exactly the ones this import sent is aggregated from the batch;
        // one that keeps others (or lost some) is read back.
        const rows =
          !hadConsultants || (countOf.get(firmId) as number) === sent.length
            ? sent
            : (consultantsOf.all(firmId) as Row[]).map((r) => ({
                skills: JSON.parse(r.skills as string) as string[],
                languages: JSON.parse(r.languages as string) as string[],
                availability: r.availability as string,
              }));
        const a = aggregateConsultants(rows);
        setAggregates.run(a.count, JSON.stringify(a.bySkill), JSON.stringify(a.languages), now, firmId);
      }
    });
    run.immediate();
    return { firms: batch.firms.length, consultants: batch.consultants.length };
  }

  async loadProfiles(): Promise<FirmProfile[]> {
    const rows = this.db
      .prepare("SELECT f.*, s.* FROM partner_firms f LEFT JOIN partner_firm_stats s ON s.firm_id = f.id ORDER BY f.id")
      .all() as Row[];
    return rows.map(mapProfile);
  }

  async getProfile(firmId: string): Promise<FirmProfile | undefined> {
    const row = this.db
      .prepare("SELECT f.*, s.* FROM partner_firms f LEFT JOIN partner_firm_stats s ON s.firm_id = f.id WHERE f.id = ?")
      .get(requireText("firmId", firmId)) as Row | undefined;
    return row ? mapProfile(row) : undefined;
  }

  async counts(): Promise<ImportCounts> {
    const firms = this.db.prepare("SELECT count(*) FROM partner_firms").pluck().get() as number;
    const consultants = this.db.prepare("SELECT count(*) FROM partner_consultants").pluck().get() as number;
    return { firms, consultants };
  }

  async directoryVersion(): Promise<string> {
    const row = this.db.prepare("SELECT count(*) AS n, max(updated_at) AS at FROM partner_firms").get() as Row;
    return `${row.n}:${row.at ?? 0}`;
  }

  async stats(firmId: string): Promise<FirmStats> {
    return mapStats(this.db.prepare("SELECT * FROM partner_firm_stats WHERE firm_id = ?").get(requireText("firmId", firmId)) as Row | undefined);
  }
}
