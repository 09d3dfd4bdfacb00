/**
 * The use-case feature behind every surface (Slack, CLI, terminal chat): the catalog, its matcher and the
 * playbooks readiness reads. Built once at start; every method is pure and synchronous after that.
 */
import type { WordVectors } from "../retrieval/embedders/word-vectors.ts";
import type { Playbook } from "../retrieval/playbooks.ts";
import { catalogFromPlaybooks, type UseCaseRecord } from "./catalog.ts";
import { APPROVED_TOOLS, deriveRisk, needsIntegration } from "./governance.ts";
import type { Intake } from "./intake.ts";
import { UseCaseMatcher, type RankedUseCase, type RankOptions, type Ranking } from "./ranking.ts";
import { assessReadiness, assessUseCaseReadiness, type Readiness, type ReadinessRequest } from "./readiness.ts";

/** A ranked use case with what a person needs to start: a prompt, the guardrail, the readiness steps. */
export interface Suggestion extends RankedUseCase {
  /** A prompt to try today (the catalog's first example). */
  prompt: string;
  /** The catalog's guardrail for it (first sentence of its notes), when it has one. */
  guardrail?: string;
  /** What has to happen before it can be used, shortest path first. */
  readinessSteps: string[];
}

export interface SuggestionList extends Omit<Ranking, "useCases"> {
  suggestions: Suggestion[];
}


export class UseCaseService {
  readonly catalog: UseCaseRecord[];
  readonly matcher: UseCaseMatcher;
  private readonly byId: Map<string, UseCaseRecord>;

  constructor(
    private readonly playbooks: readonly Playbook[],
    wordVectors?: WordVectors,
  ) {
    this.catalog = catalogFromPlaybooks(playbooks);
    this.matcher = new UseCaseMatcher(this.catalog, wordVectors);
    this.byId = new Map(this.catalog.map((uc) => [uc.id, uc]));
  }

  useCase(id: string): UseCaseRecord | undefined {
    return this.byId.get(id);
  }

  /** Ranked suggestions for an intake, each with why, a prompt, the guardrail and its readiness steps. */
  suggest(intake: Intake, options: RankOptions = {}): SuggestionList {
    const { useCases, ...rest } = this.matcher.rank(intake, options);
    return { ...rest, suggestions: useCases.map((r) => this.toSuggestion(r)) };
  }

  /** Readiness for a system (see readiness.ts); throws ReadinessError for an unknown system. */
  readiness(request: ReadinessRequest): Readiness {
    return assessReadiness(request, this.playbooks);
  }

  /** Readiness for a use case's integration; undefined when it needs none of the systems with a playbook. */
  readinessForUseCase(id: string, extra: Pick<ReadinessRequest, "users" | "countries"> = {}): Readiness | undefined {
    const uc = this.byId.get(id);
    return uc ? assessUseCaseReadiness(uc, this.playbooks, extra) : undefined;
  }

  /** The short "before you start" list for one use case. */
  readinessSteps(uc: UseCaseRecord): string[] {
    const risk = deriveRisk(uc);
    const steps: string[] = [];
    const approved = uc.systems.filter((s) => s in APPROVED_TOOLS).map((s) => APPROVED_TOOLS[s]!);
    const integration = needsIntegration(uc, risk);
    if (risk.tier === 1) {
      steps.push(`Tier 1: your line manager's OK is enough${approved.length > 0 ? `; it runs in ${approved.join(" and ")}, which you can use today` : ""}`);
    } else {
      steps.push(`Raise an "AI Use Case Intake" request in ServiceNow: it is Tier ${risk.tier} (${risk.tierReasons.join("; ")})`);
    }
    if (integration) {
      const r = assessUseCaseReadiness(uc, this.playbooks);
      if (r) {
        steps.push(`${r.securityReview.track}${r.securityReview.businessDays ? ` (${r.securityReview.businessDays} business days)` : ""} by Information Security`);
        if (r.expectedLeadTime) steps.push(`Integration (${r.playbook.title.replace(/^Connecting AI (assistants )?to /i, "")}, owned by ${r.owningTeam}): ${r.expectedLeadTime.replace(/\.$/, "")}`);
      }
    }
    if (risk.tier === 3) steps.push("Tier 3 also needs a DPIA, red teaming and a named business owner before launch");
    return steps;
  }

  /** The prompt, guardrail and steps of one use case outside a ranking (a button on an earlier list). */
  suggestionFor(uc: UseCaseRecord): Pick<Suggestion, "prompt" | "guardrail" | "readinessSteps"> {
    const guardrail = firstSentence(uc.notes);
    return { prompt: uc.examplePrompts[0]!, ...(guardrail ? { guardrail } : {}), readinessSteps: this.readinessSteps(uc) };
  }

  private toSuggestion(r: RankedUseCase): Suggestion {
    const uc = r.useCase;
    const guardrail = firstSentence(uc.notes);
    return { ...r, prompt: uc.examplePrompts[0]!, ...(guardrail ? { guardrail } : {}), readinessSteps: this.readinessSteps(uc) };
  }
}

function firstSentence(text: string): string | undefined {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return undefined;
  const m = /^(.+?[.!?])(\s|$)/.exec(t);
  return (m ? m[1]! : t).trim();
}
