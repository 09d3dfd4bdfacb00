import { parse } from "yaml";
import { z } from "zod";

/** Info string that marks a machine-readable use case inside a catalog playbook (```yaml usecase). */
export const USE_CASE_FENCE = /^yaml\s+usecase\b/;

const score = z.number().int().min(1).max(5);

export const UseCaseSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]+$/),
  title: z.string().min(3),
  roles: z.array(z.string()).min(1),
  description: z.string().min(10),
  example_prompts: z.array(z.string()).min(1),
  /** Hours saved per person per week (see `hours_saved_basis`). */
  hours_saved_per_week: z.number().min(0).max(40),
  /** `raw`: drafting time saved; `adjusted`: net of the time spent reviewing the AI's output. */
  hours_saved_basis: z.enum(["raw", "adjusted"]).optional(),
  /** Where the use case stands in this company. */
  status: z.enum(["idea", "piloting", "live", "paused"]).optional(),
  /** Where the hours-saved figure comes from (a pilot, a vendor study, an estimate). */
  evidence: z.string().min(3).max(400).optional(),
  effort: score,
  risk: score,
  data_sensitivity: z.enum(["public", "internal", "confidential", "restricted"]),
  systems: z.array(z.string()),
  maturity_stage: z.enum(["explore", "pilot", "scale", "optimize"]),
  kpis: z.array(z.string()).min(1),
});

export type UseCase = z.infer<typeof UseCaseSchema>;

/** Parses the YAML of one use-case block; throws with the zod reason when a field is missing or wrong. */
export function parseUseCase(yamlText: string): UseCase {
  const data = parse(yamlText) as unknown;
  const parsed = UseCaseSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`use case field "${issue.path.join(".") || "(root)"}" ${issue.message}`);
  }
  return parsed.data;
}

/** Renders a use case as plain sentences, the form it takes in the search index and in answers. */
export function describeUseCase(uc: UseCase): string {
  return [
    `Use case: ${uc.title}. ${uc.description}`,
    `Roles: ${uc.roles.join(", ")}.`,
    `Example prompts: ${uc.example_prompts.map((p) => `"${p}"`).join("; ")}.`,
    `Value: about ${uc.hours_saved_per_week} hours saved per person per week; effort ${uc.effort}/5, risk ${uc.risk}/5, data sensitivity ${uc.data_sensitivity}, maturity stage ${uc.maturity_stage}.`,
    `Systems: ${uc.systems.join(", ")}. KPIs: ${uc.kpis.join(", ")}.`,
  ].join("\n");
}

/** A use case read back from its rendered text (`describeUseCase`), plus the prose notes that followed it. */
export interface DescribedUseCase {
  title: string;
  description: string;
  roles: string[];
  examplePrompts: string[];
  hoursSavedPerWeek: number;
  effort: number;
  risk: number;
  dataSensitivity: string;
  maturityStage: string;
  /** The playbook's own text after the use case block (guardrails, owners), possibly empty. */
  notes: string;
}

const DESCRIBED =
  /^Use case: (.+?)\. (.+)\nRoles: (.+)\.\nExample prompts: (.+)\.\nValue: about ([\d.]+) hours saved per person per week; effort (\d)\/5, risk (\d)\/5, data sensitivity (\w+), maturity stage (\w+)\.\nSystems: .*(?:\n([\s\S]*))?$/;

/** Parses text rendered by `describeUseCase` (a chunk of a catalog playbook); undefined for any other text. */
export function readDescribedUseCase(text: string): DescribedUseCase | undefined {
  const m = DESCRIBED.exec(text);
  if (!m) return undefined;
  return {
    title: m[1]!,
    description: m[2]!.trim(),
    roles: m[3]!.split(", "),
    examplePrompts: [...m[4]!.matchAll(/"([^"]+)"/g)].map((p) => p[1]!),
    hoursSavedPerWeek: Number(m[5]),
    effort: Number(m[6]),
    risk: Number(m[7]),
    dataSensitivity: m[8]!,
    maturityStage: m[9]!,
    notes: (m[10] ?? "").trim(),
  };
}
