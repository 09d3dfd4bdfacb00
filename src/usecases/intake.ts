/**
 * The use-case intake: who you are and what eats your week. Validated once here for every surface (the Slack
 * modal, the CLI flags, the terminal chat), so each gets the same field-by-field answer to bad input.
 */
import { z } from "zod";

export const INTAKE_LIMITS = { role: 150, department: 100, tool: 60, tools: 20, goal: 1500 } as const;

const text = (max: number, what: string) =>
  z
    .string()
    .transform((s) => s.replace(/[\u200b-\u200d\u2060\ufeff]/g, "").replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, `${what} is too long (at most ${max} characters)`));

export const IntakeSchema = z.object({
  role: text(INTAKE_LIMITS.role, "Role").pipe(z.string().min(2, "Tell me your role or job title (e.g. accounts payable clerk)")),
  department: text(INTAKE_LIMITS.department, "Department").optional(),
  tools: z
    .array(text(INTAKE_LIMITS.tool, "A tool name"))
    .max(INTAKE_LIMITS.tools, `List at most ${INTAKE_LIMITS.tools} tools`)
    .default([])
    .transform((tools) => [...new Set(tools.filter((t) => t.length > 0))]),
  goal: text(INTAKE_LIMITS.goal, "What takes your time").optional(),
  regulated: z.boolean().default(false),
});

/** A validated intake: trimmed, zero-width characters removed, empty optional fields absent. */
export interface Intake {
  role: string;
  department?: string;
  tools: string[];
  goal?: string;
  regulated: boolean;
}

export type IntakeField = keyof Intake;

export class IntakeError extends Error {
  readonly code = "intake_invalid";
  constructor(readonly errors: { field: IntakeField; message: string }[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join("; "));
    this.name = "IntakeError";
  }
}

/** Validates raw input; throws IntakeError listing every bad field (not only the first). */
export function parseIntake(raw: unknown): Intake {
  const parsed = IntakeSchema.safeParse(raw);
  if (!parsed.success) {
    const seen = new Set<string>();
    const errors = parsed.error.issues
      .map((i) => ({ field: String(i.path[0] ?? "role") as IntakeField, message: i.message === "Required" ? `${String(i.path[0])} is required` : i.message }))
      .filter((e) => (seen.has(e.field) ? false : (seen.add(e.field), true)));
    throw new IntakeError(errors);
  }
  const { role, department, tools, goal, regulated } = parsed.data;
  return { role, tools, regulated, ...(department ? { department } : {}), ...(goal ? { goal } : {}) };
}

/** Splits a comma/semicolon/newline separated list of tools ("Excel, SAP; Teams"). */
export function splitTools(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[,;\n]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
}

/**
 * Names people use for the company's systems → the catalog's system slugs. Hand-written: it is the company's
 * own vocabulary (the same nicknames the playbooks' `aliases` carry), a few dozen entries.
 */
const SYSTEM_NAMES: [RegExp, string[]][] = [
  [/\b(salesforce|sfdc|sales ?cloud|service ?cloud|crm|agentforce|einstein)\b/i, ["salesforce"]],
  [/\b(sap|s\/?4(hana)?|ecc|fiori|ariba)\b/i, ["sap"]],
  [/\b(servicenow|service now|snow|itsm)\b/i, ["servicenow"]],
  [/\bworkday\b/i, ["workday"]],
  [/\bzendesk\b/i, ["zendesk"]],
  [/\bjira\b/i, ["jira"]],
  [/\bconfluence\b/i, ["confluence"]],
  [/\b(github|git ?hub|copilot for code|vs ?code|ide)\b/i, ["github", "github-copilot"]],
  [/\b(excel|outlook|teams|sharepoint|word|powerpoint|onedrive|m365|microsoft 365|office ?365|o365)\b/i, ["microsoft-365", "m365-copilot"]],
  [/\b(m365 copilot|microsoft copilot|copilot)\b/i, ["m365-copilot"]],
  [/\b(chatgpt|chat gpt|gpt)\b/i, ["chatgpt-enterprise"]],
  [/\b(azure openai|aoai)\b/i, ["azure-openai"]],
  [/\bsnowflake\b/i, ["snowflake"]],
  [/\bdatabricks\b/i, ["databricks"]],
  [/\b(bigquery|big query|looker)\b/i, ["bigquery"]],
  [/\bokta\b/i, ["okta"]],
  [/\b(entra|azure ad|aad)\b/i, ["entra-id"]],
  [/\bslack\b/i, ["slack"]],
  [/\b(docusign|clm)\b/i, ["docusign"]],
  [/\b(google workspace|gmail|google docs|google sheets|google drive|gsuite|g suite)\b/i, ["google-workspace"]],
];

/** The catalog system slugs named in free text (tools list, a goal). Sorted, distinct. */
export function systemsNamed(text: string): string[] {
  const out = new Set<string>();
  for (const [re, slugs] of SYSTEM_NAMES) if (re.test(text)) for (const s of slugs) out.add(s);
  return [...out].sort();
}
