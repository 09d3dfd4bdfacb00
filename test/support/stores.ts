/** Opens fresh migrated stores of each engine for feature tests (SQLite file per call; a pg schema per call). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import type { Store } from "../../src/store/Store.ts";
import { schemaFactory, testDatabaseUrl, warnIfPostgresSkipped } from "./pg.ts";

export interface Engine {
  name: "sqlite" | "postgres";
  skip: boolean;
  /** A new empty database; each call of the returned opener is another instance (connection/pool) on it. */
  fresh(): Promise<() => Promise<Store>>;
  /** Closes every store opened and drops test schemas/files. */
  cleanup(): Promise<void>;
}

export function engines(label: string): Engine[] {
  const url = testDatabaseUrl();
  warnIfPostgresSkipped(url);
  const opened: Store[] = [];
  const root = mkdtempSync(join(tmpdir(), `pp-${label}-`));
  const schemas = schemaFactory(url, label);
  let n = 0;
  const track = async (store: Store) => {
    opened.push(store);
    await store.migrate();
    return store;
  };
  const closeAll = async () => {
    await Promise.all(opened.splice(0).map((s) => s.close().catch(() => undefined)));
  };
  return [
    {
      name: "sqlite",
      skip: false,
      async fresh() {
        const filename = join(root, `db-${++n}.sqlite`);
        return () => track(new SqliteStore({ filename }));
      },
      async cleanup() {
        await closeAll();
        rmSync(root, { recursive: true, force: true });
      },
    },
    {
      name: "postgres",
      skip: !url,
      async fresh() {
        const schema = schemas.next();
        return () => track(new PostgresStore({ connectionString: url!, schema, maxConnections: 4 }));
      },
      async cleanup() {
        await closeAll();
        await schemas.dropAll();
      },
    },
  ];
}
