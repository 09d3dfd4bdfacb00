/**
 * The campaign modal's submitted state → a campaign definition input, and field errors → the modal's block ids.
 * Validation itself is the domain's (zod, in checkins/campaign.ts); this only translates between the two.
 */
import type { ViewOutput } from "@slack/bolt";
import type { CampaignInput, FieldError } from "../../checkins/campaign.ts";
import { CAMPAIGN_FIELDS as F, campaignAction } from "../blocks/checkins.ts";

type StateValue = {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_conversation?: string | null;
  selected_users?: string[];
  selected_date?: string | null;
  selected_time?: string | null;
};

function read(view: ViewOutput, blockId: string): StateValue {
  return (view.state.values[blockId]?.[campaignAction(blockId)] as StateValue | undefined) ?? {};
}

/** Reads the form; problems the schema cannot see (which audience) come back as field errors. */
export function readCampaignForm(view: ViewOutput): { input?: CampaignInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const channel = read(view, F.channel).selected_conversation ?? undefined;
  const users = read(view, F.users).selected_users ?? [];
  const usergroup = read(view, F.usergroup).value?.trim() || undefined;
  const given = [channel, users.length > 0 ? users : undefined, usergroup].filter(Boolean).length;
  if (given !== 1) {
    const message = given === 0 ? "Pick who to ask: a channel, people, or a user group." : "Pick only one of channel, people or user group.";
    errors[F.channel] = message;
  }
  const audience: CampaignInput["audience"] = channel
    ? { kind: "channel", channelId: channel }
    : usergroup
      ? { kind: "usergroup", usergroupId: usergroup }
      : { kind: "users", userIds: users };

  const source = read(view, F.teamSource).selected_option?.value ?? "title";
  const teamValue = read(view, F.teamValue).value?.trim() ?? "";
  let team: CampaignInput["team"];
  if (source === "channel") team = { kind: "channel" };
  else if (source === "usergroups") team = { kind: "usergroups", usergroupIds: teamValue.split(/[\s,]+/).filter(Boolean) };
  else if (source === "profile") team = { kind: "profile", field: teamValue };
  else team = { kind: "profile", field: "title" };

  const options = new Set((read(view, F.options).selected_options ?? []).map((o) => o.value));
  const custom = (read(view, F.custom).value ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const reportChannel = read(view, F.report).selected_conversation ?? undefined;
  const number = (blockId: string) => Number(read(view, blockId).selected_option?.value);

  const input: CampaignInput = {
    name: read(view, F.name).value ?? "",
    audience,
    team,
    schedule: {
      cadence: (read(view, F.cadence).selected_option?.value ?? "once") as CampaignInput["schedule"]["cadence"],
      startDate: read(view, F.startDate).selected_date ?? "",
      weekday: number(F.weekday),
      time: read(view, F.time).selected_time ?? "",
    },
    windowHours: number(F.window),
    reminders: { count: number(F.reminderCount), spacingHours: number(F.reminderSpacing) },
    anonymous: options.has("anonymous"),
    questions: { usage: options.has("usage"), useCase: options.has("useCase"), blockers: options.has("blockers"), custom },
    report: reportChannel ? { kind: "channel", channelId: reportChannel } : { kind: "dm" },
  };
  return Object.keys(errors).length > 0 ? { errors } : { input, errors };
}

const PATH_TO_BLOCK: [RegExp, string][] = [
  [/^name/, F.name],
  [/^audience\.userIds/, F.users],
  [/^audience\.usergroupId/, F.usergroup],
  [/^audience/, F.channel],
  [/^team\.(field|usergroupIds)/, F.teamValue],
  [/^team/, F.teamSource],
  [/^schedule\.startDate/, F.startDate],
  [/^schedule\.weekday/, F.weekday],
  [/^schedule\.time/, F.time],
  [/^schedule/, F.cadence],
  [/^windowHours/, F.window],
  [/^reminders\.count/, F.reminderCount],
  [/^reminders/, F.reminderSpacing],
  [/^questions\.custom/, F.custom],
  [/^report/, F.report],
];

/** Domain field errors → `response_action: "errors"` map (first message per block). */
export function errorsForModal(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const block = PATH_TO_BLOCK.find(([re]) => re.test(e.path))?.[1] ?? F.name;
    const text = `${e.path.split(".").at(-1)?.replace(/^\d+$/, "") || "This"} ${e.message}`.trim();
    out[block] ??= text.length > 150 ? `${text.slice(0, 149)}…` : text;
  }
  return out;
}
