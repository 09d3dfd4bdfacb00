import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import type { Clock } from "../clock.ts";
import type { Store } from "./Store.ts";
import { SqliteStore } from "./SqliteStore.ts";
import { PostgresStore, describePostgresUrl } from "./PostgresStore.ts";

export type * from "./Store.ts";
export type * from "./JobStore.ts";
export type * from "./CheckinStore.ts";
export { SqliteStore, type SqliteStoreOptions } from "./SqliteStore.ts";
export {
  PostgresStore,
  StoreConnectionError,
  describePostgresUrl,
  type PostgresStoreOptions,
} from "./PostgresStore.ts";
export { migrations, latestVersion, type Migration, type AppliedMigration } from "./migrations.ts";

export const SQLITE_FILENAME = "partnerpilot.sqlite";

export interface OpenStoreOptions {
  /** postgres://… (config.databaseUrl). When set, PostgreSQL is used; otherwise SQLite under dataDir. */
  databaseUrl?: string;
  /** Directory for the SQLite file (config.dataDir); created if missing. */
  dataDir: string;
  logger?: Logger;
  /** For schema_migrations.applied_at only. */
  clock?: Clock;
  /** PostgreSQL only: keep the tables in this schema (created if missing). */
  schema?: string;
}

/**
 * Opens the configured store and applies pending migrations before returning it.
 * PostgreSQL that cannot be reached fails with a StoreConnectionError naming DATABASE_URL and the host.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const logger = options.logger ?? silentLogger;
  if (options.databaseUrl) {
    const store = new PostgresStore({
      connectionString: options.databaseUrl,
      logger,
      clock: options.clock,
      schema: options.schema,
    });
    try {
      await store.checkConnection();
      await store.migrate();
    } catch (err) {
      await store.close().catch(() => undefined);
      throw err;
    }
    logger.info({ store: "postgres", host: describePostgresUrl(options.databaseUrl), schema: options.schema }, "store ready");
    return store;
  }
  const dir = resolve(options.dataDir);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new Error(`Cannot create the data directory ${dir} (DATA_DIR): ${(err as Error).message}`, { cause: err });
  }
  const filename = join(dir, SQLITE_FILENAME);
  const store = new SqliteStore({ filename, logger, clock: options.clock });
  try {
    await store.migrate();
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  logger.info({ store: "sqlite", file: filename }, "store ready");
  return store;
}
