/** A Slack harness with certified-partner referrals on (the sample directory, on a fresh SQLite file). */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStore } from "../../../src/store/SqliteStore.ts";
import { withDirectory } from "../../support/partners.ts";
import { type Harness, type HarnessOptions, startHarness } from "./harness.ts";

export async function startReferralHarness(options: HarnessOptions = {}): Promise<{ harness: Harness; store: SqliteStore; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "pp-ref-slack-"));
  const store = new SqliteStore({ filename: join(dir, "s.sqlite") });
  await store.migrate();
  const { service, directory, clock } = await withDirectory(store);
  const harness = await startHarness({
    ...options,
    openStore: async () => store,
    clock: clock.fn,
    app: { ...options.app, referrals: { service, directory, sweepEveryMs: 0, webhookSecret: "whsec-0123456789abcdef" } },
  });
  return {
    harness,
    store,
    cleanup: async () => {
      await harness.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
