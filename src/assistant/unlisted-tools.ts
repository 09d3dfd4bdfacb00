/**
 * "is perplexity ok to use?", "can i use elevenlabs for a voiceover?", "anyone know if jasper ai is allowed?": a
 * question about an AI product no playbook names. The playbooks do answer it, with the acceptable-use policy's rule
 * for every tool off its approved list ("Any other AI tool is not approved until it passes a security review …"),
 * but search cannot find that rule from the product's name, which no passage contains: such questions were refused
 * as not covered ("is Grok approved?"), as out of scope ("… jasper ai for blog drafts") or opened with a passage
 * that shared another word ("… elevenlabs for a voiceover in a training video" got the rule for labelling AI audio).
 */
import { askedFor } from "./composer.ts";
import { OTHER_AI_TOOLS } from "./intent.ts";

/**
 * Where the rule for tools off the approved list lives: the acceptable-use policy's list of approved tools, and the
 * rule's opening words (a long section is indexed in parts, and the rule need not be in the first).
 */
export const UNLISTED_TOOL_SECTION = { path: "governance/acceptable-use.md", heading: "Approved AI tools", rule: "Any other AI tool is not approved" } as const;

/** Words the rule is written in, added to the search so its section ranks first. */
export const UNLISTED_TOOL_VOCABULARY = "any other AI tool not approved until security review";

/**
 * The question the offline answer is composed for: the rule opens, and the approved tools follow as the points,
 * rather than whichever sentence of the section shares most words with the message ("people asking whether Claude /
 * Perplexity are allowed, is there a canonical answer I can pin?" opened with the AI features of business systems).
 */
export const UNLISTED_TOOL_QUESTION = `may I use an AI tool that is not on the approved list? ${UNLISTED_TOOL_VOCABULARY}`;

/**
 * Longer messages that name such a product are about a project (fine-tuning an open model on tickets, hosting one in
 * the company's cloud), which integration and data playbooks answer, not the rule for tools.
 */
const MAX_WORDS = 30;

/** Products the company runs that have a Copilot of their own. */
const COPILOT_HOSTS = String.raw`power ?bi|fabric|dynamics(?: 365)?`;
/** Another product's own Copilot: "Power BI Copilot", "Copilot for Fabric"; the product in group 1 or 2. */
const HOSTED_COPILOT = String.raw`(${COPILOT_HOSTS}) copilot|copilot (?:in|for) (${COPILOT_HOSTS})`;
const HOSTED_COPILOT_NAME = new RegExp(String.raw`^(?:${HOSTED_COPILOT})$`, "i");

/**
 * AI features of products the company runs whose own AI is a separate product, and AI tools employees meet in
 * meetings and design work, beside the assistants of OTHER_AI_TOOLS. Microsoft 365 Copilot in Word or Excel is not
 * one: it is an approved tool, which the playbooks name.
 */
const OTHER_AI_FEATURES = String.raw`${HOSTED_COPILOT}|security copilot|notebooklm|zoom (?:ai )?companion|miro ai|canva (?:ai|magic \w+)|loom ai|fathom|tl;?dv|krisp|beautiful\.ai|descript|suno|lovable|bolt\.new|phind`;

const PRODUCT = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${OTHER_AI_FEATURES}|${OTHER_AI_TOOLS})(?![\p{L}\p{N}])`, "giu");

/**
 * Asking whether a tool may be used: "ok", "allowed", "approved", "safe", "can we use / try / get …". A product named
 * beside another ask ("avg lead time for a security review? team wants to trial Perplexity Pro") is left to search,
 * which answers that ask.
 */
const ASKS_MAY_I_USE =
  /\b(?:ok(?:ay)?|fine|allowed|approved|approval|permitted|permission|safe|legit|banned|blocked|whitelist\w*|sanctioned)\b|\b(?:can|could|may) (?:i|we|my team|our team|people|employees|staff|they|you) (?:use|try|install|get|buy|pay for|expense|sign up)\b|\b(?:i|we|my team|our team|they) (?:can|could|may) (?:use|try|install|get|buy)\b/i;

/**
 * A model named with a platform the company runs ("snowflake cortex w/ mistral-large", "fine-tune Mistral 7B on
 * Zendesk tickets in our own AWS"): which models that platform may run is the platform's integration playbook's
 * business, not the rule for tools.
 */
const PLATFORM = /\b(?:salesforce|sfdc|sap|s\/?4\w*|workday|servicenow|snow|zendesk|jira|confluence|snowflake|cortex|databricks|bigquery|azure|aws|gcp|google cloud|sharepoint)\b/i;

/** A product said to be used inside one of the approved assistants ("… inside chatgpt", "… in Copilot"). */
const INSIDE_APPROVED = /^(?:\s+[\w'-]+){0,3}?\s+(?:inside|in|within|through|via|built into)\s+(?:the\s+)?(?:chatgpt|copilot|m365 copilot|microsoft 365 copilot)\b/i;

/**
 * The AI products a question names that no playbook names (`named`: whether some passage has the name word for word,
 * KnowledgeIndex.names), in the question's spelling and order, each once; none when the question does not ask about
 * using them.
 */
export function unlistedAiTools(question: string, named: (phrase: string) => boolean): string[] {
  if (question.split(/\s+/).filter(Boolean).length > MAX_WORDS) return [];
  if (askedFor(question) !== "permission" && !ASKS_MAY_I_USE.test(question)) return [];
  if (PLATFORM.test(question)) return [];
  const found: string[] = [];
  for (const m of question.matchAll(PRODUCT)) {
    const name = m[0];
    if (named(name) || named(featureName(name))) continue;
    // "the dall-e stuff inside chatgpt": a feature of an approved tool, which that tool's rules cover.
    if (INSIDE_APPROVED.test(question.slice(m.index! + name.length, m.index! + name.length + 40))) continue;
    if (!found.some((f) => f.toLowerCase() === name.toLowerCase())) found.push(name);
  }
  return found;
}

/**
 * An AI feature of a product as the playbooks write it: "Power BI Copilot", "powerbi copilot" and "Copilot for Power BI"
 * are "Copilot in Power BI", so a playbook that names it under that name names it under all of them.
 */
function featureName(name: string): string {
  const feature = HOSTED_COPILOT_NAME.exec(name);
  const product = feature?.[1] ?? feature?.[2];
  return product ? `copilot in ${product.toLowerCase().replace(/^power ?bi$/, "power bi")}` : name;
}

/** The sentence said before the rule: which of the asked products is not on the approved list. */
export function notApprovedNote(tools: readonly string[]): string {
  const names = tools.map(displayName);
  const joined = names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `${joined} ${names.length > 1 ? "are" : "is"} not on the list of approved AI tools.`;
}

/** Brands written with capitals inside the word, as their makers write them. */
const BRAND_SPELLING = new Map(
  ["NotebookLM", "QuillBot", "HeyGen", "ElevenLabs", "DALL-E", "DALLE", "DeepL", "DeepSeek", "tl;dv", "tldv", "Beautiful.ai", "Character.ai", "Copy.ai", "Read.ai", "Otter.ai", "Fireflies.ai", "Bolt.new", "Power BI", "Writesonic"].map((b) => [b.toLowerCase(), b]),
);
const SMALL_WORDS = new Set(["in", "for", "of"]);

/** "perplexity" → "Perplexity", "copilot in power bi" → "Copilot in Power BI"; a name typed with capitals keeps them. */
function displayName(name: string): string {
  if (name !== name.toLowerCase()) return name;
  const whole = BRAND_SPELLING.get(name);
  if (whole) return whole;
  const spelled = name.replace(/power ?bi/g, "power bi");
  return spelled
    .split(" ")
    .map((w, i) => BRAND_SPELLING.get(w) ?? (w === "ai" || w === "bi" ? w.toUpperCase() : i > 0 && SMALL_WORDS.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(" ");
}
