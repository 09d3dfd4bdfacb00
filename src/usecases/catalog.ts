import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { loadPlaybooks, PlaybookError, type Playbook } from "../retrieval/playbooks.ts";

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

/** The business functions the catalog covers: one catalog file per function (`usecases/<function>.md`). */
export type FunctionId = string;

/** How the hours-saved figure was measured; `unstated` until the catalog says. */
export type HoursSavedBasis = "raw" | "adjusted" | "unstated";

/** Where a use case stands; `derived` when the catalog gives no status and it was read from the maturity stage. */
export type UseCaseStatus = NonNullable<UseCase["status"]>;

/** One use case as the rest of the code sees it: typed, with defaults filled in and its place in the catalog. */
export interface UseCaseRecord {
  id: string;
  title: string;
  /** Catalog file relative to the knowledge directory (`usecases/finance.md`). */
  path: string;
  /** 1-based line of the ```yaml usecase block in that file. */
  line: number;
  /** The function (catalog file name without `.md`, e.g. `finance`). */
  function: FunctionId;
  /** The catalog's title ("AI use cases for Finance"). */
  catalogTitle: string;
  /** The catalog's audience and tags (`fp-and-a`, `accounts-payable`): the words that name its function. */
  functionWords: string[];
  /** Team that keeps the catalog current. */
  owner: string;
  reviewed: string;
  roles: string[];
  description: string;
  examplePrompts: string[];
  hoursSaved: { perPersonPerWeek: number; basis: HoursSavedBasis };
  status: { value: UseCaseStatus; stated: boolean };
  evidence?: string;
  effort: number;
  /** The risk written in the catalog (1–5); see governance.ts for the risk derived from the tiers. */
  statedRisk: number;
  dataSensitivity: UseCase["data_sensitivity"];
  systems: string[];
  maturityStage: UseCase["maturity_stage"];
  kpis: string[];
  /** The catalog's prose after the block (guardrails, owners), possibly empty. */
  notes: string;
}

const STATUS_FROM_STAGE: Record<UseCase["maturity_stage"], UseCaseStatus> = {
  explore: "idea",
  pilot: "piloting",
  scale: "live",
  optimize: "live",
};

/**
 * The use cases of one catalog playbook (`usecases/*.md`), in file order. Throws PlaybookError with the file,
 * the block's line and the field when a block is invalid.
 */
export function useCasesOf(pb: Playbook): UseCaseRecord[] {
  const lines = pb.body.split(/\r?\n/);
  const out: UseCaseRecord[] = [];
  const fn = path.posix.basename(pb.path, ".md");
  let i = 0;
  while (i < lines.length) {
    const open = /^\s*(```|~~~)\s*(.*)$/.exec(lines[i]!);
    if (!open) {
      i++;
      continue;
    }
    const info = open[2]!.trim();
    const start = i;
    const body: string[] = [];
    i++;
    while (i < lines.length && !/^\s*(```|~~~)\s*$/.test(lines[i]!)) body.push(lines[i++]!);
    const line = pb.bodyLine + start;
    if (i >= lines.length) throw new PlaybookError(pb.path, line, "code block is never closed");
    i++;
    if (!USE_CASE_FENCE.test(info)) continue;
    let uc: UseCase;
    try {
      uc = parseUseCase(body.join("\n"));
    } catch (err) {
      throw new PlaybookError(pb.path, line, (err as Error).message);
    }
    // Prose after the block, up to the next heading or block: the guardrail and who owns it.
    const notes: string[] = [];
    while (i < lines.length && !/^\s*(#{1,6}\s|```|~~~)/.test(lines[i]!)) notes.push(lines[i++]!);
    out.push({
      id: uc.id,
      title: uc.title,
      path: pb.path,
      line,
      function: fn,
      catalogTitle: pb.title,
      functionWords: [...new Set([...(pb.audience ?? []), ...pb.tags])],
      owner: pb.owner,
      reviewed: pb.reviewed,
      roles: uc.roles,
      description: uc.description,
      examplePrompts: uc.example_prompts,
      hoursSaved: { perPersonPerWeek: uc.hours_saved_per_week, basis: uc.hours_saved_basis ?? "unstated" },
      status: uc.status ? { value: uc.status, stated: true } : { value: STATUS_FROM_STAGE[uc.maturity_stage], stated: false },
      ...(uc.evidence ? { evidence: uc.evidence } : {}),
      effort: uc.effort,
      statedRisk: uc.risk,
      dataSensitivity: uc.data_sensitivity,
      systems: uc.systems,
      maturityStage: uc.maturity_stage,
      kpis: uc.kpis,
      notes: notes.join("\n").trim(),
    });
  }
  return out;
}

/** Every use case of the catalog playbooks (`usecases/…`) among `playbooks`; a duplicate id is an error. */
export function catalogFromPlaybooks(playbooks: readonly Playbook[]): UseCaseRecord[] {
  const seen = new Map<string, UseCaseRecord>();
  const out: UseCaseRecord[] = [];
  for (const pb of [...playbooks].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!pb.path.startsWith("usecases/")) continue;
    for (const uc of useCasesOf(pb)) {
      const first = seen.get(uc.id);
      if (first) throw new PlaybookError(uc.path, uc.line, `duplicate use case id "${uc.id}" (also in ${first.path}:${first.line})`);
      seen.set(uc.id, uc);
      out.push(uc);
    }
  }
  return out;
}

/** Reads and validates the catalog under `knowledgeDir/usecases/`; throws PlaybookError (file, line, field). */
export async function loadCatalog(knowledgeDir: string): Promise<UseCaseRecord[]> {
  const catalog = catalogFromPlaybooks(await loadPlaybooks(knowledgeDir));
  if (catalog.length === 0) throw new PlaybookError(`${knowledgeDir}/usecases`, undefined, "the use-case catalog has no ```yaml usecase blocks");
  return catalog;
}
