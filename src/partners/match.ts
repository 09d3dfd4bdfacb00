/**
 * Matching a need to certified partners. `PartnerIndex` keeps every firm in memory with inverted lists by
 * system, practice, function and industry, so a match scores only the firms that cover something the need
 * asks for (a few hundred of 10,000), not the whole network. Scores are in [0, 1]; every match lists its
 * reasons. Pure: the caller passes the day (`today`) and the firms' current load and track record.
 */
import type { Firm, TrackRecord } from "./directory.ts";
import type { PartnerNeed } from "./need.ts";
import { SENSITIVITY_LEVELS } from "./vocabulary.ts";

/** A firm as matching sees it: the directory record, consultant aggregates and live load and record. */
export interface FirmProfile {
  firm: Firm;
  /** Certified consultants in the directory. */
  consultants: number;
  /** Consultants per skill (available or partially available ones). */
  consultantsBySkill: Record<string, number>;
  /** Languages at least one consultant speaks. */
  consultantLanguages: string[];
  /** Referrals offered to or accepted by the firm and not closed (its current load). */
  openReferrals: number;
  /** The programme's baseline plus what PartnerPilot has seen since (offers, accepts, outcomes). */
  record: TrackRecord;
}

export interface PartnerMatch {
  id: string;
  name: string;
  score: number;
  reasons: string[];
}

export interface MatchOptions {
  /** The day certifications are checked against (YYYY-MM-DD or a Date). */
  today: Date;
  /** How many to return (default 3). */
  limit?: number;
  /** Firms not to suggest (already offered for this referral, conflicts). */
  exclude?: Iterable<string>;
  /** Only firms working in this region / language (explicit choices, e.g. `--region`, the form). */
  region?: string;
  language?: string;
  /** Varies the order of firms with equal scores (e.g. the referral key), so ties share the work fairly. */
  rotation?: string;
}

export interface MatchResult {
  matches: PartnerMatch[];
  /** Firms that fit the need but were left out, with why (at capacity, certification expired, …). */
  skipped: { id: string; reason: string }[];
  /** How many firms were scored (the candidates from the inverted lists). */
  scored: number;
}

const W = { systems: 0.45, practices: 0.2, functions: 0.15, industries: 0.05 } as const;
type Dimension = keyof typeof W;
const DIMENSIONS = Object.keys(W) as Dimension[];

interface Entry {
  profile: FirmProfile;
  sets: Record<Dimension, Set<string>>;
  languages: Set<string>;
  /** Specialisation certifications: what each covers → latest expiry (YYYY-MM-DD). */
  certCovers: Map<string, { id: string; expires: string }>;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;
const day = (d: Date) => d.toISOString().slice(0, 10);
const list = (items: string[]) => items.join(", ");

/** FNV-1a: a stable tie-breaker from (rotation, firm id). */
function tieKey(seed: string, id: string): number {
  let h = 0x811c9dc5;
  const s = `${seed}\u0000${id}`;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class PartnerIndex {
  private readonly entries = new Map<string, Entry>();
  /** Dense numbering of firms, so a match accumulates coverage in a typed array instead of a map. */
  private readonly slotOf = new Map<string, number>();
  private readonly slots: (Entry | undefined)[] = [];
  private coverage = new Float64Array(0);
  private readonly postings: Record<Dimension, Map<string, Set<number>>> = {
    systems: new Map(),
    practices: new Map(),
    functions: new Map(),
    industries: new Map(),
  };

  constructor(profiles: Iterable<FirmProfile> = []) {
    for (const p of profiles) this.upsert(p);
  }

  get size(): number {
    return this.entries.size;
  }

  get(id: string): FirmProfile | undefined {
    return this.entries.get(id)?.profile;
  }

  *profiles(): IterableIterator<FirmProfile> {
    for (const e of this.entries.values()) yield e.profile;
  }

  upsert(profile: FirmProfile): void {
    this.remove(profile.firm.id);
    const f = profile.firm;
    const certCovers = new Map<string, { id: string; expires: string }>();
    for (const c of f.certifications) {
      for (const cover of c.covers) {
        const known = certCovers.get(cover);
        if (!known || known.expires < c.expires) certCovers.set(cover, { id: c.id, expires: c.expires });
      }
    }
    const entry: Entry = {
      profile,
      sets: {
        // A specialisation certificate or certified consultants in a system count as covering it.
        systems: new Set([...f.systems, ...[...certCovers.keys()].filter((k) => f.systems.includes(k))]),
        practices: new Set([...f.practices, ...[...certCovers.keys()].filter((k) => !f.systems.includes(k))]),
        functions: new Set(f.functions),
        industries: new Set(f.industries),
      },
      languages: new Set([...f.languages, ...profile.consultantLanguages]),
      certCovers,
    };
    this.entries.set(f.id, entry);
    let slot = this.slotOf.get(f.id);
    if (slot === undefined) {
      slot = this.slots.length;
      this.slotOf.set(f.id, slot);
    }
    this.slots[slot] = entry;
    for (const d of DIMENSIONS) {
      for (const v of entry.sets[d]) {
        let posting = this.postings[d].get(v);
        if (!posting) this.postings[d].set(v, (posting = new Set()));
        posting.add(slot);
      }
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const slot = this.slotOf.get(id)!;
    for (const d of DIMENSIONS) for (const v of entry.sets[d]) this.postings[d].get(v)?.delete(slot);
    this.entries.delete(id);
    this.slots[slot] = undefined;
  }

  /** Updates a firm's load and record in place (after a referral changes state). */
  setLoad(id: string, openReferrals: number, record?: TrackRecord): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.profile = { ...e.profile, openReferrals, ...(record ? { record } : {}) };
  }

  match(need: PartnerNeed, options: MatchOptions): MatchResult {
    // Coverage from the inverted lists alone: for every firm that covers anything, the weighted share of
    // the need it covers. It bounds the final score (coverage × 0.7 + at most MAX_BONUS), so firms are scored
    // fully in order of coverage and the loop stops once no remaining firm can reach the current top k.
    let weight = 0;
    for (const d of DIMENSIONS) if (need[d].length > 0) weight += W[d];
    if (this.coverage.length < this.slots.length) this.coverage = new Float64Array(this.slots.length * 2);
    const coverage = this.coverage;
    const touched: number[] = [];
    for (const d of DIMENSIONS) {
      const share = weight > 0 ? W[d] / need[d].length / weight : 0;
      for (const v of need[d]) {
        for (const slot of this.postings[d].get(v) ?? []) {
          if (coverage[slot] === 0) touched.push(slot);
          coverage[slot] = coverage[slot]! + share;
        }
      }
    }
    const order = weight > 0 ? touched : this.slots.flatMap((e, slot) => (e ? [slot] : []));
    order.sort((a, b) => coverage[b]! - coverage[a]!);
    const limit = options.limit ?? 3;
    const exclude = new Set(options.exclude ?? []);
    const today = day(options.today);
    const rotation = options.rotation ?? "";
    const best: { id: string; score: number; tie: number; entry: Entry }[] = [];
    const skipped: MatchResult["skipped"] = [];
    let scored = 0;
    for (const slot of order) {
      const cov = coverage[slot]!;
      const entry = this.slots[slot]!;
      const id = entry.profile.firm.id;
      const floor = best.length >= limit ? best[limit - 1]!.score : -1;
      // Scores are rounded to 3 decimals, so a bound within 0.001 of the floor could still tie and win on rotation.
      if (cov * 0.7 + MAX_BONUS < floor - 0.001) break;
      if (exclude.has(id)) continue;
      const why = ineligible(entry, need, options, today);
      if (why) {
        skipped.push({ id, reason: why });
        continue;
      }
      scored++;
      const { score } = scoreEntry(entry, need, today, false);
      const item = { id, score, tie: tieKey(rotation, id), entry };
      let at = best.length;
      while (at > 0 && (best[at - 1]!.score < score || (best[at - 1]!.score === score && best[at - 1]!.tie > item.tie))) at--;
      if (at < limit) {
        best.splice(at, 0, item);
        if (best.length > limit) best.pop();
      }
    }
    for (const slot of touched) coverage[slot] = 0;
    const matches = best.map(({ id, score, entry }) => ({ id, name: entry.profile.firm.name, score, reasons: scoreEntry(entry, need, today, true).reasons }));
    return { matches, skipped, scored };
  }
}

/** The most a firm can add beyond coverage: certification, consultants, region, language, tier, record. */
const MAX_BONUS = 0.08 + 0.04 + 0.05 + 0.05 + 0.04 + 0.06;

/** Why a firm cannot take the need at all, or undefined. */
function ineligible(entry: Entry, need: PartnerNeed, options: MatchOptions, today: string): string | undefined {
  const { firm, openReferrals } = entry.profile;
  if (firm.status !== "active") return `${firm.status}`;
  if (firm.tier === "registered") return "Registered partners are not suggested (engaged through Procurement directly)";
  if (firm.certifiedUntil < today) return `programme certification expired on ${firm.certifiedUntil}`;
  if (openReferrals >= firm.capacity.openReferrals) {
    return `at capacity (${openReferrals} of ${firm.capacity.openReferrals} open referrals${firm.capacity.nextStart ? `, next start ${firm.capacity.nextStart}` : ""})`;
  }
  if (need.sensitivity && SENSITIVITY_LEVELS.indexOf(need.sensitivity) > SENSITIVITY_LEVELS.indexOf(firm.dataClearance)) {
    return `cleared for ${firm.dataClearance} data, the need involves ${need.sensitivity} data`;
  }
  if (need.hosting && firm.hostingRegions.length > 0 && !firm.hostingRegions.includes(need.hosting)) {
    return `does not host in ${need.hosting.toUpperCase()}`;
  }
  if (options.region && !firm.regions.includes(options.region)) return `does not work in ${options.region}`;
  if (options.language && !entry.languages.has(options.language)) return `does not work in language ${options.language}`;
  return undefined;
}

function scoreEntry(entry: Entry, need: PartnerNeed, today: string, explain: boolean): { score: number; reasons: string[] } {
  const { firm, record, openReferrals, consultantsBySkill } = entry.profile;
  const reasons: string[] = [];
  let weight = 0;
  let covered = 0;
  const coveredSystems: string[] = [];
  for (const d of DIMENSIONS) {
    if (need[d].length === 0) continue;
    weight += W[d];
    const hits = need[d].filter((v) => entry.sets[d].has(v));
    covered += (W[d] * hits.length) / need[d].length;
    if (d === "systems") coveredSystems.push(...hits);
    const misses = explain ? need[d].filter((v) => !hits.includes(v)) : [];
    if (explain && hits.length > 0) reasons.push(`${label(d)}: ${list(hits)}${misses.length > 0 && misses.length <= 3 ? ` (not ${list(misses)})` : ""}`);
  }
  let score = weight > 0 ? (covered / weight) * 0.7 : 0;

  const wanted = [...need.systems, ...need.practices];
  const certified = wanted
    .map((w) => entry.certCovers.get(w))
    .filter((c): c is { id: string; expires: string } => Boolean(c && c.expires >= today));
  if (wanted.length > 0 && certified.length > 0) {
    const names = [...new Set(certified.map((c) => c.id))];
    score += 0.08 * Math.min(1, certified.length / Math.min(wanted.length, 2));
    explain && reasons.push(`Valid certification: ${list(names)}`);
  }
  const consultants = coveredSystems.reduce((n, s) => n + (consultantsBySkill[s] ?? 0), 0);
  if (consultants > 0) {
    score += 0.04 * Math.min(1, consultants / 3);
    explain && reasons.push(`${consultants} certified consultant${consultants === 1 ? "" : "s"} with ${list(coveredSystems)} skills`);
  }

  if (need.regions.length > 0) {
    const regions = need.regions.filter((r) => firm.regions.includes(r));
    const countries = need.countries.filter((c) => firm.countries.includes(c));
    if (regions.length > 0) score += 0.03;
    if (countries.length > 0) {
      score += 0.02;
      explain && reasons.push(`Works in ${list(countries)}`);
    } else if (regions.length > 0) {
      explain && reasons.push(`Works in ${list(regions)}`);
    }
  }
  if (need.languages.length > 0) {
    const spoken = need.languages.filter((l) => entry.languages.has(l));
    if (spoken.length === need.languages.length) {
      score += 0.05;
      explain && reasons.push(`Speaks ${list(spoken)}`);
    } else if (spoken.length > 0) {
      score += 0.02;
      explain && reasons.push(`Speaks ${list(spoken)} (not ${list(need.languages.filter((l) => !spoken.includes(l)))})`);
    } else {
      score -= 0.15;
      explain && reasons.push(`Does not work in ${list(need.languages)}`);
    }
  }
  if (firm.tier === "premier") {
    score += 0.04;
    explain && reasons.push("Premier partner");
  } else {
    score += 0.02;
  }

  const accept = (record.accepted + 2) / (record.offered + 3);
  const rating = (record.ratingSum + 4 * 2) / (record.ratings + 2) / 5;
  const recommend = (record.recommendYes + 1) / (record.recommendYes + record.recommendNo + 2);
  const speed = record.hoursToAccept === undefined ? 0.5 : 1 - Math.min(record.hoursToAccept, 72) / 72;
  score += 0.06 * (0.3 * accept + 0.4 * rating + 0.15 * recommend + 0.15 * speed);
  if (record.offered > 0 || record.ratings > 0) {
    const parts: string[] = [];
    if (record.offered > 0) parts.push(`accepted ${record.accepted} of ${record.offered} referrals`);
    if (record.ratings > 0) parts.push(`rated ${(record.ratingSum / record.ratings).toFixed(1)}/5 by ${record.ratings}`);
    explain && reasons.push(`Track record: ${parts.join(", ")}`);
  }

  const capacity = firm.capacity.openReferrals;
  score -= 0.03 * (openReferrals / capacity);
  explain && reasons.push(`Capacity: ${capacity - openReferrals} of ${capacity} referral slots free`);
  if (need.budgetEur && need.budgetEur > firm.maxEngagementEur) {
    score -= 0.1;
    explain && reasons.push(`Budget above its maximum engagement (€${firm.maxEngagementEur.toLocaleString("en-GB")})`);
  }
  const final = round3(Math.max(0, Math.min(1, score)));
  return { score: final, reasons: explain ? [headline(entry, coveredSystems, certified.length > 0, record), ...reasons] : reasons };
}

/** The one-line reason shown first: what it covers and why it is trustworthy. */
function headline(entry: Entry, covered: string[], certified: boolean, record: TrackRecord): string {
  const parts = [covered.length ? `Covers ${list(covered)}` : `Fits ${entry.profile.firm.practices.slice(0, 2).join(", ")}`];
  if (entry.profile.firm.tier === "premier") parts.push("Premier partner");
  if (certified) parts.push("certified for it");
  if (record.ratings > 0) parts.push(`rated ${(record.ratingSum / record.ratings).toFixed(1)}/5`);
  return parts.join(" · ");
}

function label(d: Dimension): string {
  return { systems: "Covers", practices: "Practices", functions: "Functions", industries: "Industry" }[d];
}

/** Matches a need against a directory (a built index, or profiles to index now). */
export function matchPartners(need: PartnerNeed, directory: PartnerIndex | Iterable<FirmProfile>, options: MatchOptions): PartnerMatch[] {
  const index = directory instanceof PartnerIndex ? directory : new PartnerIndex(directory);
  return index.match(need, options).matches;
}

/** Aggregates of one firm's consultants (booked consultants do not count towards skills). */
export function aggregateConsultants(consultants: { skills: string[]; languages: string[]; availability: string }[]) {
  const bySkill: Record<string, number> = {};
  const languages = new Set<string>();
  for (const c of consultants) {
    for (const l of c.languages) languages.add(l);
    if (c.availability !== "booked") for (const s of c.skills) bySkill[s] = (bySkill[s] ?? 0) + 1;
  }
  return { count: consultants.length, bySkill, languages: [...languages].sort() };
}

/** Profiles from directory records (the store computes the same aggregates at import). */
export function profilesFrom(
  firms: Firm[],
  consultants: { firmId: string; skills: string[]; languages: string[]; availability: string }[],
  load: Map<string, number> = new Map(),
): FirmProfile[] {
  const byFirm = new Map<string, typeof consultants>();
  for (const c of consultants) {
    let list = byFirm.get(c.firmId);
    if (!list) byFirm.set(c.firmId, (list = []));
    list.push(c);
  }
  return firms.map((firm) => {
    const a = aggregateConsultants(byFirm.get(firm.id) ?? []);
    return {
      firm,
      consultants: a.count,
      consultantsBySkill: a.bySkill,
      consultantLanguages: a.languages,
      openReferrals: load.get(firm.id) ?? 0,
      record: firm.trackRecord,
    };
  });
}
