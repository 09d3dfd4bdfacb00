/** The weekly playbook digest for one owner, as a Slack message (pure: digest in, blocks out). */
import { redactText } from "../../assistant/redaction.ts";
import type { OwnerDigest } from "../../lint/digest.ts";
import type { Finding } from "../../lint/findings.ts";
import type { AnswerMessage } from "./answer.ts";
import { LIMITS } from "./limits.ts";
import { context, escapeMrkdwn, plain, section, truncate, type Block } from "./text.ts";

/** Items listed per part; the rest is counted ("…and 4 more"). */
const MAX_ITEMS = 8;

export interface DigestAudience {
  /** Slack users mapped to this owner in PLAYBOOK_OWNERS (mentioned when posting to a channel). */
  mention?: string[];
}

export function buildLintDigest(d: OwnerDigest, audience: DigestAudience = {}): AnswerMessage {
  const blocks: Block[] = [
    { type: "header", text: plain(truncate(`Playbook digest for ${d.owner} · ${d.week}`, LIMITS.headerText)) },
  ];
  const mentions = (audience.mention ?? []).map((u) => `<@${u}>`).join(" ");
  const counts = [
    d.stale.length && `${d.stale.length} past review`,
    d.conflicts.length && `${d.conflicts.length} lint ${d.conflicts.length === 1 ? "finding" : "findings"}`,
    d.feedback.length && `feedback on ${d.feedback.length} ${d.feedback.length === 1 ? "playbook" : "playbooks"}`,
    d.unanswered.length && `${d.unanswered.length} unanswered ${d.unanswered.length === 1 ? "question" : "questions"}`,
  ].filter(Boolean);
  blocks.push(section(truncate(`${mentions ? `${mentions} ` : ""}This week for *${escapeMrkdwn(d.owner)}*: ${counts.join(" · ") || "nothing to review"}.`, LIMITS.sectionText)));

  part(blocks, ":hourglass: *Past their review date*", d.stale, (f) => findingLine(f));
  part(blocks, ":warning: *Conflicts and other lint findings naming your playbooks*", d.conflicts, (f) => findingLine(f));
  part(blocks, ":thumbsdown: *👎 and flags on your playbooks (last 7 days)*", d.feedback, (s) => {
    const what = [s.down && `${s.down} 👎`, s.flags && `${s.flags} ${s.flags === 1 ? "flag" : "flags"}`].filter(Boolean).join(", ");
    const reasons = s.reasons.map((r) => `“${escapeMrkdwn(truncate(redactText(r), 140))}”`).join("; ");
    return `• \`${escapeMrkdwn(truncate(s.path, 150))}\`: ${what}${reasons ? ` — ${reasons}` : ""}`;
  });
  part(blocks, ":grey_question: *Questions the bot could not answer, closest to your playbooks*", d.unanswered, (q) =>
    `• “${escapeMrkdwn(truncate(redactText(q.question), 200))}” → closest: ${q.paths.slice(0, 2).map((p) => `\`${escapeMrkdwn(truncate(p, 120))}\``).join(", ")}`,
  );
  blocks.push(context("Run `partnerpilot lint` for every finding with its places; accepted conflicts live in `knowledge/lint-accepted.yml`."));
  const text = `Playbook digest for ${d.owner} (${d.week}): ${counts.join(", ") || "nothing to review"}`;
  return { text: truncate(text, 3000), blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

function part<T>(blocks: Block[], title: string, items: T[], line: (item: T) => string): void {
  if (items.length === 0) return;
  // One section per part: as many items as fit the section text limit, then how many were left out.
  const budget = LIMITS.sectionText - 40;
  let body = title;
  let shown = 0;
  for (const item of items.slice(0, MAX_ITEMS)) {
    const l = line(item);
    if (body.length + 1 + l.length > budget) break;
    body += `\n${l}`;
    shown++;
  }
  if (shown < items.length) body += `\n…and ${items.length - shown} more`;
  blocks.push({ type: "divider" }, section(body));
}

function findingLine(f: Finding): string {
  const where = f.places
    .slice(0, 3)
    .map((p) => `\`${escapeMrkdwn(truncate(`${p.path}:${p.line}`, 150))}\``)
    .join(" ↔ ");
  return `• ${where}${f.places.length > 3 ? ` (+${f.places.length - 3})` : ""}: ${escapeMrkdwn(truncate(f.message, 300))}`;
}
