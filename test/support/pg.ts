/** PostgreSQL helpers for tests: which database to use, and unique schemas per test file that are dropped after. */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** TEST_DATABASE_URL, else DATABASE_URL, else undefined (PostgreSQL tests are then skipped with a warning). */
export function testDatabaseUrl(): string | undefined {
  const url = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  return url || undefined;
}

/** Warns once per file, so a skipped PostgreSQL suite is never silent. */
export function warnIfPostgresSkipped(url: string | undefined): void {
  if (!url) console.warn("PostgreSQL store tests skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
}

/**
 * Hands out schema names that share a prefix unique to this test file and process, so parallel runs never
 * collide; dropAll() removes every schema with the prefix (call it in afterAll).
 */
export function schemaFactory(url: string | undefined, label: string) {
  const prefix = `pp_test_${label.replace(/[^a-z0-9_]/g, "_")}_${process.pid}_${randomBytes(3).toString("hex")}_`;
  let n = 0;
  return {
    prefix,
    next(): string {
      n += 1;
      return `${prefix}${n}`;
    },
    async dropAll(): Promise<void> {
      if (!url) return;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ nspname: string }>(
          "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)",
          [prefix],
        );
        for (const { nspname } of rows) await client.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
      } finally {
        await client.end();
      }
    },
    async count(): Promise<number> {
      if (!url) return 0;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          "SELECT count(*) AS n FROM pg_namespace WHERE starts_with(nspname, $1)",
          [prefix],
        );
        return Number(rows[0]!.n);
      } finally {
        await client.end();
      }
    },
  };
}
