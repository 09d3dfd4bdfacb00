import { z } from "zod";
import { DEFAULT_CONFIDENCE_THRESHOLD } from "./assistant/scope.ts";

/** Raised when an environment variable has a value the app cannot use; the message names the variable. */
export class ConfigError extends Error {
  readonly code = "config_invalid";
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const wholeNumber = (fallback: number, min: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce.number().int("must be a whole number").min(min, `must be ${min}-${max}`).max(max, `must be ${min}-${max}`).default(fallback),
  );

/**
 * PLAYBOOK_OWNERS: who receives a playbook owner's weekly digest, as `Owner name=U123,Other owner=U456`; the owner
 * name is a playbook's `owner` exactly; repeat an owner to send to several people (`Revenue Operations=U1,Revenue
 * Operations=U2`).
 */
const playbookOwnersSetting = z.string().transform((raw, ctx) => {
  const owners: Record<string, string[]> = {};
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(.+?)\s*=\s*([UW][A-Z0-9]{2,})$/.exec(part);
    if (!m) {
      ctx.addIssue({ code: "custom", message: `"${part.slice(0, 60)}" must be "Owner name=U0123ABCD" (entries separated by commas)` });
      return z.NEVER;
    }
    (owners[m[1]!] ??= []).push(m[2]!);
  }
  return owners;
});

const schema = z
  .object({
    SLACK_BOT_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
    ),
    SLACK_APP_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
    ),
    SLACK_SIGNING_SECRET: optionalString,
    SLACK_MODE: z.preprocess(emptyToUndefined, z.enum(["socket", "http"]).optional()),
    SLACK_API_URL: z.preprocess(emptyToUndefined, z.string().url("must be a URL such as https://slack.com/api/").optional()),
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535").default(3000),
    ),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().url("must be a URL such as http://localhost:8080/v1").optional()),
    OPENAI_MODEL: z.preprocess(emptyToUndefined, z.string().default("gpt-4o-mini")),
    OPENAI_EMBEDDING_MODEL: z.preprocess(emptyToUndefined, z.string().default("text-embedding-3-small")),
    EMBEDDINGS: z.preprocess(
      (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
      z.enum(["local", "openai"]).default("local"),
    ),
    SENTENCE_ENCODER: z.preprocess(
      (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
      z.enum(["use", "intent", "off"]).default("off"),
    ),
    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL (leave unset for the embedded SQLite store)")
        .optional(),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("data")),
    KNOWLEDGE_DIR: z.preprocess(emptyToUndefined, z.string().default("knowledge")),
    LOG_LEVEL: z.preprocess(
      (v) => (typeof v === "string" ? emptyToUndefined(v.toLowerCase()) : v),
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    ESCALATION_CHANNEL: optionalString,
    LINT_DIGEST_CHANNEL: z.preprocess(
      emptyToUndefined,
      z.string().regex(/^[CG][A-Z0-9]{2,}$/, "must be a channel id such as C0123ABCD (not a #name)").optional(),
    ),
    PLAYBOOK_OWNERS: z.preprocess(emptyToUndefined, playbookOwnersSetting.optional()),
    LINT_BASELINE_DIR: optionalString,
    RATE_LIMIT_PER_MINUTE: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000").default(10),
    ),
    CHANGE_MANAGERS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((v) => v.split(/[\s,]+/).filter(Boolean))
        .refine((ids) => ids.every((id) => /^[UW][A-Z0-9]{2,}$/.test(id)), "must be Slack user ids separated by commas (U…)")
        .optional(),
    ),
    CHANGE_MANAGER_GROUP: z.preprocess(emptyToUndefined, z.string().regex(/^S[A-Z0-9]{2,}$/, "must be a Slack user group id (S…)").optional()),
    INBOX_LEASE_SECONDS: wholeNumber(30, 1, 3600),
    INBOX_SWEEP_SECONDS: wholeNumber(5, 0, 3600),
    INBOX_MAX_ATTEMPTS: wholeNumber(8, 1, 100),
    RETENTION_TURNS_DAYS: wholeNumber(30, 0, 36500),
    RETENTION_EVENTS_DAYS: wholeNumber(7, 1, 3650),
    RETENTION_RATE_LIMIT_HOURS: wholeNumber(48, 1, 87600),
    RETENTION_INBOX_DAYS: wholeNumber(7, 1, 3650),
    CONFIDENCE_THRESHOLD: z.preprocess(
      emptyToUndefined,
      z.coerce.number().min(0, "must be between 0 and 1").max(1, "must be between 0 and 1").default(DEFAULT_CONFIDENCE_THRESHOLD),
    ),
    PARTNERS_FILE: z.preprocess(emptyToUndefined, z.string().default("knowledge/partners.yml")),
    REFERRAL_SLA_HOURS: z.preprocess(
      emptyToUndefined,
      z.coerce.number().int("must be a whole number of hours").min(1, "must be at least 1").max(720, "must be at most 720").optional(),
    ),
    PMO_USER_IDS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^\s*[UW][A-Z0-9]{2,}(\s*,\s*[UW][A-Z0-9]{2,})*\s*$/, "must be Slack user ids separated by commas, e.g. U012ABC,U034DEF")
        .optional(),
    ),
    PARTNER_WEBHOOK_SECRET: z.preprocess(emptyToUndefined, z.string().min(16, "must be at least 16 characters").optional()),
  })
  .superRefine((c, ctx) => {
    if (c.EMBEDDINGS === "openai" && !c.OPENAI_API_KEY) {
      ctx.addIssue({ code: "custom", path: ["EMBEDDINGS"], message: "is 'openai' but OPENAI_API_KEY is not set (use 'local' or set the key)" });
    }
    if (c.SLACK_MODE === "socket" && !c.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["SLACK_MODE"], message: "is 'socket' but SLACK_APP_TOKEN (xapp-...) is not set" });
    }
    if (c.SLACK_MODE === "http" && !c.SLACK_SIGNING_SECRET) {
      ctx.addIssue({ code: "custom", path: ["SLACK_MODE"], message: "is 'http' but SLACK_SIGNING_SECRET is not set" });
    }
    if ((c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET || c.SLACK_MODE) && !c.SLACK_BOT_TOKEN) {
      ctx.addIssue({ code: "custom", path: ["SLACK_BOT_TOKEN"], message: "is required when Slack is configured (xoxb-...)" });
    }
  });

export type RawConfig = z.infer<typeof schema>;

const DAY_MS = 24 * 3_600_000;

export interface Config {
  slack:
    | { enabled: false }
    | {
        enabled: true;
        mode: "socket" | "http";
        botToken: string;
        appToken?: string;
        signingSecret?: string;
        port: number;
        apiUrl?: string;
      };
  openai: { apiKey?: string; baseURL?: string; model: string; embeddingModel: string };
  embeddings: "local" | "openai";
  /** The sentence encoder search adds to BM25 and the dense half (`use`: Universal Sentence Encoder lite). */
  /** `intent`: the encoder reads each question for the intent model; `use`: search scores headings with it too; `off`: neither. */
  sentenceEncoder: "use" | "intent" | "off";
  databaseUrl?: string;
  dataDir: string;
  knowledgeDir: string;
  logLevel: RawConfig["LOG_LEVEL"];
  escalationChannel?: string;
  /** Where the weekly playbook digest goes: a channel (one message per owner), else DMs to PLAYBOOK_OWNERS. */
  /**
   * Where the weekly playbook digest goes: a channel (one message per owner), else DMs to PLAYBOOK_OWNERS; and the
   * copy of the corpus as last approved, against which the digest's and `lint`'s changes are checked (`lint --baseline`).
   */
  lintDigest: { channel?: string; owners: Record<string, string[]>; baselineDir?: string };
  rateLimitPerMinute: number;
  confidenceThreshold: number;
  /** Who may run check-in campaigns: these user ids, and members of this user group. */
  changeManagers: { userIds: string[]; usergroupId?: string };
  partners: { file: string; slaHours?: number; pmoUserIds: string[]; webhookSecret?: string };
  /** Durable inbox of Slack events (src/slack/inbox/). */
  inbox: { leaseMs: number; sweepEveryMs: number; maxAttempts: number };
  /** How long rows are kept, in ms (turns 0 = forever). */
  retention: { turnsMs: number; processedEventsMs: number; rateLimitWindowsMs: number; inboxMs: number };
}

/** Parses the environment once. Throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? "environment");
    const raw = env[name];
    let allowed = issue.message;
    if (issue.code === "invalid_enum_value") allowed = `must be one of ${issue.options.join(", ")}`;
    const shown = raw === undefined || /TOKEN|SECRET|KEY|DATABASE_URL/.test(name) ? "" : ` (got "${String(raw).slice(0, 60)}")`;
    throw new ConfigError(`Invalid setting ${name}${shown}: ${allowed}`);
  }
  const c = parsed.data;
  const slackConfigured = Boolean(c.SLACK_BOT_TOKEN && (c.SLACK_APP_TOKEN || c.SLACK_SIGNING_SECRET));
  const mode = c.SLACK_MODE ?? (c.SLACK_APP_TOKEN ? "socket" : "http");
  return {
    slack: slackConfigured
      ? {
          enabled: true,
          mode,
          botToken: c.SLACK_BOT_TOKEN!,
          appToken: c.SLACK_APP_TOKEN,
          signingSecret: c.SLACK_SIGNING_SECRET,
          port: c.PORT,
          apiUrl: c.SLACK_API_URL,
        }
      : { enabled: false },
    openai: { apiKey: c.OPENAI_API_KEY, baseURL: c.OPENAI_BASE_URL, model: c.OPENAI_MODEL, embeddingModel: c.OPENAI_EMBEDDING_MODEL },
    embeddings: c.EMBEDDINGS,
    sentenceEncoder: c.SENTENCE_ENCODER,
    databaseUrl: c.DATABASE_URL,
    dataDir: c.DATA_DIR,
    knowledgeDir: c.KNOWLEDGE_DIR,
    logLevel: c.LOG_LEVEL,
    escalationChannel: c.ESCALATION_CHANNEL,
    lintDigest: { channel: c.LINT_DIGEST_CHANNEL, owners: c.PLAYBOOK_OWNERS ?? {}, baselineDir: c.LINT_BASELINE_DIR },
    rateLimitPerMinute: c.RATE_LIMIT_PER_MINUTE,
    confidenceThreshold: c.CONFIDENCE_THRESHOLD,
    changeManagers: { userIds: c.CHANGE_MANAGERS ?? [], usergroupId: c.CHANGE_MANAGER_GROUP },
    partners: {
      file: c.PARTNERS_FILE,
      slaHours: c.REFERRAL_SLA_HOURS,
      pmoUserIds: (c.PMO_USER_IDS ?? "").split(",").map((s) => s.trim()).filter(Boolean),
      webhookSecret: c.PARTNER_WEBHOOK_SECRET,
    },
    inbox: { leaseMs: c.INBOX_LEASE_SECONDS * 1000, sweepEveryMs: c.INBOX_SWEEP_SECONDS * 1000, maxAttempts: c.INBOX_MAX_ATTEMPTS },
    retention: {
      turnsMs: c.RETENTION_TURNS_DAYS * DAY_MS,
      processedEventsMs: c.RETENTION_EVENTS_DAYS * DAY_MS,
      rateLimitWindowsMs: c.RETENTION_RATE_LIMIT_HOURS * 3_600_000,
      inboxMs: c.RETENTION_INBOX_DAYS * DAY_MS,
    },
  };
}
