/**
 * Turns an elliptical follow-up ("and for Workday?", "what about the cost?") into a self-contained search
 * query using the thread's previous question. A follow-up that names a new system replaces the old one.
 */
const ELLIPTICAL = /^(?:and|also|actually|still|hm+|ok(?:ay)?|what about|how about|same for|ok(?:ay)?,? (?:and|but|so)|but|so|then|what if|and if|does (?:that|this|it)|is (?:that|this|it)|can (?:it|i do that|we do that))\b/i;
/** "Why?", "who then?", "where is it?": a bare question word leans on the thread; "who approves a new AI tool?" does not. */
const BARE_QUESTION = /^(?:why|where|when|who)\b/i;
const PRONOUN = /\b(it|that|this|those|them|they|there|same)\b/i;
const SYSTEM = /\b(salesforce|service cloud|sap|s\/?4(?:\s?hana)?|workday|servicenow|zendesk|jira|confluence|sharepoint|teams|outlook|microsoft 365|m365|google workspace|gmail|snowflake|databricks|bigquery|slack|okta|entra|scim|sso|copilot|chatgpt)\b/gi;

/** Whether the text names a business system or AI product ("salesforce", "m365", "copilot" … as SYSTEM reads them). */
export function namesSystem(text: string): boolean {
  SYSTEM.lastIndex = 0;
  const named = SYSTEM.test(text);
  SYSTEM.lastIndex = 0;
  return named;
}

export function isFollowUp(text: string): boolean {
  const words = text.trim().split(/\s+/).length;
  return ELLIPTICAL.test(text.trim()) || (BARE_QUESTION.test(text.trim()) && words <= 3) || (words <= 6 && PRONOUN.test(text));
}

/**
 * A message in a thread of at most this many words is searched with the thread's question too, elliptical or not:
 * "When will I get the report, and may I share it with the site lead?" after asking for a check-in, "even for
 * prospects in germany/france?" after asking about cold emails. Longer messages say what they are about. Measured on
 * the read sets' follow-ups (360 of 3,624 questions, models cross-fitted), against the elliptical ones only: the
 * right playbook in the top three 3,409 → 3,431, cited first 3,087 → 3,111, openings 2,842 → 2,843; every message in
 * a thread 3,430, 3,110 and 2,835; at most 10 words 3,417, 3,098, 2,846; at most 25 words 3,430, 3,111, 2,837.
 */
export const THREAD_QUESTION_WORDS = 15;

/**
 * The search query for a message in a thread: the message with the thread's previous question when it leans on it
 * (elliptical, or short: see THREAD_QUESTION_WORDS). A follow-up that names a new system replaces the old one.
 */
export function contextualQuery(text: string, previousQuestions: string[]): string {
  return withThread(text, previousQuestions, text.trim().split(/\s+/).length <= THREAD_QUESTION_WORDS);
}

function withThread(text: string, previousQuestions: string[], short: boolean): string {
  const last = previousQuestions[previousQuestions.length - 1];
  if (!last || !(short || isFollowUp(text))) return text;
  // A follow-up of a follow-up ("how long is a review?" → "and for Salesforce?" → "what about Workday?") carries the
  // thread's subject, not just the last ellipsis; an earlier question is carried further back only when elliptical.
  const previous = withThread(last, previousQuestions.slice(0, -1), false);
  const carried = namesSystem(text) ? previous.replace(SYSTEM, " ") : previous;
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
