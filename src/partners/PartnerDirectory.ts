/**
 * The directory as the app uses it: the firms from the store in a PartnerIndex kept in memory, refreshed when
 * an import (here or on another replica) changes the store, and the live load of a firm updated as referrals
 * move so the next match sees it at once.
 */
import type { Clock } from "../clock.ts";
import type { FirmStats, PartnerStore } from "../store/partners.ts";
import { mergeRecord } from "../store/partners.ts";
import { PartnerIndex, type FirmProfile, type MatchOptions, type MatchResult } from "./match.ts";
import type { PartnerNeed } from "./need.ts";

export interface PartnerDirectoryOptions {
  store: PartnerStore;
  clock: Clock;
  /** How often `match` checks whether another process changed the directory (default 30 s). */
  refreshEveryMs?: number;
}

export class PartnerDirectory {
  private index = new PartnerIndex();
  private version = "";
  private checkedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(private readonly o: PartnerDirectoryOptions) {}

  get size(): number {
    return this.index.size;
  }

  /** (Re)loads every firm from the store. */
  async load(): Promise<void> {
    if (!this.loading) {
      this.loading = (async () => {
        const version = await this.o.store.directoryVersion();
        const profiles = await this.o.store.loadProfiles();
        this.index = new PartnerIndex(profiles);
        this.version = version;
        this.checkedAt = this.o.clock().getTime();
      })().finally(() => (this.loading = undefined));
    }
    return this.loading;
  }

  /** Reloads when the store's directory version moved (at most once per refreshEveryMs). */
  async refreshIfChanged(force = false): Promise<void> {
    const now = this.o.clock().getTime();
    if (!force && now - this.checkedAt < (this.o.refreshEveryMs ?? 30_000)) return;
    this.checkedAt = now;
    if ((await this.o.store.directoryVersion()) !== this.version) await this.load();
  }

  async match(need: PartnerNeed, options: Omit<MatchOptions, "today"> & { today?: Date }): Promise<MatchResult> {
    await this.refreshIfChanged();
    return this.index.match(need, { ...options, today: options.today ?? this.o.clock() });
  }

  get(firmId: string): FirmProfile | undefined {
    return this.index.get(firmId);
  }

  /** The in-memory index (for the answer engine's synchronous top-3, and benchmarks). */
  get current(): PartnerIndex {
    return this.index;
  }

  /** Applies a firm's live stats after a referral moved (this process); other replicas see it on their next load. */
  applyStats(firmId: string, stats: FirmStats): void {
    const profile = this.index.get(firmId);
    if (!profile) return;
    this.index.setLoad(firmId, stats.openReferrals, mergeRecord(profile.firm.trackRecord, stats));
  }
}
