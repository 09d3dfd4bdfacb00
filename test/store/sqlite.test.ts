import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteStore } from "../../src/store/SqliteStore.ts";
import { describeStoreContract } from "./contract.ts";

const root = mkdtempSync(join(tmpdir(), "pp-sqlite-store-"));
let n = 0;

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

// Every test gets its own file; each opener call is a separate connection to that file.
describeStoreContract("SQLite (file, WAL)", {
  async newDatabase() {
    n += 1;
    const filename = join(root, `db-${n}.sqlite`);
    return (options) => new SqliteStore({ filename, clock: options?.clock });
  },
});

describe("SqliteStore specifics", () => {
  it("uses WAL for files and works in memory", async () => {
    const file = new SqliteStore({ filename: join(root, "wal.sqlite") });
    await file.migrate();
    expect(file.journalMode).toBe("wal");
    await file.close();
    expect(existsSync(join(root, "wal.sqlite"))).toBe(true);

    const memory = new SqliteStore({ filename: ":memory:" });
    await memory.migrate();
    expect(await memory.claimEvent("k", new Date(0))).toBe(true);
    expect(await memory.claimEvent("k", new Date(0))).toBe(false);
    await memory.close();
  });

  it("a missing directory gives a clear error naming the path", () => {
    const filename = join(root, "no", "such", "dir", "x.sqlite");
    expect(() => new SqliteStore({ filename })).toThrow(`Cannot open the SQLite store at ${filename}`);
  });

  it("stores instants as the caller's epoch milliseconds, never the database clock", async () => {
    const filename = join(root, "instants.sqlite");
    const store = new SqliteStore({ filename });
    await store.migrate();
    await store.claimEvent("k", new Date("1999-12-31T23:59:59.999Z"));
    await store.close();
    const Database = (await import("better-sqlite3")).default;
    const raw = new Database(filename, { readonly: true });
    expect(raw.prepare("SELECT claimed_at FROM processed_events").get()).toEqual({
      claimed_at: Date.parse("1999-12-31T23:59:59.999Z"),
    });
    raw.close();
  });
});
