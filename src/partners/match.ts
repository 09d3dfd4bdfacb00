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
  /**
   * The explicit choices set aside because no firm that keeps them covers the need's systems (the matches then
   * say so in their reasons): an empty list helps nobody when a Zendesk firm exists but none speaks Polish.
   */
  relaxed?: ("language" | "region")[];
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
  /** The parts of the score that do not depend on the need: tier, track record, load (and their sum). */
  tierBonus: number;
  recordBonus: number;
  /** Index of the firm's data clearance in SENSITIVITY_LEVELS. */
  clearance: number;
  loadPenalty: number;
  base: number;
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
  private touched = new Int32Array(0);
  private levelOf = new Int32Array(0);
  private ordered = new Int32Array(0);
  /** The highest base score of any firm so far (only grows: an upper bound, not an exact maximum). */
  private maxBase = Number.NEGATIVE_INFINITY;
  /** Each posting as a typed array (iterated by every match), rebuilt after its set changed. */
  private readonly packed: Record<Dimension, Map<string, Int32Array>> = {
    systems: new Map(),
    practices: new Map(),
    functions: new Map(),
    industries: new Map(),
  };
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
      ...baseScore(profile),
      clearance: SENSITIVITY_LEVELS.indexOf(f.dataClearance),
    };
    this.maxBase = Math.max(this.maxBase, entry.base);
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
        this.packed[d].delete(v);
      }
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const slot = this.slotOf.get(id)!;
    for (const d of DIMENSIONS) {
      for (const v of entry.sets[d]) {
        this.postings[d].get(v)?.delete(slot);
        this.packed[d].delete(v);
      }
    }
    this.entries.delete(id);
    this.slots[slot] = undefined;
  }

  private posting(d: Dimension, v: string): Int32Array {
    let packed = this.packed[d].get(v);
    if (!packed) {
      packed = Int32Array.from(this.postings[d].get(v) ?? []);
      this.packed[d].set(v, packed);
    }
    return packed;
  }

  /** Updates a firm's load and record in place (after a referral changes state). */
  setLoad(id: string, openReferrals: number, record?: TrackRecord): void {
    const e = this.entries.get(id);
    if (!e) return;
    e.profile = { ...e.profile, openReferrals, ...(record ? { record } : {}) };
    Object.assign(e, baseScore(e.profile));
    this.maxBase = Math.max(this.maxBase, e.base);
  }

  /**
   * The best firms for the need. An explicit language (then region) is a filter, unless no firm that keeps it
   * covers any of the need's systems while one without it does: then the closest firms are offered with a reason
   * saying what they lack, instead of nothing or firms that cannot do the work.
   */
  match(need: PartnerNeed, options: MatchOptions): MatchResult {
    const strict = this.matchStrict(need, options);
    if (!options.language && !options.region) return strict;
    const fits = (r: MatchResult) => r.matches.length > 0 && (need.systems.length === 0 || r.matches.some((m) => need.systems.some((s) => this.entries.get(m.id)?.sets.systems.has(s))));
    if (fits(strict)) return strict;
    const attempts: [("language" | "region")[], MatchOptions][] = [];
    if (options.language) attempts.push([["language"], { ...options, language: undefined }]);
    attempts.push([[...(options.language ? (["language"] as const) : []), ...(options.region ? (["region"] as const) : [])], { ...options, language: undefined, region: undefined }]);
    for (const [relaxed, opts] of attempts) {
      const loose = this.matchStrict(need, opts);
      if (!fits(loose)) continue;
      const lacking = relaxed.map((r) => (r === "language" ? `language ${options.language}` : `region ${options.region}`)).join(" and ");
      const note = `No certified firm that works in ${lacking} covers this need; this is the closest fit without that`;
      return { ...loose, matches: loose.matches.map((m) => ({ ...m, reasons: [...m.reasons, note] })), skipped: strict.skipped, relaxed };
    }
    return strict;
  }

  private matchStrict(need: PartnerNeed, options: MatchOptions): MatchResult {
    // Coverage from the inverted lists alone: for every firm that covers anything, the weighted share of
    // the need it covers. It bounds the final score (coverage × 0.7 + the best firm's base + what the need can
    // add), so firms are scored in order of coverage and the loop stops once no remaining firm can reach the
    // current top k; within a level, a firm's own base skips it without scoring.
    let weight = 0;
    for (const d of DIMENSIONS) if (need[d].length > 0) weight += W[d];
    if (this.coverage.length < this.slots.length) {
      this.coverage = new Float64Array(this.slots.length * 2);
      this.touched = new Int32Array(this.slots.length * 2);
    }
    const coverage = this.coverage;
    const touched = this.touched;
    let n = 0;
    if (weight > 0) {
      for (const d of DIMENSIONS) {
        const share = W[d] / need[d].length / weight;
        for (const v of need[d]) {
          const posting = this.posting(d, v);
          for (let i = 0; i < posting.length; i++) {
            const slot = posting[i]!;
            if (coverage[slot] === 0) touched[n++] = slot;
            coverage[slot] = coverage[slot]! + share;
          }
        }
      }
    } else {
      for (let slot = 0; slot < this.slots.length; slot++) if (this.slots[slot]) touched[n++] = slot;
    }
    // Firms in order of coverage, level by level (a need has a handful of distinct coverage values): cheaper than
    // sorting thousands of firms when only the top levels are ever read.
    const levels: number[] = [];
    let last = Number.NaN;
    for (let i = 0; i < n; i++) {
      const c = coverage[touched[i]!]!;
      if (c !== last && !levels.includes(c)) levels.push(c);
      last = c;
    }
    levels.sort((x, y) => y - x);
    // Counting sort of the touched firms by level (stable: inverted-list order within a level).
    const starts = new Int32Array(levels.length + 1);
    const levelOf = this.levelOf.length >= n ? this.levelOf : (this.levelOf = new Int32Array(n * 2));
    for (let i = 0; i < n; i++) {
      const l = levels.indexOf(coverage[touched[i]!]!);
      levelOf[i] = l;
      starts[l + 1]!++;
    }
    for (let l = 0; l < levels.length; l++) starts[l + 1]! += starts[l]!;
    const ordered = this.ordered.length >= n ? this.ordered : (this.ordered = new Int32Array(n * 2));
    const fill = starts.slice(0, levels.length);
    for (let i = 0; i < n; i++) ordered[fill[levelOf[i]!]!++] = touched[i]!;
    const limit = options.limit ?? 3;
    const exclude = new Set(options.exclude ?? []);
    const today = day(options.today);
    const rotation = options.rotation ?? "";
    const needLevel = need.sensitivity ? SENSITIVITY_LEVELS.indexOf(need.sensitivity) : -1;
    // The most the need-dependent parts can add on top of coverage and a firm's own base.
    const headroom = 0.08 + 0.04 + (need.regions.length > 0 ? 0.05 : 0) + (need.languages.length > 0 ? 0.05 : 0);
    const best: { id: string; score: number; tie: number; entry: Entry }[] = [];
    const skipped: MatchResult["skipped"] = [];
    let scored = 0;
    levelLoop: for (let l = 0; l < levels.length; l++) {
      const cov = levels[l]!;
      for (let i = starts[l]!; i < starts[l + 1]!; i++) {
        const slot = ordered[i]!;
        const entry = this.slots[slot]!;
        const id = entry.profile.firm.id;
        const floor = best.length >= limit ? best[limit - 1]!.score : -1;
        // Scores are rounded to 3 decimals, so a bound within 0.001 of the floor could still tie and win on rotation.
        if (cov * 0.7 + this.maxBase + headroom < floor - 0.001) break levelLoop;
        if (exclude.has(id)) continue;
        const why = ineligible(entry, need, options, today, needLevel);
        if (why) {
          skipped.push({ id, reason: why });
          continue;
        }
        // This firm's own bound (its tier, record and load are known): most firms stop here.
        if (cov * 0.7 + entry.base + headroom < floor - 0.001) continue;
        scored++;
        const { score } = scoreEntry(entry, need, today, false);
        if (score < floor) continue;
        const item = { id, score, tie: tieKey(rotation, id), entry };
        let at = best.length;
        while (at > 0 && (best[at - 1]!.score < score || (best[at - 1]!.score === score && best[at - 1]!.tie > item.tie))) at--;
        if (at < limit) {
          best.splice(at, 0, item);
          if (best.length > limit) best.pop();
        }
      }
    }
    for (let i = 0; i < n; i++) coverage[touched[i]!] = 0;
    const matches = best.map(({ id, score, entry }) => ({ id, name: entry.profile.firm.name, score, reasons: scoreEntry(entry, need, today, true).reasons }));
    return { matches, skipped, scored };
  }
}


/** Why a firm cannot take the need at all, or undefined. */
function ineligible(entry: Entry, need: PartnerNeed, options: MatchOptions, today: string, needLevel: number): string | undefined {
  const { firm, openReferrals } = entry.profile;
  if (firm.status !== "active") return `${firm.status}`;
  if (firm.tier === "registered") return "Registered partners are not suggested (engaged through Procurement directly)";
  if (firm.certifiedUntil < today) return `programme certification expired on ${firm.certifiedUntil}`;
  if (openReferrals >= firm.capacity.openReferrals) {
    return `at capacity (${openReferrals} of ${firm.capacity.openReferrals} open referrals${firm.capacity.nextStart ? `, next start ${firm.capacity.nextStart}` : ""})`;
  }
  if (need.sensitivity && needLevel > entry.clearance) {
    return `cleared for ${firm.dataClearance} data, the need involves ${need.sensitivity} data`;
  }
  if (need.hosting && firm.hostingRegions.length > 0 && !firm.hostingRegions.includes(need.hosting)) {
    return `does not host in ${need.hosting.toUpperCase()}`;
  }
  if (options.region && !firm.regions.includes(options.region)) return `does not work in ${options.region}`;
  if (options.language && !entry.languages.has(options.language)) return `does not work in language ${options.language}`;
  return undefined;
}

/** Tier, track record (smoothed) and current load: what a firm scores whatever the need. */
function baseScore(profile: FirmProfile): Pick<Entry, "tierBonus" | "recordBonus" | "loadPenalty" | "base"> {
  const { firm, record, openReferrals } = profile;
  const accept = (record.accepted + 2) / (record.offered + 3);
  const rating = (record.ratingSum + 4 * 2) / (record.ratings + 2) / 5;
  const recommend = (record.recommendYes + 1) / (record.recommendYes + record.recommendNo + 2);
  const speed = record.hoursToAccept === undefined ? 0.5 : 1 - Math.min(record.hoursToAccept, 72) / 72;
  const tierBonus = firm.tier === "premier" ? 0.04 : 0.02;
  const recordBonus = 0.06 * (0.3 * accept + 0.4 * rating + 0.15 * recommend + 0.15 * speed);
  const loadPenalty = 0.03 * (openReferrals / firm.capacity.openReferrals);
  return { tierBonus, recordBonus, loadPenalty, base: tierBonus + recordBonus - loadPenalty };
}

/** How many of `wanted` are in `set` (no allocation: this runs for every candidate firm). */
function countIn(wanted: readonly string[], set: ReadonlySet<string>): number {
  let n = 0;
  for (let i = 0; i < wanted.length; i++) if (set.has(wanted[i]!)) n++;
  return n;
}

function countInList(wanted: readonly string[], list: readonly string[]): number {
  let n = 0;
  for (let i = 0; i < wanted.length; i++) if (list.includes(wanted[i]!)) n++;
  return n;
}

/**
 * The score of a firm for a need, and with `explain` the reasons. Without `explain` (every candidate) it
 * allocates nothing; with it (the top k) it builds the sentences. Both add the same terms in the same order.
 */
function scoreEntry(entry: Entry, need: PartnerNeed, today: string, explain: boolean): { score: number; reasons: string[] } {
  const { firm, record, openReferrals, consultantsBySkill } = entry.profile;
  const reasons: string[] = [];
  let weight = 0;
  let covered = 0;
  if (explain) {
    for (const d of DIMENSIONS) {
      if (need[d].length === 0) continue;
      weight += W[d];
      const hits = countIn(need[d], entry.sets[d]);
      covered += (W[d] * hits) / need[d].length;
      if (hits > 0) {
        const hit = need[d].filter((v) => entry.sets[d].has(v));
        const misses = need[d].filter((v) => !entry.sets[d].has(v));
        reasons.push(`${label(d)}: ${list(hit)}${misses.length > 0 && misses.length <= 3 ? ` (not ${list(misses)})` : ""}`);
      }
    }
  } else {
    // The same sums in the same order, written out (this runs for every candidate firm).
    const { systems, practices, functions, industries } = need;
    const sets = entry.sets;
    if (systems.length > 0) {
      weight += W.systems;
      covered += (W.systems * countIn(systems, sets.systems)) / systems.length;
    }
    if (practices.length > 0) {
      weight += W.practices;
      covered += (W.practices * countIn(practices, sets.practices)) / practices.length;
    }
    if (functions.length > 0) {
      weight += W.functions;
      covered += (W.functions * countIn(functions, sets.functions)) / functions.length;
    }
    if (industries.length > 0) {
      weight += W.industries;
      covered += (W.industries * countIn(industries, sets.industries)) / industries.length;
    }
  }
  let score = weight > 0 ? (covered / weight) * 0.7 : 0;

  let certified = 0;
  for (const w of need.systems) {
    const c = entry.certCovers.get(w);
    if (c !== undefined && c.expires >= today) certified++;
  }
  for (const w of need.practices) {
    const c = entry.certCovers.get(w);
    if (c !== undefined && c.expires >= today) certified++;
  }
  const wanted = need.systems.length + need.practices.length;
  if (wanted > 0 && certified > 0) {
    score += 0.08 * Math.min(1, certified / Math.min(wanted, 2));
    if (explain) {
      const names = new Set<string>();
      for (const w of [...need.systems, ...need.practices]) {
        const c = entry.certCovers.get(w);
        if (c && c.expires >= today) names.add(c.id);
      }
      reasons.push(`Valid certification: ${list([...names])}`);
    }
  }
  let consultants = 0;
  for (const s of need.systems) if (entry.sets.systems.has(s)) consultants += consultantsBySkill[s] ?? 0;
  const coveredSystems = explain ? need.systems.filter((s) => entry.sets.systems.has(s)) : [];
  if (consultants > 0) {
    score += 0.04 * Math.min(1, consultants / 3);
    explain && reasons.push(`${consultants} certified consultant${consultants === 1 ? "" : "s"} with ${list(coveredSystems)} skills`);
  }

  if (need.regions.length > 0) {
    const regions = countInList(need.regions, firm.regions);
    const countries = countInList(need.countries, firm.countries);
    if (regions > 0) score += 0.03;
    if (countries > 0) {
      score += 0.02;
      explain && reasons.push(`Works in ${list(need.countries.filter((c) => firm.countries.includes(c)))}`);
    } else if (regions > 0) {
      explain && reasons.push(`Works in ${list(need.regions.filter((r) => firm.regions.includes(r)))}`);
    }
  }
  if (need.languages.length > 0) {
    const spoken = countIn(need.languages, entry.languages);
    if (spoken === need.languages.length) {
      score += 0.05;
      explain && reasons.push(`Speaks ${list(need.languages)}`);
    } else if (spoken > 0) {
      score += 0.02;
      explain && reasons.push(`Speaks ${list(need.languages.filter((l) => entry.languages.has(l)))} (not ${list(need.languages.filter((l) => !entry.languages.has(l)))})`);
    } else {
      score -= 0.15;
      explain && reasons.push(`Does not work in ${list(need.languages)}`);
    }
  }
  if (explain && firm.tier === "premier") reasons.push("Premier partner");
  // Tier, track record and load: precomputed per firm (baseScore), added one by one in this order so the
  // rounding is the same whatever path computed the score.
  score += entry.tierBonus;
  score += entry.recordBonus;
  if (explain && (record.offered > 0 || record.ratings > 0)) {
    const parts: string[] = [];
    if (record.offered > 0) parts.push(`accepted ${record.accepted} of ${record.offered} referrals`);
    if (record.ratings > 0) parts.push(`rated ${(record.ratingSum / record.ratings).toFixed(1)}/5 by ${record.ratings}`);
    reasons.push(`Track record: ${parts.join(", ")}`);
  }
  score -= entry.loadPenalty;
  const capacity = firm.capacity.openReferrals;
  explain && reasons.push(`Capacity: ${capacity - openReferrals} of ${capacity} referral slots free`);
  if (need.budgetEur && need.budgetEur > firm.maxEngagementEur) {
    score -= 0.1;
    explain && reasons.push(`Budget above its maximum engagement (€${firm.maxEngagementEur.toLocaleString("en-GB")})`);
  }
  const final = round3(Math.max(0, Math.min(1, score)));
  return { score: final, reasons: explain ? [headline(entry, coveredSystems, certified > 0, record), ...reasons] : reasons };
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
