/**
 * Risk derived from the governance tiers (knowledge/governance/evaluation-and-risk.md, "Risk tiers for AI use
 * cases") instead of trusting the number written by hand in each catalog block:
 * - Tier 1 (low): Public or Internal data, output reviewed by the user.
 * - Tier 2 (medium): Confidential data, or output that reaches customers after human review.
 * - Tier 3 (high): Restricted data, decisions that affect individuals, AI that writes to a system of record,
 *   or customer-facing output without per-item review.
 * A tier sets the lowest risk a use case may carry; a hand-written risk above it stands (an owner may be more
 * cautious), one below it is raised and reported as a disagreement.
 */
import type { UseCaseRecord } from "./catalog.ts";

export type RiskTier = 1 | 2 | 3;

/** Lowest risk (1–5) a use case in each tier may carry. */
export const MINIMUM_RISK: Record<RiskTier, number> = { 1: 1, 2: 3, 3: 4 };

/** Systems of record named by the governance playbooks (writes to them need Tier 3 and a human approval step). */
export const SYSTEMS_OF_RECORD: Readonly<Record<string, string>> = {
  salesforce: "Salesforce",
  sap: "SAP S/4HANA",
  servicenow: "ServiceNow",
  workday: "Workday",
  zendesk: "Zendesk",
};

/** Tools the governance playbooks approve for everyday use: using them needs no integration work. */
export const APPROVED_TOOLS: Readonly<Record<string, string>> = {
  "chatgpt-enterprise": "ChatGPT Enterprise",
  "m365-copilot": "Microsoft 365 Copilot",
  "github-copilot": "GitHub Copilot",
};

/**
 * Whether a use case needs integration work (a custom build on Azure OpenAI, or a write-back), as opposed to
 * people using an approved tool on exported or pasted data.
 */
export function needsIntegration(uc: Pick<UseCaseRecord, "systems">, risk: DerivedRisk): boolean {
  return uc.systems.includes("azure-openai") || risk.tierReasons.some((r) => r.startsWith("writes to"));
}

export interface DerivedRisk {
  tier: RiskTier;
  /** Why the use case is in its tier, in plain words (at least one). */
  tierReasons: string[];
  /** The risk used for ranking and shown to people: max(stated, the tier's minimum). */
  risk: number;
  stated: number;
  /** True when the catalog's own risk is below what its tier requires. */
  disagrees: boolean;
}

// Cues in a use case's description that change its tier. Kept narrow: each one must name an action, not a topic.
const WRITES = /\b(creates?|(is|are) created|updates?|writes? (back|to|into)|routed to|routes? (it|them|each|the)|resolves? .{0,40}\bthrough|posts? to|sent automatically)\b/i;
const UNREVIEWED_CUSTOMER_OUTPUT = /\b(sent automatically|without (human |per-item )?review|auto-?send)/i;
const DECISIONS_ABOUT_PEOPLE = /\b(shortlist|per agent|per employee|per candidate|credit (memo|decision|scor)|underwrit|disciplinary|grievance|performance rating)/i;
const CUSTOMER_OUTPUT = /\b(customer-ready|for the customer|customer's language|to customers|customer emails?|customer portal|suggested replies|reminder emails)\b/i;

/** The tier and derived risk of one use case. Pure; the same record always gives the same answer. */
export function deriveRisk(uc: Pick<UseCaseRecord, "description" | "dataSensitivity" | "systems" | "statedRisk">): DerivedRisk {
  const t3: string[] = [];
  const t2: string[] = [];
  if (uc.dataSensitivity === "restricted") t3.push("uses Restricted data");
  const record = uc.systems.filter((s) => s in SYSTEMS_OF_RECORD).map((s) => SYSTEMS_OF_RECORD[s]!);
  if (record.length > 0 && WRITES.test(uc.description)) t3.push(`writes to a system of record (${record.join(", ")})`);
  if (UNREVIEWED_CUSTOMER_OUTPUT.test(uc.description)) t3.push("customer-facing output without per-item review");
  if (DECISIONS_ABOUT_PEOPLE.test(uc.description)) t3.push("informs decisions about individuals");
  if (uc.dataSensitivity === "confidential") t2.push("uses Confidential data");
  if (CUSTOMER_OUTPUT.test(uc.description)) t2.push("output reaches customers after human review");
  const tier: RiskTier = t3.length > 0 ? 3 : t2.length > 0 ? 2 : 1;
  const tierReasons = tier === 3 ? t3 : tier === 2 ? t2 : [`${uc.dataSensitivity === "public" ? "Public" : "Internal"} data, output reviewed by the user`];
  const minimum = MINIMUM_RISK[tier];
  return { tier, tierReasons, risk: Math.max(uc.statedRisk, minimum), stated: uc.statedRisk, disagrees: uc.statedRisk < minimum };
}

export interface RiskDisagreement {
  id: string;
  path: string;
  line: number;
  stated: number;
  derived: number;
  tier: RiskTier;
  reasons: string[];
}

/** Use cases whose hand-written risk is below what the governance tiers require (for lint and the report). */
export function riskDisagreements(catalog: readonly UseCaseRecord[]): RiskDisagreement[] {
  return catalog.flatMap((uc) => {
    const d = deriveRisk(uc);
    return d.disagrees ? [{ id: uc.id, path: uc.path, line: uc.line, stated: d.stated, derived: d.risk, tier: d.tier, reasons: d.tierReasons }] : [];
  });
}
