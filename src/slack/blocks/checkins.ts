/**
 * Block Kit for check-ins, pure functions of domain values: the campaign modal, the DM invitation and reminder,
 * the check-in modal (one input per question, each answer sent as it is given), the report message (figures as
 * text bars, so screen readers get what the chart shows) and the change manager's App Home section.
 */
import type { types } from "@slack/bolt";
import { redactText } from "../../assistant/redaction.ts";
import { ADKAR_ELEMENTS, ADKAR_QUESTIONS, ELEMENT_NAMES, USAGE_OPTIONS } from "../../checkins/adkar.ts";
import { THEME_NAMES } from "../../checkins/blocker-themes.ts";
import { type CampaignDefinition, MAX_CUSTOM_QUESTIONS, questionIds } from "../../checkins/campaign.ts";
import type { CampaignOverview } from "../../checkins/CheckinService.ts";
import type { Invitation } from "../../checkins/ports.ts";
import type { CheckinReport } from "../../checkins/report.ts";
import { describeLocal } from "../../checkins/schedule.ts";
import type { Participation } from "../../store/CheckinStore.ts";
import {
  CHECKIN_ANSWER_PREFIX,
  CHECKIN_CAMPAIGN_MODAL,
  CHECKIN_DM_ACTIONS_BLOCK,
  CHECKIN_EXPORT,
  CHECKIN_MODAL,
  CHECKIN_NEW_CAMPAIGN,
  CHECKIN_REPORT_NOW,
  CHECKIN_SKIP,
  CHECKIN_SNOOZE,
  CHECKIN_START,
} from "../ids.ts";
import type { HomeSection } from "./home.ts";
import { LIMITS } from "./limits.ts";
import type { ModalView } from "./modals.ts";
import { type Block, context, escapeMrkdwn, plain, section, truncate } from "./text.ts";

/** Block ids of the campaign modal's inputs (errors are shown on them). */
export const CAMPAIGN_FIELDS = {
  name: "cmp_name",
  channel: "cmp_channel",
  users: "cmp_users",
  usergroup: "cmp_usergroup",
  teamSource: "cmp_team",
  teamValue: "cmp_team_value",
  cadence: "cmp_cadence",
  startDate: "cmp_start",
  weekday: "cmp_weekday",
  time: "cmp_time",
  window: "cmp_window",
  reminderCount: "cmp_reminders",
  reminderSpacing: "cmp_spacing",
  options: "cmp_options",
  custom: "cmp_custom",
  report: "cmp_report",
} as const;
/** Every campaign-modal input uses its block id as action id too. */
export const campaignAction = (blockId: string) => `${blockId}_input`;

/** Block id of a question's input in the check-in modal. */
export const questionBlock = (questionId: string) => `q_${questionId}`;

/** The campaign reference carried by buttons and modals: campaign id and round. */
export interface RoundRef {
  c: string;
  r: string;
}

export function encodeRoundRef(ref: RoundRef): string {
  return JSON.stringify(ref);
}

export function decodeRoundRef(value: string | undefined): RoundRef | undefined {
  try {
    const v = JSON.parse(value ?? "") as RoundRef;
    return typeof v.c === "string" && typeof v.r === "string" && v.c.length < 100 && v.r.length < 20 ? { c: v.c, r: v.r } : undefined;
  } catch {
    return undefined;
  }
}

const option = (text: string, value: string) => ({ text: plain(truncate(text, LIMITS.optionText), LIMITS.optionText), value });
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function selectInput(blockId: string, label: string, options: { text: types.PlainTextElement; value: string }[], initial: string, optional = false): Block {
  return {
    type: "input",
    block_id: blockId,
    optional,
    label: plain(label, LIMITS.inputLabel),
    element: { type: "static_select", action_id: campaignAction(blockId), options, initial_option: options.find((o) => o.value === initial) ?? options[0] },
  };
}

/** The "new campaign" modal. `today` (yyyy-MM-dd) is the date picker's initial date. */
export function buildCampaignModal(today: string): ModalView {
  const F = CAMPAIGN_FIELDS;
  const blocks: Block[] = [
    section("Ask a team how AI adoption is going, scored with ADKAR (Awareness, Desire, Knowledge, Ability, Reinforcement). Each person gets a DM at the chosen time *in their own time zone*; it takes under a minute."),
    { type: "input", block_id: F.name, label: plain("Campaign name"), element: { type: "plain_text_input", action_id: campaignAction(F.name), max_length: 80, placeholder: plain("e.g. Sales Copilot rollout") } },
    { type: "header", text: plain("Who", LIMITS.headerText) },
    context("Pick *one*: a channel's members, people, or a user group."),
    { type: "input", block_id: F.channel, optional: true, label: plain("Members of a channel"), element: { type: "conversations_select", action_id: campaignAction(F.channel), filter: { include: ["public", "private"], exclude_bot_users: true } } },
    { type: "input", block_id: F.users, optional: true, label: plain("People"), element: { type: "multi_users_select", action_id: campaignAction(F.users), max_selected_items: 100 } },
    { type: "input", block_id: F.usergroup, optional: true, label: plain("User group id"), hint: plain("From the group's profile: S followed by letters and digits."), element: { type: "plain_text_input", action_id: campaignAction(F.usergroup), max_length: 20, placeholder: plain("S0123ABCD") } },
    selectInput(F.teamSource, "Group answers into teams by", [option("The channel (one team)", "channel"), option("Job title in Slack profiles", "title"), option("A custom profile field", "profile"), option("User groups", "usergroups")], "title"),
    { type: "input", block_id: F.teamValue, optional: true, label: plain("Profile field id or user group ids"), hint: plain("Only for a custom profile field (Xf…) or user groups (S…, comma-separated)."), element: { type: "plain_text_input", action_id: campaignAction(F.teamValue), max_length: 500 } },
    { type: "header", text: plain("When", LIMITS.headerText) },
    selectInput(F.cadence, "How often", [option("Once", "once"), option("Every week", "weekly"), option("Every two weeks", "biweekly"), option("Every month (first chosen weekday)", "monthly")], "biweekly"),
    { type: "input", block_id: F.startDate, label: plain("Starting"), element: { type: "datepicker", action_id: campaignAction(F.startDate), initial_date: today } },
    selectInput(F.weekday, "On", WEEKDAYS.map((d, i) => option(d, String(i + 1))), "2"),
    { type: "input", block_id: F.time, label: plain("At (each person's local time)"), element: { type: "timepicker", action_id: campaignAction(F.time), initial_time: "10:00" } },
    selectInput(F.window, "Answers accepted for", [option("1 day", "24"), option("2 days", "48"), option("3 days", "72"), option("5 days", "120"), option("1 week", "168")], "72"),
    selectInput(F.reminderCount, "Reminders to those who have not answered", ["0", "1", "2", "3"].map((n) => option(n === "0" ? "None" : n, n)), "2"),
    selectInput(F.reminderSpacing, "Reminder spacing", [option("4 hours", "4"), option("12 hours", "12"), option("1 day", "24"), option("2 days", "48")], "24"),
    { type: "header", text: plain("What", LIMITS.headerText) },
    context("Always asked: the five ADKAR statements on a 1–5 scale."),
    {
      type: "input",
      block_id: F.options,
      optional: true,
      label: plain("Also ask, and how"),
      element: {
        type: "checkboxes",
        action_id: campaignAction(F.options),
        options: [option("How often AI was used this week", "usage"), option("The most useful use case", "useCase"), option("Blockers (free text)", "blockers"), option("Anonymous: no names on answers or exports", "anonymous")],
        initial_options: [option("How often AI was used this week", "usage"), option("The most useful use case", "useCase"), option("Blockers (free text)", "blockers"), option("Anonymous: no names on answers or exports", "anonymous")],
      },
    },
    { type: "input", block_id: F.custom, optional: true, label: plain(`Your own questions (one per line, up to ${MAX_CUSTOM_QUESTIONS})`), element: { type: "plain_text_input", action_id: campaignAction(F.custom), multiline: true, max_length: 600 } },
    { type: "input", block_id: F.report, optional: true, label: plain("Post the report in (empty: DM to you)"), element: { type: "conversations_select", action_id: campaignAction(F.report), filter: { include: ["public", "private"], exclude_bot_users: true } } },
  ];
  return {
    type: "modal",
    callback_id: CHECKIN_CAMPAIGN_MODAL,
    title: plain("New check-in", LIMITS.viewTitle),
    submit: plain("Create", LIMITS.viewTitle),
    close: plain("Cancel", LIMITS.viewTitle),
    blocks,
  };
}

function dmButtons(ref: RoundRef, label: string): Block {
  const value = encodeRoundRef(ref);
  return {
    type: "actions",
    block_id: CHECKIN_DM_ACTIONS_BLOCK,
    elements: [
      { type: "button", action_id: CHECKIN_START, style: "primary", text: plain(label, LIMITS.buttonText), value },
      { type: "button", action_id: CHECKIN_SNOOZE, text: plain("Remind me later", LIMITS.buttonText), value },
      { type: "button", action_id: CHECKIN_SKIP, text: plain("Skip this round", LIMITS.buttonText), value },
    ],
  };
}

function privacyLine(i: Pick<Invitation, "anonymous" | "ownerId">): string {
  return i.anonymous
    ? ":lock: Anonymous: only team summaries of 5 or more people are shown, never your name with your answers."
    : `:bust_in_silhouette: Your answers are visible to <@${i.ownerId}>, who runs this check-in.`;
}

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

export function buildInviteMessage(i: Invitation): SlackMessage {
  const name = escapeMrkdwn(i.campaignName);
  return {
    text: `Check-in: ${i.campaignName}. ${i.questionCount} quick questions on how AI is going for you.`,
    blocks: [
      section(`:wave: <@${i.ownerId}> asked for a quick check-in: *${name}*.\n${i.questionCount} questions on how using AI at work is going for you; it takes under a minute.`),
      dmButtons({ c: i.campaignId, r: i.round }, "Start check-in"),
      context(privacyLine(i), `Open until ${describeLocal(i.closesAt, i.timeZone)} (your time).`),
    ],
  };
}

export function buildReminderMessage(i: Invitation & { reminder: number }): SlackMessage {
  const name = escapeMrkdwn(i.campaignName);
  return {
    text: `Reminder: the check-in ${i.campaignName} is still open.`,
    blocks: [
      section(`:alarm_clock: Reminder: the check-in *${name}* is still open. Your answers so far are saved; pick up where you left off.`),
      dmButtons({ c: i.campaignId, r: i.round }, "Continue check-in"),
      context(privacyLine(i), `Open until ${describeLocal(i.closesAt, i.timeZone)} (your time).`),
    ],
  };
}

/** What the DM turns into once the person answered, skipped or snoozed (no buttons left that do nothing). */
export function buildDmOutcome(kind: "answered" | "skipped" | "snoozed" | "closed", campaignName: string, until?: string): SlackMessage {
  const name = escapeMrkdwn(campaignName);
  const text = {
    answered: `:white_check_mark: Thanks, your check-in for *${name}* is in.`,
    skipped: `:fast_forward: You skipped this round of *${name}*. See you next time.`,
    snoozed: `:zzz: OK, I'll remind you about *${name}* ${until ? `around ${until}` : "later"}.`,
    closed: `:lock: The check-in *${name}* has closed.`,
  }[kind];
  return { text: text.replace(/[*:]/g, "").trim(), blocks: kind === "snoozed" ? [section(text)] : [section(text)] };
}

/** The check-in modal: one input per question, with the answers saved so far filled in. */
export function buildCheckinModal(ref: RoundRef, def: CampaignDefinition, saved: Participation["answers"], notice?: string): ModalView {
  const blocks: Block[] = [section(`*${escapeMrkdwn(def.name)}*\nEvery answer is saved as you give it; you can close this and come back.`)];
  if (notice) blocks.push(context(`:warning: ${escapeMrkdwn(notice)}`));
  for (const q of ADKAR_QUESTIONS) {
    const options = q.anchors.map((a, i) => option(a, String(i + 1)));
    const initial = options.find((o) => o.value === String(saved[q.id]));
    blocks.push({
      type: "input",
      block_id: questionBlock(q.id),
      dispatch_action: true,
      label: plain(`${ELEMENT_NAMES[q.id]}: ${q.prompt}`, LIMITS.inputLabel),
      element: { type: "radio_buttons", action_id: `${CHECKIN_ANSWER_PREFIX}${q.id}`, options, ...(initial ? { initial_option: initial } : {}) },
    });
  }
  const ids = questionIds(def);
  if (ids.includes("usage")) {
    const options = USAGE_OPTIONS.map((o) => option(o.label, o.value));
    const initial = options.find((o) => o.value === saved.usage);
    blocks.push({
      type: "input",
      block_id: questionBlock("usage"),
      dispatch_action: true,
      optional: true,
      label: plain("How often did you use AI at work this week?"),
      element: { type: "static_select", action_id: `${CHECKIN_ANSWER_PREFIX}usage`, options, ...(initial ? { initial_option: initial } : {}) },
    });
  }
  const text = (id: string, label: string, placeholder: string) => {
    const value = saved[id];
    blocks.push({
      type: "input",
      block_id: questionBlock(id),
      dispatch_action: true,
      optional: true,
      label: plain(label, LIMITS.inputLabel),
      hint: plain("Press Enter to save this answer now, or just submit."),
      element: {
        type: "plain_text_input",
        action_id: `${CHECKIN_ANSWER_PREFIX}${id}`,
        max_length: 1000,
        placeholder: plain(placeholder, LIMITS.placeholder),
        dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
        ...(typeof value === "string" ? { initial_value: value } : {}),
      },
    });
  };
  if (ids.includes("use_case")) text("use_case", "Your most useful AI use case this week", "e.g. summarising customer calls");
  if (ids.includes("blockers")) text("blockers", "What is stopping you from using AI more?", "e.g. no time to learn, no access to the tool, our CRM is not connected");
  def.questions.custom.forEach((q, i) => text(`custom_${i + 1}`, q, "Your answer"));
  return {
    type: "modal",
    callback_id: CHECKIN_MODAL,
    private_metadata: encodeRoundRef(ref),
    title: plain("Check-in", LIMITS.viewTitle),
    submit: plain("Submit", LIMITS.viewTitle),
    close: plain("Later", LIMITS.viewTitle),
    blocks,
  };
}

/** A 10-character bar for a value out of `max` ("██████░░░░"). */
export function textBar(value: number, max: number, width = 10): string {
  const filled = max <= 0 ? 0 : Math.max(0, Math.min(width, Math.round((value / max) * width)));
  return `${"█".repeat(filled)}${"░".repeat(width - filled)}`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const fmt = (x: number | null | undefined) => (typeof x === "number" ? x.toFixed(1) : "–");
const signed = (x: number) => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${Math.abs(x).toFixed(1)}`;

/** The report message: participation, medians as text bars, barrier distribution, trend, teams, blockers, actions. */
export function buildReportMessage(r: CheckinReport): SlackMessage {
  const p = r.participation;
  // Reports may go to a channel: names typed by people (campaign, teams from profiles) are redacted, then escaped.
  const shown = (text: string) => escapeMrkdwn(redactText(text));
  const blocks: Block[] = [
    { type: "header", text: plain(`Check-in report: ${redactText(r.name)}`, LIMITS.headerText) },
    context(`Round of ${r.round} · ${r.final ? "final" : "so far (still open)"}${r.anonymous ? " · anonymous" : ""}`),
    section(`*Participation:* ${p.answered} of ${p.invited} answered (${pct(p.rate)}), ${p.skipped} skipped\n\`${textBar(p.answered, p.invited)}\` ${pct(p.rate)}`),
  ];
  if (r.overall.withheld) {
    blocks.push(section(`:lock: Scores are withheld: ${r.overall.respondents} answered, fewer than ${r.minRespondents}. Small groups would make answers identifiable.`));
  } else {
    const medians = ADKAR_ELEMENTS.map((e) => `${ELEMENT_NAMES[e].padEnd(13)} ${textBar(r.overall.medians![e] ?? 0, 5)} ${fmt(r.overall.medians![e])}`);
    blocks.push(section(`*ADKAR medians* (1–5; ${r.threshold} or below is a barrier)\n\`\`\`${medians.join("\n")}\`\`\``));
    const b = r.overall.barriers!;
    const n = r.overall.respondents;
    const dist = [...ADKAR_ELEMENTS, "none" as const].map((e) => `${(e === "none" ? "No barrier" : ELEMENT_NAMES[e]).padEnd(13)} ${textBar(b[e], n)} ${b[e]}`);
    const barrier = r.overall.barrier ? `*${ELEMENT_NAMES[r.overall.barrier]}* (${pct(r.overall.barrierShare!)} of respondents are stuck there)` : "none: no element holds back 30% of respondents";
    blocks.push(section(`*Barrier point:* ${barrier}\n*Where people are stuck*\n\`\`\`${dist.join("\n")}\`\`\``));
  }
  const history = r.rounds.filter((x) => !x.withheld && x.medians);
  if (history.length > 1) {
    const last = history.at(-1)!;
    const prev = history.at(-2)!;
    const changes = ADKAR_ELEMENTS.map((e) => `${ELEMENT_NAMES[e]} ${fmt(last.medians![e])} (${signed((last.medians![e] ?? 0) - (prev.medians![e] ?? 0))})`);
    blocks.push(section(`*Trend since ${prev.round}:* ${changes.join(" · ")}`));
  }
  const teamLines = r.teams.map((t) => {
    if (t.withheld) return `• *${shown(t.team)}*: ${t.respondents} answered, withheld (fewer than ${r.minRespondents})`;
    const trend = r.trends.find((x) => x.team === t.team);
    const moved = trend && trend.barrierMoved !== "unknown" ? ` · ${trend.barrierMoved === "later" ? "moved forward" : trend.barrierMoved === "earlier" ? "moved back" : "unchanged"} since ${trend.previousRound}` : "";
    return `• *${shown(t.team)}*: ${t.respondents} answered · barrier ${t.barrier ? ELEMENT_NAMES[t.barrier] : "none"}${moved}`;
  });
  if (teamLines.length > 0) blocks.push(section(truncate(`*Teams*\n${teamLines.join("\n")}`, LIMITS.sectionText)));
  if (r.blockers && r.blockers.length > 0) {
    const lines = r.blockers.slice(0, 8).map((b) => `${THEME_NAMES[b.theme]}: ${b.count}${b.systems.length ? ` (${b.systems.map(escapeMrkdwn).join(", ")})` : ""}`);
    blocks.push(section(`*Blockers by theme*\n${lines.join("\n")}`));
  }
  if (r.usage) {
    const total = Object.values(r.usage).reduce((a, b) => a + b, 0);
    const lines = USAGE_OPTIONS.map((o) => `${o.label.padEnd(20)} ${textBar(r.usage![o.value], total)} ${r.usage![o.value]}`);
    blocks.push(section(`*AI use this week*\n\`\`\`${lines.join("\n")}\`\`\``));
  }
  for (const a of r.advice) {
    blocks.push({ type: "divider" });
    const items = a.items.map((i) => `• ${escapeMrkdwn(i.action)}\n   _${escapeMrkdwn(i.citation.title)} › ${escapeMrkdwn(i.citation.section)}_ (\`${escapeMrkdwn(i.citation.path)}\`)`);
    const head = `*What to do about ${ELEMENT_NAMES[a.barrier]}*${a.scope === "All teams" ? "" : ` (${shown(a.scope)})`}: ${a.focus}`;
    blocks.push(section(truncate(`${head}\n${items.join("\n") || "No playbook section covers this yet."}`, LIMITS.sectionText)));
  }
  const summary = r.overall.withheld
    ? `${p.answered} of ${p.invited} answered; scores withheld`
    : `${p.answered} of ${p.invited} answered; barrier ${r.overall.barrier ? ELEMENT_NAMES[r.overall.barrier] : "none"}`;
  return { text: `Check-in report: ${redactText(r.name)}, round ${r.round}: ${summary}.`, blocks: blocks.slice(0, LIMITS.blocksPerMessage) };
}

/** The change manager's App Home section: campaigns, latest round per team, next run, and actions. */
export function buildCheckinHomeSection(overviews: CampaignOverview[], zone?: string): HomeSection {
  const blocks: Block[] = [
    {
      type: "actions",
      block_id: "checkin_home_actions",
      elements: [{ type: "button", action_id: CHECKIN_NEW_CAMPAIGN, style: "primary", text: plain(":clipboard: New check-in campaign", LIMITS.buttonText) }],
    },
  ];
  if (overviews.length === 0) blocks.push(context("No campaigns yet. A check-in asks five ADKAR questions and tells you where adoption is stuck, team by team."));
  for (const o of overviews) {
    const c = o.campaign;
    const lines = [`*${escapeMrkdwn(c.definition.name)}* · ${c.definition.schedule.cadence} · ${c.status}${c.definition.anonymous ? " · anonymous" : ""}`];
    if (o.latest) {
      lines.push(`Latest round ${o.latest.round} (${o.latest.status}): ${o.latest.answered} of ${o.latest.invited} answered`);
      const teams = o.teams.slice(0, 6).map((t) => (t.withheld ? `${escapeMrkdwn(t.team)}: withheld` : `${escapeMrkdwn(t.team)}: ${t.barrier ? ELEMENT_NAMES[t.barrier as keyof typeof ELEMENT_NAMES] : "no barrier"}`));
      if (teams.length > 0) lines.push(`Barriers: ${teams.join(" · ")}`);
    } else {
      lines.push("No round yet.");
    }
    if (o.nextRun) lines.push(`Next run: ${describeLocal(o.nextRun, zone)}`);
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(lines.join("\n"), LIMITS.sectionText) },
    });
    blocks.push({
      type: "actions",
      block_id: `checkin_campaign_${c.id}`.slice(0, LIMITS.id),
      elements: [
        { type: "button", action_id: CHECKIN_REPORT_NOW, text: plain(":bar_chart: Report now", LIMITS.buttonText), value: c.id },
        { type: "button", action_id: CHECKIN_EXPORT, text: plain(":inbox_tray: Export CSV", LIMITS.buttonText), value: c.id },
      ],
    });
  }
  return { title: "Check-ins (change managers)", blocks };
}
