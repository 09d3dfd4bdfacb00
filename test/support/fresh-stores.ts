/** Opens a fresh migrated store of each engine for tests: SQLite in a temp dir, PostgreSQL in a unique schema. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import type { Store } from "../../src/store/Store.ts";
import { schemaFactory, testDatabaseUrl, warnIfPostgresSkipped } from "./pg.ts";

export interface StoreKind {
  name: "sqlite" | "postgres";
  skip: boolean;
  /** A new empty database; `open()` gives another connection (another "replica") to the same one. */
  fresh(): Promise<{ store: Store; open(): Promise<Store>; cleanup(): Promise<void> }>;
}

export function storeKinds(label: string): { kinds: StoreKind[]; dropAll(): Promise<void> } {
  const url = testDatabaseUrl();
  warnIfPostgresSkipped(url);
  const schemas = schemaFactory(url, label);
  const sqlite: StoreKind = {
    name: "sqlite",
    skip: false,
    async fresh() {
      const dir = mkdtempSync(join(tmpdir(), `pp-${label}-`));
      const filename = join(dir, "db.sqlite");
      const opened: Store[] = [];
      const open = async () => {
        const s = new SqliteStore({ filename });
        await s.migrate();
        opened.push(s);
        return s;
      };
      const store = await open();
      return {
        store,
        open,
        async cleanup() {
          for (const s of opened) await s.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
  const postgres: StoreKind = {
    name: "postgres",
    skip: !url,
    async fresh() {
      const schema = schemas.next();
      const opened: Store[] = [];
      const open = async () => {
        const s = new PostgresStore({ connectionString: url!, schema, maxConnections: 8 });
        await s.migrate();
        opened.push(s);
        return s;
      };
      const store = await open();
      return {
        store,
        open,
        async cleanup() {
          for (const s of opened) await s.close();
        },
      };
    },
  };
  return { kinds: [sqlite, postgres], dropAll: () => schemas.dropAll() };
}

/** A clock tests move by hand. */
export function manualClock(start: string | Date) {
  let now = new Date(start);
  const clock = () => new Date(now);
  return Object.assign(clock, {
    set(at: string | Date) {
      now = new Date(at);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  });
}
