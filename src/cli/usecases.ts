/** `partnerpilot usecases` and `partnerpilot readiness`: the use-case finder and integration readiness. */
import { type Command, InvalidArgumentError } from "commander";
import type { Config } from "../config.ts";
import type { Logger } from "../logging.ts";
import { createUseCaseService, parseDataLevel, ReadinessError, parseIntake, splitTools, type SuggestionList } from "../usecases/index.ts";
import type { Readiness } from "../usecases/readiness.ts";

/** The `usecases --json` object (DESIGN.md contract; extra fields after the contract's). */
export function useCasesJson(list: SuggestionList) {
  return {
    useCases: list.suggestions.map((s) => ({
      id: s.useCase.id,
      title: s.useCase.title,
      path: s.useCase.path,
      score: s.score,
      reasons: s.reasons,
      hoursSaved: s.useCase.hoursSaved.perPersonPerWeek,
      effort: s.useCase.effort,
      risk: s.risk.risk,
      hoursSavedBasis: s.useCase.hoursSaved.basis,
      riskTier: s.risk.tier,
      statedRisk: s.risk.stated,
      status: s.useCase.status.value,
      prompt: s.prompt,
      guardrail: s.guardrail ?? null,
      readinessSteps: s.readinessSteps,
      parts: s.parts,
    })),
    function: list.function ?? null,
    fit: list.fit,
    message: list.message ?? null,
  };
}

/** Readable text of a suggestion list (the CLI without --json, and the terminal chat). */
export function useCasesText(list: SuggestionList): string {
  const out: string[] = [];
  if (list.message) out.push(list.message, "");
  list.suggestions.forEach((s, i) => {
    const uc = s.useCase;
    out.push(`${i + 1}. ${uc.title}  (${uc.hoursSaved.perPersonPerWeek} h/week, effort ${uc.effort}/5, risk ${s.risk.risk}/5, ${uc.status.value}) [${uc.path}]`);
    for (const r of s.reasons) out.push(`   - ${r}`);
    out.push(`   Try: "${s.prompt}"`);
    if (s.guardrail) out.push(`   Guardrail: ${s.guardrail}`);
    for (const step of s.readinessSteps) out.push(`   Before you start: ${step}`);
  });
  return out.join("\n");
}

export function readinessText(r: Readiness): string {
  const c = r.complexity;
  return [
    `${r.playbook.title} (${r.playbook.path}), owned by ${r.owningTeam}`,
    `Complexity ${c.score}/${c.max} (${c.level}): ${c.parts.map((p) => `${p.name} ${p.points}/${p.max} [${p.value}]`).join(", ")}`,
    `Security review: ${r.securityReview.track}${r.securityReview.businessDays ? `, ${r.securityReview.businessDays} business days` : ""} (${r.securityReview.why})`,
    ...(r.approval ? [`Approval (Tier ${r.approval.tier}): ${r.approval.who}`] : []),
    "Prerequisites:",
    ...r.prerequisites.map((p) => `  [ ] ${p}`),
    "Lead times:",
    ...r.leadTimes.map((l) => `  - ${l}`),
    "Who owns what:",
    ...r.owners.map((o) => `  - ${o}`),
    r.partner.recommended ? `A certified partner is recommended (${r.partner.why.join("; ")}). Summary: ${r.partner.summary}` : "Self-service: no partner needed at this size.",
  ].join("\n");
}

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`--${name} must be a whole number of at least 1`);
    return n;
  };
}

export function registerUseCaseCommands(program: Command, config: Config, logger: Logger): void {
  program
    .command("usecases")
    .description("AI use cases for a role, ranked and explained")
    .requiredOption("--role <role>", "your role or job title")
    .option("--department <department>", "your department")
    .option("--tools <tools>", 'tools you use, comma-separated ("Excel, SAP, Teams")')
    .option("--goal <text>", "what takes most of your time")
    .option("--regulated", "you work with regulated data (PHI, credit, payment card, bulk HR data)")
    .option("--limit <n>", "how many to show", positiveInt("limit"), 5)
    .option("--json", "print one JSON object")
    .action(async (opts: { role: string; department?: string; tools?: string; goal?: string; regulated?: boolean; limit: number; json?: boolean }) => {
      const intake = parseIntake({ role: opts.role, department: opts.department, tools: splitTools(opts.tools), goal: opts.goal, regulated: opts.regulated ?? false });
      const service = await createUseCaseService(config, logger);
      const list = service.suggest(intake, { limit: opts.limit });
      process.stdout.write(opts.json ? `${JSON.stringify(useCasesJson(list))}\n` : `${useCasesText(list)}\n`);
    });

  program
    .command("readiness")
    .description("what connecting AI to a system takes: checklist, owners, reviews, lead times, complexity score")
    .option("--system <system>", "the system (salesforce, sap, servicenow, workday, …)")
    .option("--use-case <id>", "a use case id instead of a system")
    .option("--users <n>", "how many people will use it", positiveInt("users"))
    .option("--countries <n>", "in how many countries", positiveInt("countries"))
    .option("--data <level>", "public, internal, confidential or restricted")
    .option("--writes", "the AI writes back into the system")
    .option("--json", "print one JSON object")
    .action(async (opts: { system?: string; useCase?: string; users?: number; countries?: number; data?: string; writes?: boolean; json?: boolean }) => {
      if (!opts.system === !opts.useCase) throw new ReadinessError("give either --system S or --use-case ID");
      const service = await createUseCaseService(config, logger);
      let readiness: Readiness | undefined;
      if (opts.useCase) {
        if (!service.useCase(opts.useCase)) throw new ReadinessError(`no use case "${opts.useCase}" in the catalog`);
        readiness = service.readinessForUseCase(opts.useCase, { users: opts.users, countries: opts.countries });
        if (!readiness) {
          process.stdout.write(opts.json ? `${JSON.stringify({ readiness: null, message: "needs no integration: it runs in an approved tool" })}\n` : "This use case needs no integration: it runs in an approved tool.\n");
          return;
        }
      } else {
        readiness = service.readiness({
          system: opts.system!,
          users: opts.users,
          countries: opts.countries,
          data: opts.data ? parseDataLevel(opts.data) : undefined,
          writes: opts.writes ?? false,
        });
      }
      process.stdout.write(opts.json ? `${JSON.stringify(readiness)}\n` : `${readinessText(readiness)}\n`);
    });
}
