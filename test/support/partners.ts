/** A store with the sample directory imported, a PartnerDirectory over it and a ReferralService, on a fake clock. */
import { loadDirectoryFile } from "../../src/partners/directory.ts";
import { PartnerDirectory } from "../../src/partners/PartnerDirectory.ts";
import { ReferralService } from "../../src/referrals/ReferralService.ts";
import type { Store } from "../../src/store/Store.ts";

export const T0 = Date.parse("2026-12-01T09:00:00.000Z");
export const HOUR = 3_600_000;

export class FakeClock {
  now = T0;
  readonly fn = () => new Date(this.now);
  advance(ms: number): void {
    this.now += ms;
  }
}

export async function withDirectory(store: Store, clock = new FakeClock(), options: { pmoUserIds?: string[]; slaHours?: number } = {}) {
  const file = await loadDirectoryFile("knowledge/partners.yml");
  await store.partners.importDirectory(file, clock.fn());
  const directory = new PartnerDirectory({ store: store.partners, clock: clock.fn });
  await directory.load();
  const service = new ReferralService({ store, directory, clock: clock.fn, pmoUserIds: options.pmoUserIds ?? ["UPMO1"], slaHours: options.slaHours });
  return { clock, directory, service, file };
}
