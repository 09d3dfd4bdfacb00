/**
 * The partner directory's records: firms and their certified consultants, validated with zod. The same
 * schemas read `knowledge/partners.yml` (consultants nested under their firm) and the import feed (one record
 * per line, consultants naming their firm). Input is snake_case as a programme exports it; the domain is camelCase.
 */
import { readFile } from "node:fs/promises";
import { parseDocument } from "yaml";
import { z } from "zod";
import { SENSITIVITY_LEVELS, TIERS } from "./vocabulary.ts";

export class PartnerDirectoryError extends Error {
  readonly code = "partner_directory_invalid";
  constructor(message: string) {
    super(message);
    this.name = "PartnerDirectoryError";
  }
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written as YYYY-MM-DD")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "is not a real calendar date");
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, "must be kebab-case (a-z, 0-9, -)");
const slugs = z.array(slug).max(60);
const country = z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166 two-letter country code such as NL");
const language = z.string().regex(/^[a-z]{2}$/, "must be an ISO 639-1 two-letter language code such as nl");
const count = z.number().int("must be a whole number").min(0, "must be 0 or more");
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/, "must be letters, digits, '.', '_' or '-' (max 120)");

export const CertificationSchema = z
  .object({ id: slug, covers: slugs.default([]), expires: isoDate })
  .strict();

export const TrackRecordSchema = z
  .object({
    offered: count.default(0),
    accepted: count.default(0),
    hours_to_accept: z.number().min(0).optional(),
    ratings: count.default(0),
    rating_sum: z.number().min(0).default(0),
    recommend_yes: count.default(0),
    recommend_no: count.default(0),
    won: count.default(0),
    lost: count.default(0),
  })
  .strict()
  .refine((t) => t.accepted <= t.offered, { message: "accepted cannot exceed offered", path: ["accepted"] })
  .refine((t) => t.rating_sum <= t.ratings * 5 && t.rating_sum >= t.ratings, { message: "must be between ratings × 1 and ratings × 5", path: ["rating_sum"] });

export const ConsultantFields = {
  id,
  certifications: slugs.default([]),
  skills: slugs.default([]),
  country,
  languages: z.array(language).min(1, "needs at least one language").max(10),
  availability: z.enum(["available", "partial", "booked"]),
};

export const NestedConsultantSchema = z.object(ConsultantFields).strict();
export const FeedConsultantSchema = z.object({ type: z.literal("consultant"), firm_id: id, ...ConsultantFields }).strict();

const FirmFields = {
  id,
  name: z.string().trim().min(2).max(120),
  tier: z.enum(TIERS),
  tier_granted: isoDate,
  status: z.enum(["active", "suspended", "inactive"]),
  /** The firm's partner-programme certification; after it the firm gets no referrals. */
  certified_until: isoDate,
  certifications: z.array(CertificationSchema).max(50).default([]),
  systems: slugs.min(1, "needs at least one system"),
  functions: slugs.default([]),
  practices: slugs.default([]),
  industries: slugs.default([]),
  countries: z.array(country).min(1, "needs at least one country").max(60),
  regions: slugs.min(1, "needs at least one region"),
  languages: z.array(language).min(1, "needs at least one language").max(20),
  hosting_regions: z.array(z.enum(["eu", "us", "uk", "apac"])).default([]),
  data_clearance: z.enum(SENSITIVITY_LEVELS).default("internal"),
  max_engagement_eur: count,
  capacity: z.object({ open_referrals: count, next_start: isoDate.optional() }).strict(),
  response_sla_hours: z.number().int().min(1, "must be at least 1").max(24 * 30, "must be at most 720"),
  contacts: z
    .object({
      slack_channel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, "must be a Slack channel id such as C0123ABC").optional(),
      managers: z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be Slack user ids such as U0123ABC")).max(20).default([]),
      email: z.string().email().optional(),
      webhook_url: z.string().url().refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL").optional(),
    })
    .strict(),
  track_record: TrackRecordSchema.default({}),
};

export const FileFirmSchema = z.object({ ...FirmFields, consultants: z.array(NestedConsultantSchema).max(5000).default([]) }).strict();
export const FeedFirmSchema = z.object({ type: z.literal("firm"), ...FirmFields }).strict();
export const FeedRecordSchema = z.discriminatedUnion("type", [FeedFirmSchema, FeedConsultantSchema]);

export type FeedRecord = z.infer<typeof FeedRecordSchema>;
type FirmInput = z.infer<typeof FeedFirmSchema> | z.infer<typeof FileFirmSchema>;

export interface Certification {
  id: string;
  covers: string[];
  expires: string;
}

export interface TrackRecord {
  offered: number;
  accepted: number;
  /** Mean hours from offer to acceptance (the baseline from the programme). */
  hoursToAccept?: number;
  ratings: number;
  ratingSum: number;
  recommendYes: number;
  recommendNo: number;
  won: number;
  lost: number;
}

export interface Firm {
  id: string;
  name: string;
  tier: (typeof TIERS)[number];
  tierGranted: string;
  status: "active" | "suspended" | "inactive";
  certifiedUntil: string;
  certifications: Certification[];
  systems: string[];
  functions: string[];
  practices: string[];
  industries: string[];
  countries: string[];
  regions: string[];
  languages: string[];
  hostingRegions: string[];
  dataClearance: (typeof SENSITIVITY_LEVELS)[number];
  maxEngagementEur: number;
  capacity: { openReferrals: number; nextStart?: string };
  responseSlaHours: number;
  contacts: { slackChannel?: string; managers: string[]; email?: string; webhookUrl?: string };
  trackRecord: TrackRecord;
}

export interface Consultant {
  id: string;
  firmId: string;
  certifications: string[];
  skills: string[];
  country: string;
  languages: string[];
  availability: "available" | "partial" | "booked";
}

export function toFirm(f: FirmInput): Firm {
  const t = f.track_record;
  return {
    id: f.id,
    name: f.name,
    tier: f.tier,
    tierGranted: f.tier_granted,
    status: f.status,
    certifiedUntil: f.certified_until,
    certifications: f.certifications.map((c) => ({ id: c.id, covers: c.covers, expires: c.expires })),
    systems: f.systems,
    functions: f.functions,
    practices: f.practices,
    industries: f.industries,
    countries: f.countries,
    regions: f.regions,
    languages: f.languages,
    hostingRegions: f.hosting_regions,
    dataClearance: f.data_clearance,
    maxEngagementEur: f.max_engagement_eur,
    capacity: { openReferrals: f.capacity.open_referrals, ...(f.capacity.next_start ? { nextStart: f.capacity.next_start } : {}) },
    responseSlaHours: f.response_sla_hours,
    contacts: {
      managers: f.contacts.managers,
      ...(f.contacts.slack_channel ? { slackChannel: f.contacts.slack_channel } : {}),
      ...(f.contacts.email ? { email: f.contacts.email } : {}),
      ...(f.contacts.webhook_url ? { webhookUrl: f.contacts.webhook_url } : {}),
    },
    trackRecord: {
      offered: t.offered,
      accepted: t.accepted,
      ...(t.hours_to_accept !== undefined ? { hoursToAccept: t.hours_to_accept } : {}),
      ratings: t.ratings,
      ratingSum: t.rating_sum,
      recommendYes: t.recommend_yes,
      recommendNo: t.recommend_no,
      won: t.won,
      lost: t.lost,
    },
  };
}

export function toConsultant(firmId: string, c: z.infer<typeof NestedConsultantSchema>): Consultant {
  return { id: c.id, firmId, certifications: c.certifications, skills: c.skills, country: c.country, languages: c.languages, availability: c.availability };
}

/** `field.path: message` of a zod error's first issue. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.length ? issue.path.join(".") : "(record)";
  return `${path}: ${issue.message}`;
}

export interface DirectoryFile {
  firms: Firm[];
  consultants: Consultant[];
}

const FileSchema = z.object({ version: z.literal(1), firms: z.array(z.unknown()).min(1, "needs at least one firm") }).strict();

/** Parses partners.yml text; a bad entry stops with the file, the entry id and the field. */
export function parseDirectoryFile(file: string, text: string): DirectoryFile {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) throw new PartnerDirectoryError(`${file}: not valid YAML: ${doc.errors[0]!.message.split("\n")[0]}`);
  const top = FileSchema.safeParse(doc.toJS());
  if (!top.success) throw new PartnerDirectoryError(`${file}: ${describeIssue(top.error)}`);
  const firms: Firm[] = [];
  const consultants: Consultant[] = [];
  const firmIds = new Set<string>();
  const consultantIds = new Set<string>();
  top.data.firms.forEach((raw, i) => {
    const label = typeof (raw as { id?: unknown })?.id === "string" ? `firm ${(raw as { id: string }).id}` : `firm #${i + 1}`;
    const parsed = FileFirmSchema.safeParse(raw);
    if (!parsed.success) throw new PartnerDirectoryError(`${file}: ${label}: ${describeIssue(parsed.error)}`);
    if (firmIds.has(parsed.data.id)) throw new PartnerDirectoryError(`${file}: ${label}: id: appears twice`);
    firmIds.add(parsed.data.id);
    firms.push(toFirm(parsed.data));
    for (const c of parsed.data.consultants) {
      if (consultantIds.has(c.id)) throw new PartnerDirectoryError(`${file}: ${label}: consultant ${c.id}: id: appears twice`);
      consultantIds.add(c.id);
      consultants.push(toConsultant(parsed.data.id, c));
    }
  });
  return { firms, consultants };
}

export async function loadDirectoryFile(path: string): Promise<DirectoryFile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    throw new PartnerDirectoryError(`Cannot read the partner directory ${path} (PARTNERS_FILE): ${(err as Error).message}`);
  }
  return parseDirectoryFile(path, text);
}
