/**
 * The answer as Markdown text: the `answer` field of the `ask --json` contract and what the language model sees
 * of earlier turns. Other surfaces (Slack, the terminal) render the typed reply themselves.
 */
import type { AskResult, Citation, Reply } from "./contract.ts";
import { VERDICT_WORDS } from "./verdict.ts";

const marks = (cites: number[]) => cites.map((n) => `[${n}]`).join("");

/** The reply's body: what it says, without the partner offer and the Sources list. */
export function replyBody(reply: Reply): string {
  switch (reply.kind) {
    case "answer": {
      const parts: string[] = [];
      if (reply.note) parts.push(`_${reply.note}_`);
      parts.push(`${reply.verdict ? `**${VERDICT_WORDS[reply.verdict]}** ` : ""}${reply.lead.text} ${marks(reply.lead.cites)}`);
      if (reply.steps) {
        parts.push(
          `**Steps** (${reply.steps.from}):\n` +
            reply.steps.items.map((s, i) => `${i + 1}. ${s}${i === reply.steps!.items.length - 1 ? ` ${marks(reply.steps!.cites)}` : ""}`).join("\n"),
        );
      }
      // Under the partner route the points are what the playbooks say to the message itself (its first point is the
      // sentence that would have opened the answer), not asides.
      const heading = reply.partnerRoute ? "What the playbooks say:" : "Also worth knowing:";
      if (reply.points.length > 0) parts.push(`**${heading}**\n${reply.points.map((p) => `• ${p.text} ${marks(p.cites)}`).join("\n")}`);
      if (reply.caveat) parts.push(`_${reply.caveat}_`);
      if (reply.inEnglish) parts.push(`_${reply.inEnglish}_`);
      return parts.join("\n\n");
    }
    case "use_cases": {
      const parts: string[] = [];
      if (reply.note) parts.push(`_${reply.note}_`);
      // The opening names every one of them, so the list below is detail, not the answer.
      const titles = reply.useCases.map((u) => u.title);
      // Titles contain "and" themselves ("Collections and dunning emails"), so the list is held together by semicolons.
      const named = titles.length > 2 ? `${titles.slice(0, -1).join("; ")}; and ${titles.at(-1)}` : titles.join(" and ");
      const cites = [...new Set(reply.useCases.map((u) => u.cite))];
      parts.push(`${reply.useCases.length === 1 ? "This use case from the catalogs fits best" : `These ${reply.useCases.length} use cases from the catalogs fit best, ${reply.order}`}: ${named}. ${marks(cites)}`);
      if (reply.caveat) parts.push(`_${reply.caveat}_`);
      parts.push(
        reply.useCases
          .map((u, i) => {
            const lines = [
              `${i + 1}. **${u.title}**: ${u.description} [${u.cite}]`,
              `   About ${u.hoursSavedPerWeek} h saved per person per week${u.hoursSavedBasis ? ` (${u.hoursSavedBasis})` : ""} · effort ${u.effort}/5 · risk ${u.risk}/5 · data: ${u.dataSensitivity} · stage: ${u.maturityStage}${u.status ? ` · status: ${u.status}` : ""}`,
            ];
            if (u.prompt) lines.push(`   Try: "${u.prompt}"`);
            if (u.guardrail) lines.push(`   Watch out: ${u.guardrail}`);
            return lines.join("\n");
          })
          .join("\n"),
      );
      if (reply.start) {
        parts.push(`**Easiest place to start:** ${reply.start.title} (effort ${reply.start.effort}/5, risk ${reply.start.risk}/5). Start small with a pilot group, then measure the hours saved.`);
      }
      if (reply.inEnglish) parts.push(`_${reply.inEnglish}_`);
      return parts.join("\n\n");
    }
    case "model":
      return reply.text;
    case "refusal": {
      const closest = reply.closestTopics.length
        ? `\n\nThe closest topics the playbooks do cover:\n${reply.closestTopics.map((t) => `• ${t.title} › ${t.section} (${t.path})`).join("\n")}`
        : "";
      return `${reply.message}${closest}`;
    }
    case "greeting":
      return `${reply.text}${reply.capabilities.length ? `\n${reply.capabilities.map((c) => `• **${c.label}** ${c.text}`).join("\n")}` : ""}`;
  }
}

/** The partner offer as one paragraph (empty when no partner is recommended). */
export function partnerOffer(escalation: AskResult["escalation"], reply?: Reply): string {
  if (!escalation.recommended) return "";
  const partners = escalation.partners.slice(0, 3);
  const matches = partners.map((p) => `${p.name}${p.reasons[0] ? ` (${p.reasons[0]})` : ""}`).join("; ");
  // An answer that opens with the partner route has said why and how already: the matches and the promise that
  // nothing is shared without consent are left to add.
  if (reply?.kind === "answer" && reply.partnerRoute) return `${matches ? `**Best matches:** ${matches}. ` : ""}Nothing is shared until you confirm the summary I draft.`;
  const named = matches ? ` Best matches: ${matches}.` : "";
  return (
    `**A certified partner could help here.** ${escalation.reasons.join(" ")}${named} ` +
    "Choose *Talk to a partner* and I will draft a short summary for you to confirm; nothing is shared without your consent."
  );
}

/** The numbered Sources list. */
export function sourcesList(citations: Citation[]): string {
  if (citations.length === 0) return "";
  return "**Sources**\n" + citations.map((c, i) => `[${i + 1}] ${c.title} › ${c.section} (${c.path}; owner: ${c.owner}; reviewed ${c.reviewed})`).join("\n");
}

/** What was left out of the message, as an aside after the body (empty when nothing was). */
export function leftOutNote(leftOut: string | undefined): string {
  return leftOut ? `_${leftOut}_` : "";
}

/** The whole answer as Markdown: body, what was left out of the message, partner offer, Sources — each once. */
export function answerMarkdown(reply: Reply, escalation: AskResult["escalation"], citations: Citation[], leftOut?: string): string {
  return [replyBody(reply), leftOutNote(leftOut), partnerOffer(escalation, reply), sourcesList(citations)].filter(Boolean).join("\n\n");
}
