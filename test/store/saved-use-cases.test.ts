/** Saved use cases (migration 6) on both engines: idempotent save, status changes, per-user order, bad input. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import type { Store } from "../../src/store/Store.ts";
import { schemaFactory, testDatabaseUrl, warnIfPostgresSkipped } from "../support/pg.ts";

const url = testDatabaseUrl();
warnIfPostgresSkipped(url);
const schemas = schemaFactory(url, "saved_uc");
const root = mkdtempSync(join(tmpdir(), "pp-saved-uc-"));
let n = 0;
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await schemas.dropAll();
});

const at = (s: number) => new Date(Date.parse("2026-11-02T09:00:00.000Z") + s * 1000);

const engines: { label: string; skip: boolean; open: () => () => Store }[] = [
  { label: "SQLite", skip: false, open: () => { const f = join(root, `db-${++n}.sqlite`); return () => new SqliteStore({ filename: f }); } },
  { label: "PostgreSQL", skip: !url, open: () => { const schema = schemas.next(); return () => new PostgresStore({ connectionString: url!, schema, maxConnections: 2 }); } },
];

for (const engine of engines) {
  describe.skipIf(engine.skip)(`saved use cases: ${engine.label}`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    async function twoInstances(): Promise<[Store, Store]> {
      const open = engine.open();
      const a = open();
      const b = open();
      opened.push(a, b);
      await a.migrate();
      await b.migrate();
      return [a, b];
    }

    it("saves once however often it is clicked (and from another replica), newest change first", async () => {
      const [a, b] = await twoInstances();
      const first = await a.saveUseCase("U1", "finance-ap-exceptions", at(0));
      expect(first).toEqual({ created: true, saved: { userId: "U1", useCaseId: "finance-ap-exceptions", status: "to_try", savedAt: at(0), updatedAt: at(0) } });
      const again = await b.saveUseCase("U1", "finance-ap-exceptions", at(5));
      expect(again.created).toBe(false);
      expect(again.saved.savedAt).toEqual(at(0));
      await a.saveUseCase("U1", "hr-onboarding-plans", at(10));
      await a.saveUseCase("U2", "sales-account-research", at(11));
      expect((await b.savedUseCases("U1")).map((s) => s.useCaseId)).toEqual(["hr-onboarding-plans", "finance-ap-exceptions"]);
      expect(await b.savedUseCases("U1", 1)).toHaveLength(1);
      expect(await b.savedUseCases("U3")).toEqual([]);
    });

    it("tracks progress; a dropped one saved again is back to try; unknown ones are undefined", async () => {
      const [a] = await twoInstances();
      await a.saveUseCase("U1", "finance-ap-exceptions", at(0));
      const trying = await a.setSavedUseCaseStatus("U1", "finance-ap-exceptions", "trying", at(20));
      expect(trying).toMatchObject({ status: "trying", savedAt: at(0), updatedAt: at(20) });
      // Saving again keeps the progress.
      expect((await a.saveUseCase("U1", "finance-ap-exceptions", at(25))).saved.status).toBe("trying");
      await a.setSavedUseCaseStatus("U1", "finance-ap-exceptions", "dropped", at(30));
      expect((await a.saveUseCase("U1", "finance-ap-exceptions", at(40))).saved).toMatchObject({ status: "to_try", updatedAt: at(40) });
      expect(await a.setSavedUseCaseStatus("U1", "not-saved", "adopted", at(50))).toBeUndefined();
      expect(await a.setSavedUseCaseStatus("U2", "finance-ap-exceptions", "adopted", at(50))).toBeUndefined();
    });

    it("rejects bad input before touching the database", async () => {
      const [a] = await twoInstances();
      await expect(a.saveUseCase("", "x", at(0))).rejects.toThrow(/userId/);
      await expect(a.setSavedUseCaseStatus("U1", "x", "finished" as never, at(0))).rejects.toThrow(/status/);
      await expect(a.saveUseCase("U1", "x", new Date(Number.NaN))).rejects.toThrow(/at/);
      expect(await a.savedUseCases("U1")).toEqual([]);
    });
  });
}
