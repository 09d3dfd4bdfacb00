import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openStore, PostgresStore, SqliteStore, StoreConnectionError } from "../../src/store/index.ts";
import { schemaFactory, testDatabaseUrl, warnIfPostgresSkipped } from "../support/pg.ts";

const root = mkdtempSync(join(tmpdir(), "pp-open-store-"));
const url = testDatabaseUrl();
warnIfPostgresSkipped(url);
const schemas = schemaFactory(url, "openstore");

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await schemas.dropAll();
});

describe("openStore", () => {
  it("without databaseUrl opens a migrated SQLite file under dataDir, creating the directory", async () => {
    const dataDir = join(root, "nested", "data");
    const store = await openStore({ dataDir });
    try {
      expect(store).toBeInstanceOf(SqliteStore);
      expect(existsSync(join(dataDir, "partnerpilot.sqlite"))).toBe(true);
      expect(await store.claimEvent("Ev1", new Date(0))).toBe(true);
    } finally {
      await store.close();
    }
    const reopened = await openStore({ dataDir });
    try {
      expect(await reopened.claimEvent("Ev1", new Date(0))).toBe(false);
    } finally {
      await reopened.close();
    }
  });

  it("a PostgreSQL URL that cannot connect names DATABASE_URL and the host, never the password", async () => {
    const error = await openStore({
      databaseUrl: "postgres://app:s3cr%40t-pw@127.0.0.1:1/partnerpilot",
      dataDir: root,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConnectionError);
    const message = (error as Error).message;
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("127.0.0.1:1/partnerpilot");
    expect(message).toMatch(/ECONNREFUSED/);
    expect(message).not.toContain("s3cr");
    expect(message.split("\n")).toHaveLength(1);
  });

  it.skipIf(!url)("a wrong password or database is reported the same way", async () => {
    const bad = new URL(url!);
    bad.pathname = "/pp_no_such_database_xyz";
    bad.password = "hunter2-secret";
    const error = await openStore({ databaseUrl: bad.toString(), dataDir: root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreConnectionError);
    expect((error as Error).message).toMatch(/DATABASE_URL.*pp_no_such_database_xyz/);
    expect((error as Error).message).not.toContain("hunter2");
  });

  it.skipIf(!url)("with databaseUrl opens a migrated PostgreSQL store", async () => {
    const schema = schemas.next();
    const store = await openStore({ databaseUrl: url!, dataDir: root, schema });
    try {
      expect(store).toBeInstanceOf(PostgresStore);
      expect(await store.claimEvent("Ev1", new Date(0))).toBe(true);
      expect(await store.claimEvent("Ev1", new Date(0))).toBe(false);
    } finally {
      await store.close();
    }
    expect(await schemas.count()).toBeGreaterThan(0);
  });
});
