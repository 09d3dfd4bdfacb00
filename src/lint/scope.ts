/**
 * Scope qualifiers of a statement: which system, region, data class, partner or risk tier, review track and kind of
 * access it is about. Two values for "the same subject" only conflict when their scopes can be the same: "4–6 weeks"
 * for a Salesforce write-back and "8–12 weeks" for a Workday one, or PHI rules for the US and the EU, are two rules.
 */

export type ScopeDimension = "system" | "region" | "data" | "tier" | "review" | "access";
export type Scope = Map<ScopeDimension, Set<string>>;

const SYSTEMS: [RegExp, string][] = [
  [/\bgithub(?: copilot)?\b/gi, "github"],
  [/\b(?:salesforce|agentforce|service cloud|sales cloud|einstein)\b/gi, "salesforce"],
  [/\b(?:servicenow|now assist)\b/gi, "servicenow"],
  [/\bworkday\b/gi, "workday"],
  [/\b(?:sap|s\/4hana)\b/gi, "sap"],
  [/\bzendesk\b/gi, "zendesk"],
  [/\b(?:jira|confluence|atlassian|forge)\b/gi, "atlassian"],
  [/\b(?:google|gemini|google drive)\b/gi, "google"],
  [/\bsnowflake\b/gi, "snowflake"],
  [/\bbigquery\b/gi, "bigquery"],
  [/\bdatabricks\b/gi, "databricks"],
  [/\b(?:okta|scim)\b/gi, "okta"],
  [/\bchatgpt\b/gi, "chatgpt"],
  // Case-sensitive: "teams" and "copilot" are ordinary words too.
  [/\b(?:Microsoft 365|M365|Copilot|SharePoint|OneDrive|Outlook|Teams)\b/g, "microsoft"],
  [/\bazure openai\b/gi, "azure-openai"],
];
/** Front-matter system ids → the names above (for a playbook's own system). */
const SYSTEM_IDS: Record<string, string> = {
  salesforce: "salesforce", servicenow: "servicenow", workday: "workday", sap: "sap", zendesk: "zendesk", jira: "atlassian",
  confluence: "atlassian", "google-workspace": "google", snowflake: "snowflake", bigquery: "bigquery", databricks: "databricks",
  okta: "okta", "chatgpt-enterprise": "chatgpt", "microsoft-365": "microsoft", "m365-copilot": "microsoft", "azure-openai": "azure-openai",
  github: "github", "github-copilot": "github", slack: "slack",
};
const REGIONS: [RegExp, string][] = [
  [/\b(?:EU|European|Europe)\b/g, "eu"],
  [/\b(?:US|USA|United States|Chicago|American)\b/g, "us"],
  [/\bUK\b|\bUnited Kingdom\b/g, "uk"],
  [/\b(?:Germany|German)\b/g, "de"],
  [/\b(?:Netherlands|Dutch)\b/g, "nl"],
  [/\b(?:Poland|Polish)\b/g, "pl"],
];
const DATA: [RegExp, string][] = [
  [/\bPublic\b/g, "public"],
  [/\bInternal\b/g, "internal"],
  [/\bConfidential\b/g, "confidential"],
  [/\bRestricted\b|\bPHI\b|\bpayment card\b/g, "restricted"],
];
const TIERS: [RegExp, string][] = [
  [/\bTier 1\b/gi, "tier1"],
  [/\bTier 2\b/gi, "tier2"],
  [/\bTier 3\b/gi, "tier3"],
  [/\bRegistered\b/g, "registered"],
  [/\bCertified\b/g, "certified"],
  [/\bPremier\b/g, "premier"],
];
const REVIEWS: [RegExp, string][] = [
  [/\bLite (?:security )?review\b/gi, "lite"],
  [/\bStandard (?:security )?review\b/gi, "standard"],
  [/\bFull (?:security )?review\b/gi, "full"],
];
const ACCESS: [RegExp, string][] = [
  [/\bread-only\b|\bread access\b|\breads?\b/gi, "read"],
  [/\bwrite-back\b|\bwrites?\b|\bwriting\b/gi, "write"],
];

function collect(text: string, table: [RegExp, string][]): Set<string> {
  const out = new Set<string>();
  let rest = text;
  for (const [re, name] of table) {
    if (re.test(rest)) out.add(name);
    re.lastIndex = 0;
    // "GitHub Copilot" is GitHub, not Microsoft 365 Copilot: a matched name is not matched again.
    rest = rest.replace(re, " ");
  }
  return out;
}

/**
 * The scope of a statement. `ownSystem` is the playbook's own system (an integration playbook's statements are
 * about it unless they name another); `clause` is the part of the text that holds the value (access is read there,
 * since one sentence often gives the read-only and the write-back figure side by side).
 */
export function scopeOf(text: string, opts: { ownSystem?: string; clause?: string } = {}): Scope {
  const scope: Scope = new Map();
  const systems = collect(text, SYSTEMS);
  if (systems.size === 0 && opts.ownSystem) {
    const own = SYSTEM_IDS[opts.ownSystem] ?? opts.ownSystem;
    systems.add(own);
  }
  const put = (d: ScopeDimension, s: Set<string>) => {
    if (s.size > 0) scope.set(d, s);
  };
  put("system", systems);
  put("region", collect(text, REGIONS));
  put("data", collect(text, DATA));
  put("tier", collect(text, TIERS));
  put("review", collect(text, REVIEWS));
  put("access", collect(opts.clause ?? text, ACCESS));
  return scope;
}

/** The first dimension on which both scopes name something and share nothing, if any. */
export function scopesDiffer(a: Scope, b: Scope, dimensions: readonly ScopeDimension[] = ["system", "region", "data", "tier", "review", "access"]): ScopeDimension | undefined {
  for (const d of dimensions) {
    const x = a.get(d);
    const y = b.get(d);
    if (!x || !y) continue;
    if (![...x].some((v) => y.has(v))) return d;
  }
  return undefined;
}

/**
 * Two statements of integration playbooks about two systems ("Write-back … without a partner" in the Salesforce
 * playbook, "Write-back to Workday … with a partner" in the Workday one): each is about its playbook's system and the
 * systems it names, and they share none. Only integration playbooks (`ownSystems`, path → system id): statements
 * elsewhere name systems loosely ("Copilot" may be GitHub's or Microsoft's).
 */
export function integrationSystemsDiffer(a: { path: string; text: string }, b: { path: string; text: string }, ownSystems: ReadonlyMap<string, string> | undefined): boolean {
  const systemsOf = (s: { path: string; text: string }): Set<string> | undefined => {
    const own = ownSystems?.get(s.path);
    if (own === undefined) return undefined;
    return new Set([...(scopeOf(s.text).get("system") ?? []), SYSTEM_IDS[own] ?? own]);
  };
  const [x, y] = [systemsOf(a), systemsOf(b)];
  return x !== undefined && y !== undefined && ![...x].some((v) => y.has(v));
}
