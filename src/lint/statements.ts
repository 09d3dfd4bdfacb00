import type { Playbook } from "../retrieval/playbooks.ts";

/** One sentence, list item or table row of a playbook, with where it is. */
export interface Statement {
  path: string;
  /** 1-based line in the file. */
  line: number;
  owner: string;
  /** Heading path (document title excluded). */
  headings: string[];
  /** Plain text: Markdown emphasis, code ticks and link targets removed. */
  text: string;
  /** The raw line, for reference checks that need the Markdown (links, code spans). */
  raw: string;
  /** Index of the list (run of consecutive items) the statement belongs to; -1 for prose. */
  list: number;
  /** For a list item: the sentence introducing its list ("These tools may not be used until …:"), if any. */
  leadIn?: string;
}

/** Removes inline Markdown: emphasis, code ticks, links (keeps their text), images and HTML tags. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__)(.+?)\1/g, "$2")
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, "$1$2")
    .replace(/`([^`]*)`/g, "$1")
    .trim();
}

const SENTENCE_BREAK = /(?<=[.!?])\s+(?=[A-Z0-9"“(])/;

/**
 * Splits a playbook into statements. Fenced blocks are skipped, except use-case blocks whose `description`
 * line is kept (it states what the use case does with which data); table rows become one statement each, with
 * the header cell names in front of their values ("Tier: Registered; Review: lite").
 */
export function statementsOf(pb: Playbook): Statement[] {
  const out: Statement[] = [];
  const lines = pb.body.split(/\r?\n/);
  const stack: { level: number; text: string }[] = [];
  let fence: string | undefined;
  let header: string[] | undefined;
  let list = -1;
  let lists = 0;
  let inList = false;
  let leadIn: string | undefined;
  lines.forEach((rawLine, i) => {
    const line = pb.bodyLine + i;
    const fenceMatch = /^\s*(```|~~~)\s*(.*)$/.exec(rawLine);
    if (fence !== undefined) {
      if (fenceMatch && fenceMatch[2] === "") fence = undefined;
      else if (/^yaml\s+usecase/.test(fence)) {
        const desc = /^description:\s*(.+)$/.exec(rawLine);
        if (desc) push(desc[1]!.replace(/^["']|["']$/g, ""), rawLine, line);
      }
      return;
    }
    if (fenceMatch) {
      fence = fenceMatch[2]!.trim();
      return;
    }
    const heading = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(rawLine);
    if (heading) {
      const level = heading[1]!.length;
      if (level === 1) stack.length = 0;
      else {
        while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
        // A heading that states a rule ("SCIM is required above 25 users") is the summary of its section: a
        // statement of its own, under its parent headings.
        push(heading[2]!, rawLine, line);
        stack.push({ level, text: plainText(heading[2]!) });
      }
      header = undefined;
      inList = false;
      return;
    }
    const trimmed = rawLine.trim();
    if (!trimmed) {
      header = undefined;
      return;
    }
    if (trimmed.startsWith("|")) {
      const cells = trimmed.replace(/^\||\|$/g, "").split("|").map((c) => plainText(c.trim()));
      if (cells.every((c) => /^:?-{2,}:?$/.test(c))) return;
      if (!header) {
        header = cells;
        return;
      }
      const text = cells.map((c, k) => (header![k] ? `${header![k]}: ${c}` : c)).join("; ");
      out.push({ path: pb.path, line, owner: pb.owner, headings: stack.map((s) => s.text), text, raw: rawLine, list: -1 });
      return;
    }
    const item = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(rawLine);
    if (item) {
      if (!inList) {
        list = lists++;
        const previous = out.at(-1);
        leadIn = previous && previous.list < 0 && previous.line >= line - 2 && /:\s*$/.test(previous.text) ? previous.text : undefined;
      }
      inList = true;
      for (const sentence of plainText(item[1]!).split(SENTENCE_BREAK)) push(sentence, rawLine, line, list, true);
      return;
    }
    inList = false;
    for (const sentence of plainText(trimmed).split(SENTENCE_BREAK)) push(sentence, rawLine, line, -1, true);
  });
  return out;

  function push(text: string, raw: string, line: number, inListIndex = -1, plain = false): void {
    const t = plain ? text.trim() : plainText(text);
    if (t) out.push({ path: pb.path, line, owner: pb.owner, headings: stack.map((s) => s.text), text: t, raw, list: inListIndex, ...(inListIndex >= 0 && leadIn ? { leadIn } : {}) });
  }
}

/** Words that open a sentence or a label without naming anything ("The", "For example"). */
export const NOT_NAMES = /^(?:the|a|an|this|that|these|those|for|if|when|in|on|at|by|with|every|each|all|any|no|not|only|halden|rowe|h&r|step|example|note|rule|why|how|what|who|where|tip)$/i;

/**
 * An item's label, if it has one: the bold words it opens with, or the words before its first colon (asides in
 * parentheses left out), cut at a comma or a dash ("**Standard review, 15 business days**": "Standard review"; "Tier 1
 * - Low: …": "Tier 1"; "AI Enablement Office (head: Priya Nair): …": "AI Enablement Office").
 */
export function labelOf(raw: string): { label: string; colon: boolean } | undefined {
  const line = raw.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "");
  const bold = /^\*\*([^*]+)\*\*/.exec(line);
  const text = plainText(line).replace(/\s*\([^)]*\)/g, "");
  const colon = /^([A-Z0-9][^:;.!?]{0,60}?):\s/.exec(text);
  const head = bold ? plainText(bold[1]!).replace(/\s*\([^)]*\)/g, "") : colon?.[1];
  if (!head) return undefined;
  const label = head.split(/,|:|\s[–—-]\s/)[0]!.trim();
  const n = label.split(/\s+/).length;
  if (n > 5 || NOT_NAMES.test(label.split(/\s+/)[0]!)) return undefined;
  return { label, colon: colon !== null };
}
