/**
 * Readiness (GET /readyz): the store answers a query on a migrated table, and the search index is loaded. When
 * the schema is missing (the database was dropped and re-created, or restored without our tables) it is
 * migrated again, under the migration lock, and checked once more; until that works the replica is not ready.
 * Liveness (/healthz) stays separate: a replica that is alive but not ready is taken out of rotation, not killed.
 */
import type { Logger } from "../logging.ts";
import type { Store } from "../store/Store.ts";

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, "ok" | string>;
}

/** PostgreSQL undefined_table / invalid_schema_name, or SQLite's "no such table". */
export function isMissingSchema(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  if (e?.code === "42P01" || e?.code === "3F000") return true;
  return typeof e?.message === "string" && /no such table|relation "[^"]+" does not exist|schema "[^"]+" does not exist/i.test(e.message);
}

export class Readiness {
  private lastRepairAt = Number.NEGATIVE_INFINITY;
  private repairing?: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    /** Throws when the search index cannot answer. */
    private readonly checkIndex: () => void | Promise<void> = () => undefined,
    /** At most one re-migration per this many ms (default 5 s): a storm of probes must not become one of DDL. */
    private readonly repairEveryMs = 5_000,
  ) {}

  async check(): Promise<ReadinessReport> {
    const checks: ReadinessReport["checks"] = {};
    checks.store = await this.checkStore();
    try {
      await this.checkIndex();
      checks.index = "ok";
    } catch (err) {
      checks.index = `failed: ${(err as Error).message}`;
    }
    return { ready: Object.values(checks).every((c) => c === "ok"), checks };
  }

  /** Re-creates a missing schema (rate-limited); other store errors are reported, not repaired. */
  async repairIfMissing(error: unknown): Promise<boolean> {
    if (!isMissingSchema(error)) return false;
    // Real elapsed time, not the injected clock: this paces database work, it is not a domain instant.
    const now = performance.now();
    if (!this.repairing && now - this.lastRepairAt >= this.repairEveryMs) {
      this.lastRepairAt = now;
      this.logger.warn("store tables are missing; applying migrations again");
      this.repairing = this.store
        .migrate()
        .catch((err: unknown) => this.logger.error({ err }, "re-applying migrations failed; not ready"))
        .finally(() => (this.repairing = undefined));
    }
    await this.repairing;
    return true;
  }

  private async checkStore(): Promise<string> {
    try {
      await this.store.ping();
      return "ok";
    } catch (err) {
      if (!(await this.repairIfMissing(err))) return `failed: ${(err as Error).message}`;
      try {
        await this.store.ping();
        this.logger.info("store schema restored; ready again");
        return "ok";
      } catch (again) {
        return `failed: ${(again as Error).message}`;
      }
    }
  }
}
