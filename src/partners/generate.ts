/**
 * A realistic synthetic partner feed for tests and the benchmark: firms with specialisations drawn from the
 * real vocabulary (popular systems more often), tiers mostly Certified, consultants spread unevenly over
 * firms. Seeded: the same seed gives the same feed.
 */
import type { Consultant, Firm } from "./directory.ts";
import { COUNTRY_REGION, FUNCTION_WORDS, INDUSTRY_WORDS, PRACTICE_WORDS, SYSTEM_ALIASES } from "./vocabulary.ts";

/** mulberry32: small, fast, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYSTEMS = Object.keys(SYSTEM_ALIASES);
const FUNCTIONS = Object.keys(FUNCTION_WORDS);
const PRACTICES = Object.keys(PRACTICE_WORDS);
const INDUSTRIES = Object.keys(INDUSTRY_WORDS);
const COUNTRIES = ["NL", "DE", "PL", "GB", "US", "FR", "ES", "IT", "BE", "CA", "IN", "SG", "AU", "BR"];
const LANGUAGE_OF: Record<string, string> = { NL: "nl", DE: "de", PL: "pl", GB: "en", US: "en", FR: "fr", ES: "es", IT: "it", BE: "nl", CA: "en", IN: "en", SG: "en", AU: "en", BR: "pt" };
const NAMES_A = ["Amber", "Basalt", "Cedar", "Delta", "Ember", "Fern", "Granite", "Heron", "Iris", "Juniper", "Kite", "Lark", "Maple", "Nimbus", "Onyx", "Pine", "Quill", "Raven", "Sable", "Thistle"];
const NAMES_B = ["Works", "Partners", "Labs", "Digital", "Consulting", "Systems", "Advisory", "Collective", "Group", "Studio"];

export interface GenerateOptions {
  firms: number;
  consultants: number;
  seed: number;
  /** Day the feed is "exported" (certifications expire 3-24 months later). */
  today?: Date;
}

export function generateFeed(o: GenerateOptions): { firms: Firm[]; consultants: Consultant[] } {
  const rnd = seededRandom(o.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  // Popular systems first: a skewed pick (x² towards the start of the list).
  const skewed = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * rnd() * xs.length)]!;
  const some = <T>(xs: readonly T[], min: number, max: number, draw = pick) => {
    const n = min + Math.floor(rnd() * (max - min + 1));
    const set = new Set<T>();
    for (let i = 0; i < n * 3 && set.size < n; i++) set.add(draw(xs));
    return [...set];
  };
  const base = (o.today ?? new Date("2026-12-01T00:00:00Z")).getTime();
  const dayOffset = (days: number) => new Date(base + days * 86_400_000).toISOString().slice(0, 10);
  const firms: Firm[] = [];
  for (let i = 0; i < o.firms; i++) {
    const id = `gen-firm-${String(i).padStart(6, "0")}`;
    const systems = some(SYSTEMS, 1, 4, skewed);
    const practices = some(PRACTICES, 1, 4);
    const countries = some(COUNTRIES, 1, 3);
    const tierRoll = rnd();
    const offered = Math.floor(rnd() * 30);
    const accepted = Math.floor(offered * (0.5 + rnd() * 0.5));
    const ratings = Math.floor(accepted * rnd());
    firms.push({
      id,
      name: `${pick(NAMES_A)} ${pick(NAMES_A)} ${pick(NAMES_B)} ${i}`,
      tier: tierRoll < 0.1 ? "premier" : tierRoll < 0.85 ? "certified" : "registered",
      tierGranted: dayOffset(-Math.floor(rnd() * 900)),
      status: rnd() < 0.97 ? "active" : "suspended",
      certifiedUntil: dayOffset(rnd() < 0.95 ? 30 + Math.floor(rnd() * 700) : -Math.floor(rnd() * 200)),
      certifications: systems.slice(0, 2).map((s) => ({ id: `${s}-specialist`, covers: [s], expires: dayOffset(-60 + Math.floor(rnd() * 700)) })),
      systems,
      functions: some(FUNCTIONS, 1, 3),
      practices,
      industries: some(INDUSTRIES, 1, 3),
      countries,
      regions: [...new Set(countries.map((c) => COUNTRY_REGION[c] ?? "europe"))],
      languages: [...new Set(["en", ...countries.map((c) => LANGUAGE_OF[c] ?? "en")])],
      hostingRegions: rnd() < 0.6 ? ["eu"] : ["eu", "us"],
      dataClearance: pick(["internal", "confidential", "confidential", "restricted"] as const),
      maxEngagementEur: pick([50_000, 150_000, 250_000, 500_000]),
      capacity: { openReferrals: 1 + Math.floor(rnd() * 8) },
      responseSlaHours: pick([24, 48, 48, 72]),
      contacts: { managers: [`UGEN${i.toString(36).toUpperCase()}`], slackChannel: `CGEN${i.toString(36).toUpperCase()}` },
      trackRecord: {
        offered,
        accepted,
        hoursToAccept: Math.round(4 + rnd() * 60),
        ratings,
        ratingSum: ratings * 3 + Math.floor(rnd() * ratings * 2),
        recommendYes: Math.floor(ratings * 0.8),
        recommendNo: ratings - Math.floor(ratings * 0.8),
        won: Math.floor(accepted * 0.6),
        lost: Math.floor(accepted * 0.2),
      },
    });
  }
  const consultants: Consultant[] = [];
  for (let j = 0; j < o.consultants; j++) {
    // Uneven: a few large firms hold many consultants.
    const firm = firms[Math.floor(rnd() * rnd() * firms.length)]!;
    const country = pick(firm.countries);
    consultants.push({
      id: `gen-c-${String(j).padStart(7, "0")}`,
      firmId: firm.id,
      certifications: rnd() < 0.8 ? ["hr-partner-certified"] : [],
      skills: some([...firm.systems, ...firm.practices], 1, 3),
      country,
      languages: [...new Set(["en", LANGUAGE_OF[country] ?? "en"])],
      availability: pick(["available", "available", "partial", "booked"] as const),
    });
  }
  return { firms, consultants };
}

/** Firm → the feed's JSONL record (snake_case, `type: firm`). */
export function firmToFeed(f: Firm): Record<string, unknown> {
  return {
    type: "firm",
    id: f.id,
    name: f.name,
    tier: f.tier,
    tier_granted: f.tierGranted,
    status: f.status,
    certified_until: f.certifiedUntil,
    certifications: f.certifications,
    systems: f.systems,
    functions: f.functions,
    practices: f.practices,
    industries: f.industries,
    countries: f.countries,
    regions: f.regions,
    languages: f.languages,
    hosting_regions: f.hostingRegions,
    data_clearance: f.dataClearance,
    max_engagement_eur: f.maxEngagementEur,
    capacity: { open_referrals: f.capacity.openReferrals, ...(f.capacity.nextStart ? { next_start: f.capacity.nextStart } : {}) },
    response_sla_hours: f.responseSlaHours,
    contacts: {
      managers: f.contacts.managers,
      ...(f.contacts.slackChannel ? { slack_channel: f.contacts.slackChannel } : {}),
      ...(f.contacts.email ? { email: f.contacts.email } : {}),
      ...(f.contacts.webhookUrl ? { webhook_url: f.contacts.webhookUrl } : {}),
    },
    track_record: {
      offered: f.trackRecord.offered,
      accepted: f.trackRecord.accepted,
      ...(f.trackRecord.hoursToAccept !== undefined ? { hours_to_accept: f.trackRecord.hoursToAccept } : {}),
      ratings: f.trackRecord.ratings,
      rating_sum: f.trackRecord.ratingSum,
      recommend_yes: f.trackRecord.recommendYes,
      recommend_no: f.trackRecord.recommendNo,
      won: f.trackRecord.won,
      lost: f.trackRecord.lost,
    },
  };
}

export function consultantToFeed(c: Consultant): Record<string, unknown> {
  return { type: "consultant", id: c.id, firm_id: c.firmId, certifications: c.certifications, skills: c.skills, country: c.country, languages: c.languages, availability: c.availability };
}
