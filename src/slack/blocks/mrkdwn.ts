import { escapeMrkdwn } from "./text.ts";

/**
 * Converts the answer engine's Markdown to Slack mrkdwn (bold, italics, links, headings, lists, strike),
 * leaving code spans and fenced code alone apart from escaping.
 */
export function markdownToMrkdwn(markdown: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, "\n").split("\n")) {
    if (/^\s*```/.test(line)) {
      inFence = !inFence;
      out.push("```");
      continue;
    }
    out.push(inFence ? escapeMrkdwn(line) : convertLine(line));
  }
  if (inFence) out.push("```");
  return out.join("\n");
}

function convertLine(line: string): string {
  // Code spans are kept verbatim (escaped only): split them out first.
  return line
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? escapeMrkdwn(part) : convertInline(part)))
    .join("")
    .replace(/^(\s*)(?:[-*+])\s+/, "$1• ")
    .replace(/^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/, (_m, title: string) => `*${title.replace(/\*/g, "")}*`);
}

const BOLD = "\u0001";

function convertInline(text: string): string {
  let s = escapeMrkdwn(text);
  // Links (escaping has turned & in URLs into &amp;, which Slack accepts inside <...>).
  s = s.replace(/!?\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => `<${url}|${label.replace(/\|/g, "/")}>`);
  // Bold first (to a placeholder), then italics, then bold back to Slack's single asterisk.
  s = s.replace(/\*\*(?=\S)(.+?)(?<=\S)\*\*/g, `${BOLD}$1${BOLD}`).replace(/__(?=\S)(.+?)(?<=\S)__/g, `${BOLD}$1${BOLD}`);
  s = s.replace(/(^|[^\w*])\*(?=[^\s*])([^*]+?)(?<=\S)\*(?![\w*])/g, "$1_$2_");
  s = s.replace(/~~(?=\S)(.+?)(?<=\S)~~/g, "~$1~");
  return s.replace(new RegExp(BOLD, "g"), "*");
}
