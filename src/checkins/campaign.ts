/**
 * A check-in campaign's definition, validated with zod: who is asked (audience), how they are grouped into teams,
 * when (schedule), for how long (window, reminders), what (questions), whether answers are anonymous, and where
 * the report goes. Field paths in errors match the modal's inputs so the Slack surface can show them in place.
 */
import { z } from "zod";
import { nextRoundDate, type Schedule } from "./schedule.ts";

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const SLACK_CHANNEL = /^[CG][A-Z0-9]{2,}$/;
const SLACK_USERGROUP = /^S[A-Z0-9]{2,}$/;

export const MAX_AUDIENCE_USERS = 500;
export const MAX_CUSTOM_QUESTIONS = 3;

const AudienceSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("channel"), channelId: z.string().regex(SLACK_CHANNEL, "must be a channel") }),
  z.object({ kind: z.literal("usergroup"), usergroupId: z.string().regex(SLACK_USERGROUP, "must be a user group") }),
  z.object({
    kind: z.literal("users"),
    userIds: z
      .array(z.string().regex(SLACK_USER, "must be people"))
      .min(1, "pick at least one person")
      .max(MAX_AUDIENCE_USERS, `at most ${MAX_AUDIENCE_USERS} people; use a channel or a user group for more`),
  }),
]);

/** How a participant's team is found: the audience channel's name, the first listed user group they are in, or a profile field. */
const TeamAttributeSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("channel") }),
  z.object({ kind: z.literal("usergroups"), usergroupIds: z.array(z.string().regex(SLACK_USERGROUP, "must be user groups")).min(1, "pick at least one user group").max(30) }),
  z.object({ kind: z.literal("profile"), field: z.string().min(1, "name a profile field").max(64) }),
]);

const ScheduleSchema = z.object({
  cadence: z.enum(["once", "weekly", "biweekly", "monthly"]),
  startDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date"),
  weekday: z.number().int().min(1).max(7),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time such as 09:30"),
});

export const CampaignDefinitionSchema = z
  .object({
    name: z.string().trim().min(1, "give the campaign a name").max(80, "at most 80 characters"),
    audience: AudienceSchema,
    team: TeamAttributeSchema,
    schedule: ScheduleSchema,
    windowHours: z.number().int().min(4, "at least 4 hours").max(14 * 24, "at most 14 days"),
    reminders: z.object({
      count: z.number().int().min(0).max(5, "at most 5 reminders"),
      spacingHours: z.number().int().min(1, "at least 1 hour apart").max(7 * 24),
    }),
    anonymous: z.boolean(),
    questions: z.object({
      usage: z.boolean(),
      useCase: z.boolean(),
      blockers: z.boolean(),
      custom: z.array(z.string().trim().min(3, "at least 3 characters").max(150, "at most 150 characters")).max(MAX_CUSTOM_QUESTIONS),
    }),
    report: z.discriminatedUnion("kind", [z.object({ kind: z.literal("dm") }), z.object({ kind: z.literal("channel"), channelId: z.string().regex(SLACK_CHANNEL, "must be a channel") })]),
    threshold: z.number().int().min(1).max(4).default(3),
    minRespondents: z.number().int().min(3, "at least 3 (smaller groups make answers identifiable)").max(50).default(5),
  })
  .superRefine((d, ctx) => {
    if (d.team.kind === "channel" && d.audience.kind !== "channel") {
      ctx.addIssue({ code: "custom", path: ["team"], message: "teams from the channel need a channel audience" });
    }
    if (d.reminders.count > 0 && d.reminders.spacingHours >= d.windowHours) {
      ctx.addIssue({ code: "custom", path: ["reminders", "spacingHours"], message: "reminders must come before the window closes" });
    }
    if (d.schedule.cadence !== "once" && !Number.isInteger(d.schedule.weekday)) {
      ctx.addIssue({ code: "custom", path: ["schedule", "weekday"], message: "pick a weekday" });
    }
  });

export type CampaignDefinition = z.infer<typeof CampaignDefinitionSchema>;
export type CampaignInput = z.input<typeof CampaignDefinitionSchema>;
export type Audience = CampaignDefinition["audience"];
export type TeamAttribute = CampaignDefinition["team"];

export type CampaignStatus = "active" | "ended";

export interface Campaign {
  id: string;
  ownerId: string;
  definition: CampaignDefinition;
  status: CampaignStatus;
  createdAt: Date;
}

/** One problem with a definition: where (dotted path, e.g. `schedule.time`) and what. */
export interface FieldError {
  path: string;
  message: string;
}

export class CampaignValidationError extends Error {
  readonly code = "campaign_invalid";
  constructor(readonly errors: FieldError[]) {
    super(`Invalid check-in campaign: ${errors.map((e) => `${e.path || "campaign"} ${e.message}`).join("; ")}`);
    this.name = "CampaignValidationError";
  }
}

/** Validates a definition; throws CampaignValidationError listing every field problem. */
export function parseCampaignDefinition(input: unknown): CampaignDefinition {
  const parsed = CampaignDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    throw new CampaignValidationError(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
  }
  if (parsed.data.schedule.cadence === "once" && nextRoundDate(parsed.data.schedule as Schedule) === null) {
    throw new CampaignValidationError([{ path: "schedule.startDate", message: "has no round" }]);
  }
  return parsed.data;
}

/** The question ids a participant is asked, in order (the five ADKAR elements first). */
export function questionIds(definition: CampaignDefinition): string[] {
  const ids = ["awareness", "desire", "knowledge", "ability", "reinforcement"];
  if (definition.questions.usage) ids.push("usage");
  if (definition.questions.useCase) ids.push("use_case");
  if (definition.questions.blockers) ids.push("blockers");
  definition.questions.custom.forEach((_, i) => ids.push(`custom_${i + 1}`));
  return ids;
}
