/** Posts to the escalations channel: a partner escalation, and a note to playbook owners about feedback. */
import type { Escalation } from "../../store/Store.ts";
import type { AnswerMessage } from "./answer.ts";
import { context, escapeMrkdwn, section, truncate } from "./text.ts";

export function buildEscalationNotice(e: Escalation, where?: { channel?: string }): AnswerMessage {
  const lines = [
    `:handshake: *Partner escalation #${e.id}* from <@${e.userId}>${where?.channel ? ` in <#${where.channel}>` : ""}`,
    `*Need:* ${escapeMrkdwn(truncate(e.need, 2000))}`,
  ];
  if (e.reasons.length > 0) lines.push(`*Why:* ${e.reasons.map((r) => escapeMrkdwn(truncate(r, 200))).join("; ")}`);
  if (e.partners.length > 0) lines.push(`*Suggested partners:* ${e.partners.map((p) => escapeMrkdwn(truncate(p.name, 80))).join(", ")}`);
  const text = `Partner escalation #${e.id} from <@${e.userId}>: ${escapeMrkdwn(truncate(e.need, 500))}`;
  return {
    text,
    blocks: [section(truncate(lines.join("\n"), 3000)), context(`Conversation: \`${escapeMrkdwn(e.conversationId ?? "none")}\` · key \`${escapeMrkdwn(truncate(e.key, 200))}\``)],
  };
}

export interface PlaybookFeedbackNotice {
  kind: "down" | "flag";
  userId: string;
  reason: string;
  playbooks: { path: string; title: string; owner: string }[];
  question?: string;
  channel?: string;
}

export function buildPlaybookFeedbackNotice(n: PlaybookFeedbackNotice): AnswerMessage {
  const owners = [...new Set(n.playbooks.map((p) => p.owner))];
  const head =
    n.kind === "flag"
      ? `:triangular_flag_on_post: *Playbook flagged as outdated* by <@${n.userId}>`
      : `:thumbsdown: *An answer citing your playbook was not helpful* to <@${n.userId}>`;
  const lines = [
    `${head}${n.channel ? ` in <#${n.channel}>` : ""}`,
    `*For:* ${owners.length > 0 ? owners.map((o) => escapeMrkdwn(o)).join(", ") : "the AI Enablement Office (no playbook was cited)"}`,
    ...n.playbooks.slice(0, 10).map((p) => `• *${escapeMrkdwn(truncate(p.title, 120))}* (\`${escapeMrkdwn(truncate(p.path, 150))}\`)`),
    `*Reason:* ${escapeMrkdwn(truncate(n.reason, 1500))}`,
  ];
  if (n.question) lines.push(`*Question:* ${escapeMrkdwn(truncate(n.question, 300))}`);
  return { text: `${n.kind === "flag" ? "Playbook flagged" : "Negative feedback"}: ${truncate(n.reason, 300)}`, blocks: [section(truncate(lines.join("\n"), 3000))] };
}
