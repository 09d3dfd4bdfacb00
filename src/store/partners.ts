/**
 * The partner directory in the store: firms (the whole record as JSON plus the columns queries need),
 * consultants, and per-firm aggregates computed at import (consultants per skill, languages), so matching
 * loads 10,000 firms without reading 300,000 consultants. Live load and track record sit in
 * `partner_firm_stats`, updated in the same transaction as the referral change that moves them.
 */
import type { Consultant, Firm, TrackRecord } from "../partners/directory.ts";
import type { FirmProfile } from "../partners/match.ts";
import { fromJson } from "./rows.ts";

export interface DirectoryImport {
  firms: Firm[];
  consultants: Consultant[];
}

export interface ImportCounts {
  firms: number;
  consultants: number;
}

/** Live counters per firm (added to the programme's baseline track record). */
export interface FirmStats {
  openReferrals: number;
  offered: number;
  accepted: number;
  declined: number;
  expired: number;
  /** Sum of hours from offer to accept over `accepted` accepts seen live. */
  acceptHoursSum: number;
  ratings: number;
  ratingSum: number;
  recommendYes: number;
  recommendNo: number;
  won: number;
  lost: number;
}

export type FirmStatsDelta = { firmId: string } & Partial<FirmStats>;

export const EMPTY_STATS: FirmStats = {
  openReferrals: 0,
  offered: 0,
  accepted: 0,
  declined: 0,
  expired: 0,
  acceptHoursSum: 0,
  ratings: 0,
  ratingSum: 0,
  recommendYes: 0,
  recommendNo: 0,
  won: 0,
  lost: 0,
};

export const STATS_COLUMNS: Record<keyof FirmStats, string> = {
  openReferrals: "open_referrals",
  offered: "offered",
  accepted: "accepted",
  declined: "declined",
  expired: "expired",
  acceptHoursSum: "accept_hours_sum",
  ratings: "ratings",
  ratingSum: "rating_sum",
  recommendYes: "recommend_yes",
  recommendNo: "recommend_no",
  won: "won",
  lost: "lost",
};

export interface PartnerStore {
  /**
   * Upserts firms and consultants by id in one transaction (all or nothing) and recomputes the aggregates
   * of every firm touched. Consultants must name a firm that exists after the import.
   */
  importDirectory(batch: DirectoryImport, at: Date): Promise<ImportCounts>;
  /** Every firm with its aggregates and live stats, ready for a PartnerIndex. */
  loadProfiles(): Promise<FirmProfile[]>;
  getProfile(firmId: string): Promise<FirmProfile | undefined>;
  counts(): Promise<ImportCounts>;
  /** Changes whenever an import commits (cheap to poll: replicas refresh their index when it moves). */
  directoryVersion(): Promise<string>;
  stats(firmId: string): Promise<FirmStats>;
}

/** Track record used for matching: the feed's baseline plus what PartnerPilot saw live. */
export function mergeRecord(base: TrackRecord, live: FirmStats): TrackRecord {
  const accepted = base.accepted + live.accepted;
  const baseHours = base.hoursToAccept !== undefined ? base.hoursToAccept * base.accepted : undefined;
  let hoursToAccept: number | undefined;
  if (baseHours !== undefined || live.accepted > 0) {
    const known = (base.hoursToAccept !== undefined ? base.accepted : 0) + live.accepted;
    hoursToAccept = known > 0 ? ((baseHours ?? 0) + live.acceptHoursSum) / known : undefined;
  }
  return {
    offered: base.offered + live.offered,
    accepted,
    ...(hoursToAccept !== undefined ? { hoursToAccept } : {}),
    ratings: base.ratings + live.ratings,
    ratingSum: base.ratingSum + live.ratingSum,
    recommendYes: base.recommendYes + live.recommendYes,
    recommendNo: base.recommendNo + live.recommendNo,
    won: base.won + live.won,
    lost: base.lost + live.lost,
  };
}

type Row = Record<string, unknown>;

export function mapStats(row: Row | undefined): FirmStats {
  if (!row) return { ...EMPTY_STATS };
  const s = { ...EMPTY_STATS };
  for (const [k, col] of Object.entries(STATS_COLUMNS) as [keyof FirmStats, string][]) s[k] = Number(row[col] ?? 0);
  return s;
}

/** A firm row joined with its stats row → profile. */
export function mapProfile(row: Row): FirmProfile {
  const firm = fromJson<Firm>(row.data)!;
  const live = mapStats(row.firm_id == null ? undefined : row);
  return {
    firm,
    consultants: Number(row.consultants ?? 0),
    consultantsBySkill: fromJson<Record<string, number>>(row.consultants_by_skill) ?? {},
    consultantLanguages: fromJson<string[]>(row.consultant_languages) ?? [],
    openReferrals: live.openReferrals,
    record: mergeRecord(firm.trackRecord, live),
  };
}

/** A batch's consultants grouped by firm; a consultant id twice in one batch is refused (it would count twice). */
export function consultantsByFirm<C extends { firmId: string; id?: string }>(consultants: C[]): Map<string, C[]> {
  const byFirm = new Map<string, C[]>();
  const seen = new Set<string>();
  for (const c of consultants) {
    if (c.id !== undefined) {
      if (seen.has(c.id)) throw new RangeError(`consultant ${c.id}: id: appears twice in this import`);
      seen.add(c.id);
    }
    let list = byFirm.get(c.firmId);
    if (!list) byFirm.set(c.firmId, (list = []));
    list.push(c);
  }
  return byFirm;
}
