import { describe, expect, it } from "vitest";
import { checkMigrations, latestVersion, migrations, type Migration } from "../../src/store/migrations.ts";

const names = (sql: string, kind: "TABLE" | "INDEX") =>
  [...sql.matchAll(new RegExp(`CREATE\\s+(?:UNIQUE\\s+)?${kind}\\s+(?:IF NOT EXISTS\\s+)?(\\w+)`, "gi"))].map((m) => m[1]).sort();

describe("migrations list", () => {
  it("is strictly increasing (gaps allowed) and every version has both dialects", () => {
    expect(() => checkMigrations()).not.toThrow();
    expect(latestVersion).toBe(migrations.at(-1)!.version);
    const m: Migration = { version: 1, name: "a", sqlite: "x", postgres: "y" };
    expect(() => checkMigrations([m, { ...m, version: 3 }])).not.toThrow();
    expect(() => checkMigrations([m, { ...m, version: 4 }, { ...m, version: 3 }])).toThrow(/expected more than 4/);
    expect(() => checkMigrations([m, m])).toThrow(/expected more than 1/);
    expect(() => checkMigrations([{ ...m, version: 0 }])).toThrow(/positive integers/);
    expect(() => checkMigrations([{ ...m, postgres: " " }])).toThrow(/both a SQLite and a PostgreSQL/);
  });

  it("each version creates the same tables and indexes in both dialects", () => {
    for (const m of migrations) {
      expect(names(m.postgres, "TABLE"), `version ${m.version} tables`).toEqual(names(m.sqlite, "TABLE"));
      expect(names(m.postgres, "INDEX"), `version ${m.version} indexes`).toEqual(names(m.sqlite, "INDEX"));
    }
  });

  it("never reads the database clock", () => {
    for (const m of migrations) {
      expect(m.sqlite).not.toMatch(/CURRENT_TIMESTAMP|datetime\(|strftime\(/i);
      expect(m.postgres).not.toMatch(/now\(\)|CURRENT_TIMESTAMP|clock_timestamp/i);
    }
  });
});
