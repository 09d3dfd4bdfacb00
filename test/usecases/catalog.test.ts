import { describe, expect, it } from "vitest";
import { replyBody } from "../../src/assistant/answer-text.ts";
import { composeUseCaseAnswer } from "../../src/assistant/composer.ts";
import type { Chunk } from "../../src/retrieval/chunking.ts";
import type { SearchHit } from "../../src/retrieval/KnowledgeIndex.ts";
import { describeUseCase, type UseCase } from "../../src/usecases/catalog.ts";

const base: UseCase = {
  id: "ap-exceptions",
  title: "AP invoice exception handling",
  roles: ["accounts payable clerk", "AP team lead"],
  description: "Blocked invoices are explained with the likely cause and a draft query to the buyer.",
  example_prompts: ["Why is invoice 5105559821 blocked?", "Draft a query to the buyer"],
  hours_saved_per_week: 5,
  effort: 4,
  risk: 3,
  data_sensitivity: "confidential",
  systems: ["sap"],
  maturity_stage: "scale",
  kpis: ["exception cycle time"],
};

function hit(uc: UseCase, score: number, notes = ""): SearchHit {
  const chunk = { id: 0, path: "usecases/finance.md", title: "AI use cases for Finance", section: uc.title, owner: "Finance Systems", reviewed: "2026-11-03", text: `${describeUseCase(uc)}${notes ? `\n\n${notes}` : ""}`, useCase: uc, useCaseNotes: notes } as Chunk;
  return { chunk, score, termCoverage: 0 };
}

describe("composeUseCaseAnswer", () => {
  const idf = () => 1;
  const onboarding: UseCase = { ...base, id: "onboarding", title: "Onboarding plans for new hires", roles: ["HR business partner"], description: "Copilot drafts a 30-60-90 day plan.", example_prompts: ["Plan for a new accounts payable clerk"], effort: 2, risk: 1, hours_saved_per_week: 1 };

  it("ranks by who the use case is for over a mention in an example prompt, and cites each one", () => {
    const r = composeUseCaseAnswer("ideas for accounts payable clerks", [hit(onboarding, 1), hit(base, 0.9, "Never post to SAP without the clerk's approval.")], idf)!;
    const answer = replyBody(r.reply);
    expect(r.reply.useCases.map((u) => u.id)).toEqual(["ap-exceptions", "onboarding"]);
    const items = answer.split("\n").filter((l) => /^\d\. \*\*/.test(l));
    expect(items[0]).toContain("AP invoice exception handling");
    expect(items[1]).toContain("Onboarding plans");
    expect(answer).toContain("Watch out: Never post to SAP without the clerk's approval.");
    expect(answer).toContain('Try: "Why is invoice 5105559821 blocked?"');
    // The easiest start is the lowest effort + risk, whatever the order.
    expect(answer).toContain("**Easiest place to start:** Onboarding plans for new hires (effort 2/5, risk 1/5)");
    expect(r.citations.map((c) => c.section)).toEqual(["AP invoice exception handling", "Onboarding plans for new hires"]);
  });

  it("orders the same use cases as asked: lowest risk, least effort, most hours saved", () => {
    const risky: UseCase = { ...base, id: "risky", title: "Risky but valuable", effort: 1, risk: 5, hours_saved_per_week: 9 };
    const hits = [hit(base, 1), hit(onboarding, 0.9), hit(risky, 0.8)];
    const first = (q: string) => replyBody(composeUseCaseAnswer(q, hits, idf)!.reply).split("\n").find((l) => /^1\. /.test(l));
    expect(first("which one is lowest risk?")).toContain("Onboarding plans");
    expect(first("what are the quick wins?")).toContain("Risky but valuable");
    expect(first("which saves the most hours?")).toContain("Risky but valuable");
    expect(composeUseCaseAnswer("which one is lowest risk?", hits, idf)!.reply.order).toMatch(/lowest risk first/);
  });

  it("needs at least two distinct use cases, otherwise the general composer answers", () => {
    expect(composeUseCaseAnswer("ap", [hit(base, 1), hit(base, 0.8)], idf)).toBeUndefined();
    expect(composeUseCaseAnswer("ap", [], idf)).toBeUndefined();
  });
});

describe("composeAnswer steps", () => {
  it("takes steps only from a passage related to the question, not from any numbered procedure", async () => {
    const { composeAnswer } = await import("../../src/assistant/composer.ts");
    const chunk = (id: number, path: string, section: string, text: string) =>
      ({ id, path, title: path, section, owner: "o", reviewed: "2026-01-01", text }) as Chunk;
    const hits: SearchHit[] = [
      { chunk: chunk(1, "change/pilot-to-scale.md", "Scaling in waves", "Roll out in waves of 100 to 300 users after the pilot has met its exit criteria. Start with the teams whose champions are trained."), score: 1, termCoverage: 0 },
      { chunk: chunk(2, "change/adkar.md", "Scoring rules", "1. A check-in asks ten questions.\n2. Each answer is scored 1-5.\n3. The lowest dimension is the barrier point."), score: 0.8, termCoverage: 0 },
    ];
    const answer = replyBody(composeAnswer({ question: "how do we start the rollout to more users?", hits, idf: () => 1 })!.reply);
    expect(answer).not.toContain("**Steps**");
    expect(answer.split("\n")[0]).toMatch(/waves/);
  });
});

describe("composeAnswer text units", () => {
  it("never leads with a quoted example prompt or a bare use-case title; keeps a bold label's colon; no ';.' endings", async () => {
    const { composeAnswer } = await import("../../src/assistant/composer.ts");
    const chunk = (id: number, section: string, text: string) =>
      ({ id, path: "integrations/sso-scim.md", title: "SSO", section, owner: "o", reviewed: "2026-01-01", text }) as Chunk;
    const hits: SearchHit[] = [
      { chunk: chunk(1, "Example questions", '- "How do I get access to ChatGPT Enterprise?"\n- "Who approves access to Copilot?"'), score: 1, termCoverage: 0 },
      { chunk: chunk(2, "Access", "Use case: Access requests.\n- **Request**: open the IT portal and pick ChatGPT Enterprise to get access;"), score: 0.9, termCoverage: 0 },
    ];
    const answer = replyBody(composeAnswer({ question: "how do I get access to ChatGPT Enterprise?", hits, idf: () => 1 })!.reply);
    const lead = answer.split("\n")[0]!;
    expect(lead).not.toMatch(/^"/);
    expect(answer).not.toMatch(/^Use case: Access requests\.|• Use case: Access requests\./m);
    expect(answer).not.toContain(";.");
    expect(lead).toBe("Request: open the IT portal and pick ChatGPT Enterprise to get access. [1]");
  });
});

describe("composeAnswer inline bold", () => {
  it("removes bold in the middle of a sentence without turning it into a label", async () => {
    const { composeAnswer } = await import("../../src/assistant/composer.ts");
    const chunk = { id: 1, path: "governance/data-residency.md", title: "Data residency", section: "Regions", owner: "o", reviewed: "2026-01-01", text: "EU workloads run in **Sweden Central** (primary) and **West Europe** (failover) for every Azure OpenAI deployment." } as Chunk;
    const answer = replyBody(composeAnswer({ question: "which azure regions do eu workloads run in?", hits: [{ chunk, score: 1, termCoverage: 0 }], idf: () => 1 })!.reply);
    expect(answer.split("\n")[0]).toBe("EU workloads run in Sweden Central (primary) and West Europe (failover) for every Azure OpenAI deployment. [1]");
  });
});
