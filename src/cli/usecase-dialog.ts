/**
 * The terminal chat's `/usecases` command: a guided intake, one question per line (Enter skips an optional one),
 * then the ranked list. Pure: lines in, prompts and the finished intake out.
 */
import { IntakeError, parseIntake, splitTools, type Intake } from "../usecases/intake.ts";

const STEPS = [
  { field: "role", ask: "Your role or job title?" },
  { field: "department", ask: "Department? (Enter to skip)" },
  { field: "tools", ask: "Tools you use, comma-separated? (Enter to skip)" },
  { field: "goal", ask: "What eats your week? Your biggest time sinks, in your own words. (Enter to skip)" },
  { field: "regulated", ask: "Does your work involve regulated data (patient data, credit decisions, payment cards, HR data in bulk)? y/N" },
] as const;

export type DialogStep = { ask: string } | { intake: Intake } | { cancelled: true };

export class UseCaseDialog {
  private step = 0;
  private readonly raw: Record<string, string> = {};

  /** The first question. */
  start(): string {
    return `${STEPS[0].ask}  (/cancel to stop)`;
  }

  /** Takes the answer to the current question; returns the next question, the finished intake, or a re-ask. */
  answer(line: string): DialogStep {
    const text = line.trim();
    if (text === "/cancel") return { cancelled: true };
    const current = STEPS[this.step]!;
    if (current.field === "regulated" && text && !/^(y|yes|n|no)$/i.test(text)) return { ask: `Please answer y or n. ${current.ask}` };
    this.raw[current.field] = text;
    if (current.field === "role") {
      try {
        parseIntake({ role: text });
      } catch (err) {
        if (err instanceof IntakeError) return { ask: `${err.errors[0]!.message}. ${current.ask}` };
        throw err;
      }
    }
    this.step += 1;
    if (this.step < STEPS.length) return { ask: STEPS[this.step]!.ask };
    try {
      return {
        intake: parseIntake({
          role: this.raw.role,
          department: this.raw.department || undefined,
          tools: splitTools(this.raw.tools),
          goal: this.raw.goal || undefined,
          regulated: /^y/i.test(this.raw.regulated ?? ""),
        }),
      };
    } catch (err) {
      if (!(err instanceof IntakeError)) throw err;
      // A field other than the role was too long: ask that one again.
      const field = err.errors[0]!.field;
      this.step = STEPS.findIndex((s) => s.field === field);
      return { ask: `${err.errors[0]!.message}. ${STEPS[this.step]!.ask}` };
    }
  }
}
