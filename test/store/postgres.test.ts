import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { migrations } from "../../src/store/migrations.ts";
import { PostgresStore } from "../../src/store/PostgresStore.ts";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { describeStoreContract } from "./contract.ts";
import { schemaFactory, testDatabaseUrl, warnIfPostgresSkipped } from "../support/pg.ts";

const url = testDatabaseUrl();
warnIfPostgresSkipped(url);
const schemas = schemaFactory(url, "pgstore");

afterAll(async () => {
  await schemas.dropAll();
});

// Every test gets its own schema; each opener call is a separate pg Pool on that schema.
describeStoreContract(
  "PostgreSQL",
  {
    async newDatabase() {
      const schema = schemas.next();
      return (options) =>
        new PostgresStore({ connectionString: url!, schema, clock: options?.clock, maxConnections: 4 });
    },
  },
  { skip: !url },
);

describe.skipIf(!url)("PostgresStore specifics", () => {
  it("keeps tables in its own schema, created on migrate, and leaves public alone", async () => {
    const schema = schemas.next();
    const store = new PostgresStore({ connectionString: url!, schema });
    try {
      await store.migrate();
      const client = new pg.Client({ connectionString: url! });
      await client.connect();
      try {
        const { rows } = await client.query<{ table_name: string }>(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
          [schema],
        );
        // Every table the migrations create, and the bookkeeping table: nothing else, nothing missing.
        const created = migrations.flatMap((m) => [...m.postgres.matchAll(/CREATE TABLE (\w+)/g)].map((x) => x[1]!));
        expect(rows.map((r) => r.table_name)).toEqual([...created, "schema_migrations"].sort());
      } finally {
        await client.end();
      }
    } finally {
      await store.close();
    }
  });

  it("keeps the schema when DATABASE_URL carries its own startup options", async () => {
    const schema = schemas.next();
    const withOptions = new URL(url!);
    withOptions.searchParams.set("options", "-c statement_timeout=4321");
    const store = new PostgresStore({ connectionString: withOptions.toString(), schema });
    try {
      await store.migrate();
      expect(await store.claimEvent("k", new Date(0))).toBe(true);
      const pool = (store as unknown as { pool: pg.Pool }).pool;
      const { rows } = await pool.query("SELECT current_schema() AS s, current_setting('statement_timeout') AS t");
      expect(rows[0]).toEqual({ s: schema, t: "4321ms" });
    } finally {
      await store.close();
    }
  });

  it("rejects a schema name that is not a plain identifier", () => {
    expect(() => new PostgresStore({ connectionString: url!, schema: 'x"; DROP TABLE y; --' })).toThrow(/schema/);
  });

  it("both dialects create the same tables and columns (the migrations cannot drift)", async () => {
    const schema = schemas.next();
    const pgStore = new PostgresStore({ connectionString: url!, schema });
    const sqlite = new SqliteStore({ filename: ":memory:" });
    try {
      await pgStore.migrate();
      await sqlite.migrate();
      const client = new pg.Client({ connectionString: url! });
      await client.connect();
      let pgColumns: string[];
      try {
        const { rows } = await client.query<{ c: string }>(
          `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
           WHERE table_schema = $1 ORDER BY 1`,
          [schema],
        );
        pgColumns = rows.map((r) => r.c);
      } finally {
        await client.end();
      }
      const Database = (await import("better-sqlite3")).default;
      const raw = new Database(":memory:");
      // Same DDL through a raw handle, to read the catalogue.
      const { migrations, migrationsTable } = await import("../../src/store/migrations.ts");
      raw.exec(migrationsTable.sqlite);
      for (const m of migrations) raw.exec(m.sqlite);
      const tables = raw
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .all() as { name: string }[];
      const sqliteColumns = tables
        .flatMap(({ name }) =>
          (raw.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => `${name}.${c.name}`),
        )
        .sort();
      raw.close();
      expect(sqliteColumns).toEqual([...pgColumns].sort());
    } finally {
      await pgStore.close();
      await sqlite.close();
    }
  });
});
