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
  const previous = previousQuestions[previousQuestions.length - 1];
  if (!previous || !isFollowUp(text)) return text;
  const namesSystem = SYSTEM.test(text);
  SYSTEM.lastIndex = 0;
  const carried = namesSystem ? previous.replace(SYSTEM, " ") : previous;
  return `${text} ${carried}`.replace(/\s+/g, " ").trim();
}
