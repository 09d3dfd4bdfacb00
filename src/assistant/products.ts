/**
 * The AI products and business systems people name in questions and the playbooks name in rules, read by the opening
 * (which product a sentence is about) and by the verdict (which tool a question asks about).
 */
import { OTHER_AI_TOOLS } from "./intent.ts";

/** "Copilot" as Polish and German inflect it ("do copilota", "z Copilotem", "des Copilots"). */
const COPILOT = String.raw`copilot(?:-?(?:a|em|owi|s|u))?`;

/**
 * The AI products and business systems a text names, each once, by a common id: the names and abbreviations people
 * write ("snow", "SFDC", "S/4", "gh copilot"). "Copilot" alone is Microsoft 365 Copilot, as the playbooks use it.
 */
const PRODUCTS: readonly [id: string, pattern: RegExp][] = [
  // Polish and German inflect the names ("z ChatGPT-em", "w copilocie") as they do COPILOT.
  ["chatgpt", /\bchat ?gpt(?:-?(?:a|em|u|s))?\b|\bgpt enterprise\b|\bcustom gpts?\b/i],
  ["github-copilot", new RegExp(String.raw`\b(?:github|gh) ${COPILOT}\b`, "i")],
  ["copilot-studio", /\bcopilot studio\b/i],
  ["m365-copilot", new RegExp(String.raw`(?<!\b(?:github|gh) )\b(?:${COPILOT}|copilocie)\b(?! studio)`, "i")],
  ["azure-openai", /\bazure open ?ai\b|\baoai\b/i],
  ["gemini", /\bgemini\b/i],
  ["claude", /\bclaude\b/i],
  ["salesforce", /\bsalesforce\b|\bsfdc\b|\bagentforce\b|\beinstein\b/i],
  ["servicenow", /\bservice ?now\b|\bsnow\b|\bnow assist\b/i],
  ["workday", /\bworkday\b/i],
  ["sap", /\bsap\b|\bs\/?4(?:\s?hana)?\b|\bjoule\b/i],
  ["zendesk", /\bzendesk\b/i],
  ["atlassian", /\bjira\b|\bconfluence\b|\brovo\b|\batlassian\b/i],
  ["sharepoint", /\bsharepoint\b|\bonedrive\b/i],
  ["google", /\bgoogle (?:workspace|drive|docs|sheets)\b|\bgmail\b/i],
  ["snowflake", /\bsnowflake\b|\bcortex\b/i],
  ["databricks", /\bdatabricks\b/i],
  ["slack", /\bslack\b/i],
];

export function productsNamed(text: string): Set<string> {
  return new Set(PRODUCTS.filter(([, pattern]) => pattern.test(text)).map(([id]) => id));
}

/** The AI tools among the products `productsNamed` reads (the others are business systems). */
const AI_TOOLS: ReadonlySet<string> = new Set(["chatgpt", "github-copilot", "copilot-studio", "m365-copilot", "azure-openai", "gemini", "claude"]);

/** AI tools off the company's list that people ask about by name: assistants, note-takers, coding assistants. */
const OTHER_AI_TOOL = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${OTHER_AI_TOOLS}|cursor|claude code|amazon q(?: developer)?)(?![\p{L}\p{N}])`, "iu");

/**
 * Whether a text names an AI tool other than those `except` names: one of AI_TOOLS it does not name, or a tool off the
 * list ("is cursor ok or only gh copilot?" names Cursor beside GitHub Copilot).
 */
export function namesOtherAiTool(text: string, except: string): boolean {
  const own = productsNamed(except);
  if ([...productsNamed(text)].some((p) => AI_TOOLS.has(p) && !own.has(p))) return true;
  return namesOffListTool(text, except);
}

/** Whether a text names an AI tool off the list ("cursor", "perplexity") that `except` does not name. */
function namesOffListTool(text: string, except: string): boolean {
  const other = OTHER_AI_TOOL.exec(text)?.[0].toLowerCase();
  return other !== undefined && !except.toLowerCase().includes(other);
}

/** The AI tools among AI_TOOLS that the company has not approved (named in the playbooks only as not approved). */
const UNAPPROVED_AI_TOOLS: ReadonlySet<string> = new Set(["gemini", "claude"]);

/**
 * Whether a text names an AI tool the company has not approved (Gemini, Claude, or one off the list such as Perplexity or
 * Cursor) that `except` does not name.
 */
export function namesUnapprovedAiTool(text: string, except: string): boolean {
  const own = productsNamed(except);
  if ([...productsNamed(text)].some((p) => UNAPPROVED_AI_TOOLS.has(p) && !own.has(p))) return true;
  return namesOffListTool(text, except);
}
