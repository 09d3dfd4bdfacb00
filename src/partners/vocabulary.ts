/**
 * The words a need is read with: system ids (the playbooks' `systems`) with the names employees use for them,
 * and the fixed vocabularies of functions, practices, industries, regions, countries and languages that firms
 * declare in the directory. Matching and need extraction share these ids, so a firm's `systems: [sap]` and an
 * employee's "S/4HANA" meet on `sap`.
 */

/** System id → phrases employees use (lower case; matched on word boundaries). */
export const SYSTEM_ALIASES: Record<string, string[]> = {
  salesforce: ["salesforce", "sfdc", "service cloud", "sales cloud", "agentforce", "einstein", "crm"],
  sap: ["sap", "s/4hana", "s4hana", "s/4", "btp", "sap ariba", "ariba", "erp"],
  workday: ["workday", "workday recruiting", "workday hcm"],
  servicenow: ["servicenow", "service now", "snow", "now assist", "hr service delivery", "hrsd", "itsm"],
  zendesk: ["zendesk"],
  snowflake: ["snowflake", "snowpark", "cortex"],
  databricks: ["databricks", "delta lake", "mosaic"],
  bigquery: ["bigquery", "big query"],
  "power-bi": ["power bi", "powerbi"],
  "microsoft-365": ["microsoft 365", "office 365", "m365", "o365", "sharepoint", "teams", "outlook", "onedrive", "purview"],
  "m365-copilot": ["copilot", "m365 copilot", "microsoft copilot", "microsoft 365 copilot", "copilot studio"],
  "github-copilot": ["github copilot"],
  github: ["github", "pull request", "pull requests"],
  "chatgpt-enterprise": ["chatgpt", "chatgpt enterprise", "chat gpt"],
  "azure-openai": ["azure openai", "azure open ai", "aoai", "gpt-4o", "gpt-4", "openai"],
  "google-workspace": ["google workspace", "gmail", "google drive", "google docs", "gemini", "g suite", "gsuite"],
  okta: ["okta"],
  "entra-id": ["entra", "entra id", "azure ad", "azure active directory", "conditional access"],
  slack: ["slack", "slack bot"],
  jira: ["jira"],
  confluence: ["confluence", "rovo"],
  docusign: ["docusign"],
};

/** Systems that an alias names only together with a more specific system (so "github copilot" is not also "copilot"). */
export const SHADOWED_BY: Record<string, string[]> = {
  "m365-copilot": ["github-copilot"],
  github: ["github-copilot"],
  "azure-openai": ["chatgpt-enterprise"],
};

export const FUNCTION_WORDS: Record<string, string[]> = {
  sales: ["sales", "reps", "account plan", "account plans", "leads", "pipeline", "opportunity", "opportunities", "quotes", "quoting", "inside sales"],
  "customer-support": ["customer support", "customer service", "support team", "tickets", "ticket", "agents", "contact centre", "contact center", "members", "service report", "customer success"],
  finance: ["finance", "invoice", "invoices", "month-end", "close", "cfo", "board pack", "accounts payable", "controller", "budget report"],
  hr: ["hr", "human resources", "payslip", "payslips", "leave", "time off", "recruiting", "recruiters", "cv", "cvs", "job ads", "attrition", "headcount", "people analytics"],
  legal: ["legal", "contract", "contracts", "nda", "ndas", "counsel", "clauses", "liability"],
  marketing: ["marketing", "campaign", "campaigns", "brand", "content", "localise", "localize", "seo"],
  procurement: ["procurement", "buyers", "supplier", "suppliers", "purchase order", "purchasing", "sourcing", "tender"],
  "supply-chain": ["supply chain", "spare parts", "stock", "inventory", "demand", "forecasting", "logistics", "shipments", "planners", "transport"],
  "it-operations": ["it service desk", "service desk", "it questions", "password reset", "helpdesk", "help desk", "it ops", "work orders", "maintenance tickets", "incident"],
  engineering: ["developers", "engineering", "code review", "code", "pull request", "devs", "software"],
};

export const PRACTICE_WORDS: Record<string, string[]> = {
  integration: ["integrate", "integration", "connect", "connecting", "wired into", "wire", "pull", "api", "sync", "answers from", "without leaving"],
  "change-management": ["change plan", "change management", "adoption programme", "rollout", "rolled out", "roll out", "resistance", "einführung"],
  "works-council": ["works council", "betriebsrat", "ondernemingsraad"],
  training: ["training", "workshops", "learn", "prompts", "schulung", "schulungsplan", "enablement", "upskill"],
  "copilot-adoption": ["copilot adoption", "copilot rollout", "adoption", "licences", "licenses", "readiness"],
  "data-governance": ["sensitivity labels", "purview", "labelling", "labeling", "data governance", "row-level", "oversharing"],
  "data-engineering": ["data warehouse", "warehouse", "pipeline", "data platform"],
  analytics: ["dashboard", "dashboards", "forecast", "forecasting", "predict", "sql", "analytics", "numbers", "power bi", "metrics", "measure"],
  rag: ["retrieval", "rag", "vector store", "vector", "pdfs", "documentation", "knowledge base", "answers from", "pages"],
  evaluation: ["evaluation", "evaluate", "validation", "validate", "evaluation set", "answer quality", "human review", "model risk", "test"],
  "agent-development": ["agent", "agents", "ai agent", "bot", "open tickets", "raise"],
  "process-automation": ["automate", "automatically", "automation", "routed", "posting", "match invoices", "workflow", "triage"],
  "security-review": ["security review", "sso", "scim", "soc 2", "iso 27001", "pen test", "access review", "controls", "conditional access", "itgc"],
  privacy: ["gdpr", "privacy", "dpia", "personal data", "bias", "data protection"],
  "regulated-industries": ["hipaa", "phi", "baa", "fca", "sox", "regulated", "patient", "patients", "health information", "consumer duty", "model validation"],
};

export const INDUSTRY_WORDS: Record<string, string[]> = {
  "financial-services": ["bank", "banking", "financial services", "credit", "loan", "loans", "fca", "lending"],
  insurance: ["insurance", "claims", "claim", "adjuster", "underwriting"],
  healthcare: ["health", "healthcare", "clinic", "hospital", "patient", "patients", "phi", "hipaa", "members"],
  "life-sciences": ["pharma", "life sciences", "clinical"],
  manufacturing: ["manufacturing", "factory", "plant", "spare parts"],
  retail: ["retail", "e-commerce", "ecommerce", "shop", "deliveries", "stores"],
  logistics: ["logistics", "shipments", "transport", "freight", "warehouse operations"],
  energy: ["energy", "utility", "utilities", "grid"],
  "public-sector": ["government", "public sector", "municipality", "case workers", "ministry"],
  "professional-services": ["consulting", "law firm", "agency", "professional services"],
};

/** Country code → place names (cities the company works in, country names and adjectives). */
export const COUNTRY_WORDS: Record<string, string[]> = {
  NL: ["netherlands", "dutch", "amsterdam", "rotterdam", "utrecht", "the hague", "eindhoven", "tilburg", "venlo", "groningen"],
  DE: ["germany", "german", "berlin", "munich", "münchen", "frankfurt", "düsseldorf", "dusseldorf", "cologne", "köln", "hamburg"],
  PL: ["poland", "polish", "warsaw", "kraków", "krakow", "gdańsk", "gdansk", "poznań", "poznan", "wrocław", "wroclaw"],
  GB: ["uk", "united kingdom", "britain", "british", "london", "manchester", "leeds", "birmingham"],
  US: ["us", "usa", "united states", "american", "new york", "boston", "chicago", "atlanta", "denver", "seattle", "austin", "phoenix", "hartford"],
  FR: ["france", "french", "paris", "nantes", "lyon"],
};

/** Country → region id. */
export const COUNTRY_REGION: Record<string, string> = {
  NL: "europe", DE: "europe", PL: "europe", GB: "europe", FR: "europe", BE: "europe", ES: "europe", IT: "europe",
  IE: "europe", AT: "europe", CH: "europe", SE: "europe", DK: "europe", NO: "europe", FI: "europe", PT: "europe",
  US: "north-america", CA: "north-america", MX: "north-america",
  BR: "latin-america", AR: "latin-america", CL: "latin-america",
  IN: "asia-pacific", SG: "asia-pacific", AU: "asia-pacific", JP: "asia-pacific",
};

export const REGION_WORDS: Record<string, string[]> = {
  europe: ["europe", "eu", "emea", "european"],
  "north-america": ["north america", "us only", "americas"],
  "asia-pacific": ["apac", "asia"],
  "latin-america": ["latam", "latin america"],
};

export const REGIONS = ["europe", "north-america", "asia-pacific", "latin-america"] as const;

/** Language code → how people name it (English and the language's own name). */
export const LANGUAGE_WORDS: Record<string, string[]> = {
  en: ["english"],
  nl: ["dutch", "nederlands", "dutch-speaking"],
  de: ["german", "deutsch", "german-speaking"],
  pl: ["polish", "polski", "polish-speaking"],
  fr: ["french", "français", "francais"],
  es: ["spanish", "español", "espanol"],
};

/** Data classification, least to most sensitive (the Halden & Rowe scheme in the privacy playbook). */
export const SENSITIVITY_LEVELS = ["public", "internal", "confidential", "restricted"] as const;
export type Sensitivity = (typeof SENSITIVITY_LEVELS)[number];

export const SENSITIVITY_WORDS: Record<Sensitivity, string[]> = {
  public: ["public data"],
  internal: ["internal"],
  confidential: ["confidential", "customer data", "customer emails", "sensitive"],
  restricted: ["restricted", "phi", "patient", "health information", "hipaa", "hr data", "payslips", "credit data", "special category"],
};

export const TIERS = ["registered", "certified", "premier"] as const;
export type Tier = (typeof TIERS)[number];
