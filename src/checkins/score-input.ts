/**
 * The `checkins score --json` input contract: one response per JSON line,
 * `{"participant": "U1", "team": "T1", "round": "2026-11-24", "adkar": {"awareness": 4, ...}}` (an element may be
 * missing). Parsing is all-or-nothing: a bad line is reported with its number and nothing is scored.
 */
import { z } from "zod";
import type { Response } from "./scoring.ts";

const scale = z.number({ invalid_type_error: "must be a number from 1 to 5" }).min(1, "must be from 1 to 5").max(5, "must be from 1 to 5");

export const ResponseLineSchema = z.object({
  participant: z.string().min(1, "must be a non-empty string"),
  team: z.string().min(1, "must be a non-empty string"),
  round: z.string().min(1, "must be a non-empty string"),
  adkar: z
    .object({ awareness: scale.optional(), desire: scale.optional(), knowledge: scale.optional(), ability: scale.optional(), reinforcement: scale.optional() })
    .strict(),
});

export class ScoreInputError extends Error {
  readonly code = "score_input_invalid";
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ScoreInputError";
  }
}

/** Parses JSON lines (blank lines ignored); throws ScoreInputError naming every bad line (up to 20). */
export function parseResponseLines(lines: readonly string[]): Response[] {
  const out: Response[] = [];
  const problems: string[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`line ${i + 1}: not valid JSON`);
      return;
    }
    const parsed = ResponseLineSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.join(".") || "line";
      problems.push(`line ${i + 1}: ${where} ${issue.code === "unrecognized_keys" ? `has unknown element(s) ${issue.keys.join(", ")}` : issue.message}`);
      return;
    }
    out.push(parsed.data);
  });
  if (problems.length > 0) throw new ScoreInputError(problems.slice(0, 20));
  return out;
}
