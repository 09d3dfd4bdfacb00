/**
 * Integration readiness: what connecting AI to a system would really take, read from the playbooks (the
 * integration playbook's prerequisites, owners and timelines; the security review tracks; the risk tiers) so
 * the figures stay the playbooks' own, plus a complexity score whose parts are shown.
 */
import path from "node:path";
import type { Playbook } from "../retrieval/playbooks.ts";
import type { UseCaseRecord } from "./catalog.ts";
import { APPROVED_TOOLS, deriveRisk, needsIntegration, SYSTEMS_OF_RECORD, type RiskTier } from "./governance.ts";
import { systemsNamed } from "./intake.ts";

export const DATA_LEVELS = ["public", "internal", "confidential", "restricted"] as const;
export type DataLevel = (typeof DATA_LEVELS)[number];

/** Raised for a request readiness cannot answer (unknown system or data level); the message says what is known. */
export class ReadinessError extends Error {
  readonly code = "readiness_invalid";
  constructor(message: string) {
    super(message);
    this.name = "ReadinessError";
  }
}

export interface ReadinessRequest {
  /** A system name as people say it ("SFDC", "SAP", "snow"), or a catalog slug. */
  system: string;
  users?: number;
  countries?: number;
  data?: DataLevel;
  /** Whether AI writes back into the system (default: read-only). */
  writes?: boolean;
  /** Systems touched besides `system` (a use case's others). */
  otherSystems?: string[];
  /** The use case this is for, when asked from one. */
  useCase?: Pick<UseCaseRecord, "id" | "title">;
}

export interface ComplexityPart {
  name: "systems" | "data" | "custom development" | "users" | "countries";
  /** What was scored, in words ("2 systems of record: Salesforce, SAP"). */
  value: string;
  points: number;
  max: number;
}

export interface Complexity {
  score: number;
  max: number;
  level: "low" | "medium" | "high";
  parts: ComplexityPart[];
}

export interface Readiness {
  system: string;
  playbook: { path: string; title: string; owner: string };
  /** The team that owns the system's AI work (the playbook's owner). */
  owningTeam: string;
  /** "Who owns what" lines. */
  owners: string[];
  prerequisites: string[];
  /** The playbook's step-by-step procedure, when it has one. */
  steps: string[];
  securityReview: { track: string; businessDays?: number; why: string; items: string[] };
  approval?: { tier: RiskTier; who: string };
  leadTimes: string[];
  /** The lead time that fits this request (read-only or write-back), when the playbook states one. */
  expectedLeadTime?: string;
  complexity: Complexity;
  partner: { recommended: boolean; why: string[]; summary: string };
}

/** Points per part; the levels are cut at MEDIUM_FROM and HIGH_FROM of the total. */
const MEDIUM_FROM = 5;
const HIGH_FROM = 9;

/** The integration playbook for a system name, or undefined. */
export function integrationPlaybookFor(system: string, playbooks: readonly Playbook[]): Playbook | undefined {
  const integrations = playbooks.filter((p) => p.path.startsWith("integrations/")).sort((a, b) => a.path.localeCompare(b.path));
  const wanted = new Set([slug(system), ...systemsNamed(system)]);
  const byFile = integrations.find((p) => wanted.has(path.posix.basename(p.path, ".md")));
  if (byFile) return byFile;
  const byFirst = integrations.find((p) => p.systems?.[0] && wanted.has(p.systems[0]));
  if (byFirst) return byFirst;
  return integrations.find((p) => (p.systems ?? []).some((s) => wanted.has(s)) || (p.aliases ?? []).some((a) => slug(a) === slug(system)));
}

/** Systems that have an integration playbook (for "known systems" messages and menus). */
export function knownSystems(playbooks: readonly Playbook[]): string[] {
  return playbooks.filter((p) => p.path.startsWith("integrations/")).map((p) => path.posix.basename(p.path, ".md")).sort();
}

export function parseDataLevel(text: string): DataLevel {
  const t = text.trim().toLowerCase();
  if ((DATA_LEVELS as readonly string[]).includes(t)) return t as DataLevel;
  if (["phi", "pii", "regulated", "special-category", "credit"].includes(t)) return "restricted";
  throw new ReadinessError(`data level "${text}" is not one of ${DATA_LEVELS.join(", ")} (PHI, credit or bulk HR data is restricted)`);
}

/** Readiness for a system, from the playbooks. Throws ReadinessError for an unknown system or bad numbers. */
export function assessReadiness(request: ReadinessRequest, playbooks: readonly Playbook[]): Readiness {
  for (const [k, v] of [["users", request.users], ["countries", request.countries]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 1_000_000)) throw new ReadinessError(`${k} must be a whole number from 1 to 1,000,000 (got ${v})`);
  }
  const pb = integrationPlaybookFor(request.system, playbooks);
  if (!pb) throw new ReadinessError(`no integration playbook covers "${request.system}"; known systems: ${knownSystems(playbooks).join(", ")}`);
  const sections = sectionsOf(pb.body);
  const prerequisites = bullets(sections, /^prerequisites/i);
  const owners = bullets(sections, /^who owns/i);
  const steps = bullets(sections, /^step-by-step/i);
  const leadTimes = bullets(sections, /timelines/i).filter((b) => /\b\d+(\s*[–-]\s*\d+)?\s*(working |business )?(days?|weeks?|months?)\b|\bdays\b|\bweeks\b/i.test(b));
  const writes = request.writes ?? false;
  const expectedLeadTime = writes ? leadTimes.find((l) => /write|writes|write-back/i.test(l)) : leadTimes.find((l) => /read-only|read only|lookup/i.test(l));

  const data = request.data ?? "internal";
  const named = new Set([slug(request.system), ...systemsNamed(request.system)]);
  const primary = (pb.systems ?? []).find((s) => named.has(s)) ?? pb.systems?.[0] ?? slug(request.system);
  const touched = [...new Set([primary, ...(request.otherSystems ?? [])])].filter((s) => s in SYSTEMS_OF_RECORD || s === primary);
  const records = touched.filter((s) => s in SYSTEMS_OF_RECORD);

  const security = securityTrack(playbooks, { data, writes, systemOfRecord: records.length > 0 });
  const reviewItems = [...prerequisites, ...owners].filter((l) => /security|review|dpia|privacy|works council|sox|segregation/i.test(l));
  const tier: RiskTier = data === "restricted" || writes ? 3 : data === "confidential" ? 2 : 1;
  const approval = tierApproval(playbooks, tier);

  const complexity = scoreComplexity({ systems: touched, data, writes, users: request.users, countries: request.countries });
  const why: string[] = [];
  if (writes) why.push("writes to a system of record (custom integration)");
  if (data === "restricted") why.push("regulated or highly sensitive data");
  if ((request.users ?? 0) >= 250) why.push(`${request.users} users (250 or more)`);
  if ((request.countries ?? 1) >= 2) why.push(`${request.countries} countries`);
  if (complexity.level === "high" && why.length === 0) why.push(`complexity ${complexity.score}/${complexity.max}`);
  const recommended = complexity.level === "high" || why.length > 0;
  const summary = [
    `${request.useCase ? `Use case "${request.useCase.title}": ` : ""}connect AI to ${pb.title.replace(/^Connecting AI (assistants )?to /i, "")}`,
    `${writes ? "with write-back" : "read-only"}, ${data} data`,
    request.users ? `${request.users} users` : undefined,
    request.countries ? `${request.countries} ${request.countries === 1 ? "country" : "countries"}` : undefined,
    `complexity ${complexity.score}/${complexity.max} (${complexity.level})`,
    expectedLeadTime ? `playbook lead time: ${expectedLeadTime.replace(/\.$/, "")}` : undefined,
  ]
    .filter(Boolean)
    .join("; ");
  return {
    system: primary,
    playbook: { path: pb.path, title: pb.title, owner: pb.owner },
    owningTeam: pb.owner,
    owners,
    prerequisites,
    steps,
    securityReview: { ...security, items: reviewItems },
    ...(approval ? { approval } : {}),
    leadTimes,
    ...(expectedLeadTime ? { expectedLeadTime } : {}),
    complexity,
    partner: { recommended, why, summary: `${summary}.` },
  };
}

/**
 * Readiness for a use case that needs integration work (see needsIntegration): its system of record with a
 * playbook first, else its other systems; undefined for a use case people run in an approved tool.
 */
export function assessUseCaseReadiness(uc: UseCaseRecord, playbooks: readonly Playbook[], extra: Pick<ReadinessRequest, "users" | "countries"> = {}): Readiness | undefined {
  const risk = deriveRisk(uc);
  if (!needsIntegration(uc, risk)) return undefined;
  const withPlaybook = uc.systems.filter((s) => !(s in APPROVED_TOOLS) && integrationPlaybookFor(s, playbooks));
  const system = withPlaybook.find((s) => s in SYSTEMS_OF_RECORD) ?? withPlaybook.find((s) => s !== "azure-openai") ?? withPlaybook[0];
  if (!system) return undefined;
  const writes = risk.tierReasons.some((r) => r.startsWith("writes to"));
  return assessReadiness(
    { system, data: uc.dataSensitivity, writes, otherSystems: uc.systems.filter((s) => s !== system), useCase: { id: uc.id, title: uc.title }, ...extra },
    playbooks,
  );
}

/** The complexity score and its parts. Pure. */
export function scoreComplexity(input: { systems: string[]; data: DataLevel; writes: boolean; users?: number; countries?: number }): Complexity {
  const records = input.systems.filter((s) => s in SYSTEMS_OF_RECORD);
  const n = Math.max(1, records.length);
  const parts: ComplexityPart[] = [
    {
      name: "systems",
      value: records.length > 0 ? `${records.length} system${records.length === 1 ? "" : "s"} of record: ${records.map((s) => SYSTEMS_OF_RECORD[s]).join(", ")}` : "no system of record",
      points: records.length === 0 ? 0 : Math.min(3, n),
      max: 3,
    },
    { name: "data", value: input.data, points: { public: 0, internal: 1, confidential: 2, restricted: 4 }[input.data], max: 4 },
    {
      name: "custom development",
      value: input.writes ? "write-back into a system of record" : records.length > 0 ? "read-only API integration" : "configuration of an approved tool",
      points: input.writes ? 4 : records.length > 0 ? 2 : 0,
      max: 4,
    },
    {
      name: "users",
      value: input.users === undefined ? "not given (scored as a pilot of up to 20)" : `${input.users}`,
      points: input.users === undefined || input.users <= 20 ? 0 : input.users <= 100 ? 1 : input.users < 250 ? 2 : 3,
      max: 3,
    },
    {
      name: "countries",
      value: input.countries === undefined ? "not given (scored as one)" : `${input.countries}`,
      points: input.countries === undefined || input.countries <= 1 ? 0 : input.countries <= 3 ? 2 : 3,
      max: 3,
    },
  ];
  const score = parts.reduce((s, p) => s + p.points, 0);
  const max = parts.reduce((s, p) => s + p.max, 0);
  return { score, max, level: score >= HIGH_FROM ? "high" : score >= MEDIUM_FROM ? "medium" : "low", parts };
}

function securityTrack(playbooks: readonly Playbook[], r: { data: DataLevel; writes: boolean; systemOfRecord: boolean }): { track: string; businessDays?: number; why: string } {
  const tracks = new Map<string, { days?: number; when: string }>();
  const review = playbooks.find((p) => p.path === "governance/security-review.md");
  for (const m of (review?.body ?? "").matchAll(/^-\s+\*\*(\w+) review, (\d+) business days\*\*:\s*(.+)$/gim)) {
    tracks.set(m[1]!.toLowerCase(), { days: Number(m[2]), when: m[3]!.trim() });
  }
  const name = r.data === "restricted" || r.writes ? "full" : r.data === "confidential" || r.systemOfRecord ? "standard" : "lite";
  const why =
    name === "full"
      ? r.writes
        ? "write access to a system of record"
        : "Restricted data"
      : name === "standard"
        ? r.data === "confidential"
          ? "Confidential data"
          : "an API integration with read access to a system of record"
        : "Public or Internal data, no integration beyond SSO";
  const t = tracks.get(name);
  return { track: `${name[0]!.toUpperCase()}${name.slice(1)} review`, ...(t?.days ? { businessDays: t.days } : {}), why };
}

function tierApproval(playbooks: readonly Playbook[], tier: RiskTier): { tier: RiskTier; who: string } | undefined {
  const risk = playbooks.find((p) => p.path === "governance/evaluation-and-risk.md");
  const m = new RegExp(`^-\\s+\\*\\*Tier ${tier}[^*]*\\*\\*:.*?Approval:\\s*([^.;]+(?:[;.][^.]*)?)`, "im").exec(risk?.body ?? "");
  return m ? { tier, who: m[1]!.trim().replace(/\.$/, "") } : undefined;
}

interface Section {
  heading: string;
  lines: string[];
}

function sectionsOf(body: string): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  for (const line of body.split(/\r?\n/)) {
    const h = /^##\s+(.+?)\s*$/.exec(line);
    if (h) out.push((current = { heading: h[1]!, lines: [] }));
    else if (/^#\s/.test(line)) current = undefined;
    else current?.lines.push(line);
  }
  return out;
}

/** Bullet and numbered items of the first `##` section whose heading matches (sub-sections included). */
function bullets(sections: Section[], heading: RegExp): string[] {
  const s = sections.find((x) => heading.test(x.heading));
  if (!s) return [];
  return s.lines.map((l) => /^\s*(?:[-*+]|\d+[.)])\s+(.+)$/.exec(l)?.[1]?.trim()).filter((l): l is string => Boolean(l));
}

function slug(text: string): string {
  return text.trim().toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
