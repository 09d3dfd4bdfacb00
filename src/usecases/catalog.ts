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

/**
 * Renders a use case as plain sentences: the form it takes in the search index (surfaces get the typed record,
 * `Chunk.useCase`, never this text).
 */
export function describeUseCase(uc: UseCase): string {
  return [
    `Use case: ${uc.title}. ${uc.description}`,
    `Roles: ${uc.roles.join(", ")}.`,
    `Example prompts: ${uc.example_prompts.map((p) => `"${p}"`).join("; ")}.`,
    `Value: about ${uc.hours_saved_per_week} hours saved per person per week; effort ${uc.effort}/5, risk ${uc.risk}/5, data sensitivity ${uc.data_sensitivity}, maturity stage ${uc.maturity_stage}.`,
    `Systems: ${uc.systems.join(", ")}. KPIs: ${uc.kpis.join(", ")}.`,
  ].join("\n");
}
