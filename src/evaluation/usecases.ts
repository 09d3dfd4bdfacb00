/**
 * Use-case finder quality on labelled intakes (test/eval/usecases.jsonl): hit@5 (any of the five suggestions
 * is one the labeller accepted; for "nothing fits" cases, the finder said so) and function accuracy, per split.
 */
import { z } from "zod";
import { parseIntake } from "../usecases/intake.ts";
import type { UseCaseService } from "../usecases/UseCaseService.ts";

export const UseCaseEvalCaseSchema = z.object({
  role: z.string(),
  department: z.string().optional(),
  tools: z.array(z.string()).optional(),
  goal: z.string().optional(),
  regulated: z.boolean().optional(),
  persona: z.string().optional(),
  /** A catalog function id, or "none" when nothing in the catalogs fits. */
  function: z.string().min(1),
  acceptable: z.array(z.string()),
  split: z.enum(["dev", "holdout"]),
});

export type UseCaseEvalCase = z.infer<typeof UseCaseEvalCaseSchema>;

export interface UseCaseEvalResult {
  split: "dev" | "holdout";
  cases: number;
  hitAt5: number;
  functionAccuracy: number;
  misses: { role: string; expected: string[]; got: string[]; expectedFunction: string; gotFunction: string }[];
}

/** Checks the labels against the catalog: every accepted id and function must exist. */
export function checkLabels(cases: UseCaseEvalCase[], service: UseCaseService, file: string): void {
  const functions = new Set(service.catalog.map((uc) => uc.function));
  cases.forEach((c, i) => {
    for (const id of c.acceptable) if (!service.useCase(id)) throw new Error(`${file}: case ${i + 1} accepts "${id}", which is not in the catalog`);
    if (c.function !== "none" && !functions.has(c.function)) throw new Error(`${file}: case ${i + 1} expects function "${c.function}", which has no catalog`);
  });
}

export function evaluateUseCases(service: UseCaseService, cases: UseCaseEvalCase[]): UseCaseEvalResult[] {
  const out: UseCaseEvalResult[] = [];
  for (const split of ["dev", "holdout"] as const) {
    const mine = cases.filter((c) => c.split === split);
    if (mine.length === 0) continue;
    let hits = 0;
    let fnRight = 0;
    const misses: UseCaseEvalResult["misses"] = [];
    for (const c of mine) {
      const list = service.suggest(parseIntake({ role: c.role, department: c.department, tools: c.tools ?? [], goal: c.goal, regulated: c.regulated ?? false }), { limit: 5 });
      const got = list.suggestions.map((s) => s.useCase.id);
      const gotFunction = list.fit === "none" ? "none" : (list.function?.id ?? "none");
      const hit = c.function === "none" && c.acceptable.length === 0 ? list.fit === "none" : got.some((id) => c.acceptable.includes(id));
      if (hit) hits++;
      if (gotFunction === c.function) fnRight++;
      if (!hit || gotFunction !== c.function) misses.push({ role: c.role, expected: c.acceptable, got, expectedFunction: c.function, gotFunction });
    }
    out.push({ split, cases: mine.length, hitAt5: hits / mine.length, functionAccuracy: fnRight / mine.length, misses });
  }
  return out;
}
