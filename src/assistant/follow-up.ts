/**
 * Turns an elliptical follow-up ("and for Workday?", "what about the cost?") into a self-contained search
 * query using the thread's previous question. A follow-up that names a new system replaces the old one.
 */
const ELLIPTICAL = /^(?:and|also|actually|still|hm+|ok(?:ay)?|what about|how about|same for|ok(?:ay)?,? (?:and|but|so)|but|so|then|what if|and if|does (?:that|this|it)|is (?:that|this|it)|can (?:it|i do that|we do that))\b/i;
/** "Why?", "who then?", "where is it?": a bare question word leans on the thread; "who approves a new AI tool?" does not. */
const BARE_QUESTION = /^(?:why|where|when|who)\b/i;
const PRONOUN = /\b(it|that|this|those|them|they|there|same)\b/i;
const SYSTEM = /\b(salesforce|service cloud|sap|s\/?4(?:\s?hana)?|workday|servicenow|zendesk|jira|confluence|sharepoint|teams|outlook|microsoft 365|m365|google workspace|gmail|snowflake|databricks|bigquery|slack|okta|entra|scim|sso|copilot|chatgpt)\b/gi;

export function isFollowUp(text: string): boolean {
  const words = text.trim().split(/\s+/).length;
  return ELLIPTICAL.test(text.trim()) || (BARE_QUESTION.test(text.trim()) && words <= 3) || (words <= 6 && PRONOUN.test(text));
}

export function contextualQuery(text: string, previousQuestions: string[]): string {
  const last = previousQuestions[previousQuestions.length - 1];
  if (!last || !isFollowUp(text)) return text;
  // A follow-up of a follow-up ("how long is a review?" → "and for Salesforce?" → "what about Workday?") carries the
  // thread's subject, not just the last ellipsis.
  const previous = contextualQuery(last, previousQuestions.slice(0, -1));
  const namesSystem = SYSTEM.test(text);
  SYSTEM.lastIndex = 0;
  const carried = namesSystem ? previous.replace(SYSTEM, " ") : previous;
  return `${text} ${carried}`.replace(/\s+/g, " ").trim();
}

/**
 * The system a follow-up names that its thread's previous question did not ("and for Salesforce?" after "how long
 * does a security review take?"), in lower case; undefined when it names none or the same one.
 */
export function newlyNamedSystem(text: string, previousQuestions: string[]): string | undefined {
  const previous = previousQuestions[previousQuestions.length - 1];
  if (!previous || !isFollowUp(text)) return undefined;
  const named = [...text.matchAll(SYSTEM)].map((m) => m[0].toLowerCase());
  const before = new Set([...previous.matchAll(SYSTEM)].map((m) => m[0].toLowerCase()));
  return named.find((s) => !before.has(s));
}
