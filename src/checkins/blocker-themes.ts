/**
 * Groups free-text blockers into themes by keyword, so a change manager sees "time (7), access (4)" instead of
 * forty sentences. Deliberately simple and explainable: each theme lists the words that put an answer in it.
 * The text itself is never returned with a participant, only counts and (redacted by the surface) examples.
 */

export type BlockerTheme = "time" | "skills" | "access" | "data_privacy" | "integration" | "quality_trust" | "leadership" | "job_security" | "other";

export const THEME_NAMES: Record<BlockerTheme, string> = {
  time: "No time",
  skills: "Skills and training",
  access: "Access and licences",
  data_privacy: "Data, privacy and policy",
  integration: "Integration with our systems",
  quality_trust: "Output quality and trust",
  leadership: "Manager and leadership support",
  job_security: "Job security worries",
  other: "Other",
};

const KEYWORDS: [Exclude<BlockerTheme, "other" | "integration">, RegExp][] = [
  ["time", /\b(time|busy|deadlines?|workload|no capacity|too much work)\b/i],
  ["skills", /\b(training|learn|know how|prompt(s|ing)?|skills?|how to use|course|confus)/i],
  ["access", /\b(access|licen[cs]es?|seat|login|sign[- ]?in|blocked|permission|not allowed)\b/i],
  ["data_privacy", /\b(privacy|gdpr|confidential|sensitive|customer data|personal data|policy|compliance|legal|pii)\b/i],
  ["quality_trust", /\b(wrong|inaccurate|hallucinat\w*|quality|trust|errors?|unreliable|made up)\b/i],
  ["leadership", /\b(manager|leadership|boss|support from|nobody uses|no one uses|sponsor)\b/i],
  ["job_security", /\b(job|replace[ds]?|redundan\w*|layoffs?|headcount)\b/i],
];

const INTEGRATION_WORDS = /\b(integrat\w*|connect\w*|api|plugin|plug-in|connector|sync)\b/i;

export interface ThemeCount {
  theme: BlockerTheme;
  count: number;
  /** Systems named in this theme's blockers (integration theme only), e.g. ["Salesforce"]. */
  systems: string[];
}

/**
 * Themes of one blocker text: every matching theme; "integration" when it names a known system or integration
 * words; "other" when nothing matched. `systems` are display names ("Salesforce", "SAP").
 */
export function themesOf(text: string, systems: readonly string[]): { themes: BlockerTheme[]; systems: string[] } {
  const themes: BlockerTheme[] = [];
  for (const [theme, re] of KEYWORDS) if (re.test(text)) themes.push(theme);
  const named = systems.filter((s) => new RegExp(`\\b${s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\b`, "i").test(text));
  if (named.length > 0 || INTEGRATION_WORDS.test(text)) themes.push("integration");
  if (themes.length === 0) themes.push("other");
  return { themes, systems: named };
}

/** Counts themes over blocker texts (empty answers ignored), most frequent first. */
export function groupBlockers(texts: readonly string[], systems: readonly string[]): ThemeCount[] {
  const counts = new Map<BlockerTheme, ThemeCount>();
  for (const text of texts) {
    if (!text.trim()) continue;
    const found = themesOf(text, systems);
    for (const theme of found.themes) {
      const c = counts.get(theme) ?? { theme, count: 0, systems: [] };
      c.count += 1;
      if (theme === "integration") for (const s of found.systems) if (!c.systems.includes(s)) c.systems.push(s);
      counts.set(theme, c);
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));
}

/** Systems the integration playbooks cover, as display names (matched in blocker text). */
export const KNOWN_SYSTEMS = ["Salesforce", "ServiceNow", "SAP", "Workday", "Zendesk", "Jira", "Confluence", "SharePoint", "Teams", "Outlook", "Google Workspace", "Gmail", "Snowflake", "Databricks", "BigQuery", "Okta"];
