/**
 * Block Kit for referrals (pure): the "Talk to a partner" modal with the drafted, redacted need and a required
 * consent; the partner's card (Accept / Decline while offered; the requester named only once the firm accepted);
 * the requester's DM (Withdraw while not yet accepted); the SLA reminder; and the two-question outcome survey.
 */
import type { types } from "@slack/bolt";
import { describeState, mayIdentifyRequester } from "../../referrals/lifecycle.ts";
import type { Referral, ReferralDetails } from "../../store/referrals.ts";
import type { PartnerMatch } from "../../partners/match.ts";
import { LIMITS } from "./limits.ts";
import { type Block, context, escapeMrkdwn, plain, section, truncate } from "./text.ts";

export const REFERRAL_MODAL = "referral_modal";
export const REFERRAL_ACCEPT = "referral_accept";
export const REFERRAL_DECLINE = "referral_decline";
export const REFERRAL_WITHDRAW = "referral_withdraw";
export const REFERRAL_RATE = "referral_rate";
export const REFERRAL_RECOMMEND = "referral_recommend";

export const REFERRAL_INPUTS = {
  summary: { blockId: "referral_summary", actionId: "summary" },
  goal: { blockId: "referral_goal", actionId: "goal" },
  systems: { blockId: "referral_systems", actionId: "systems" },
  sensitivity: { blockId: "referral_sensitivity", actionId: "sensitivity" },
  timeline: { blockId: "referral_timeline", actionId: "timeline" },
  budget: { blockId: "referral_budget", actionId: "budget" },
  region: { blockId: "referral_region", actionId: "region" },
  language: { blockId: "referral_language", actionId: "language" },
  consent: { blockId: "referral_consent", actionId: "consent" },
} as const;

const SENSITIVITY_OPTIONS = [
  ["public", "Public"],
  ["internal", "Internal"],
  ["confidential", "Confidential"],
  ["restricted", "Restricted (PHI, HR, credit data)"],
] as const;

type Message = { text: string; blocks: Block[] };

function textInput(id: { blockId: string; actionId: string }, label: string, initial: string | undefined, options: { multiline?: boolean; optional?: boolean; hint?: string; max?: number } = {}): Block {
  return {
    type: "input",
    block_id: id.blockId,
    optional: options.optional ?? true,
    label: plain(label, LIMITS.inputLabel),
    ...(options.hint ? { hint: plain(options.hint, LIMITS.inputHint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: id.actionId,
      multiline: options.multiline ?? false,
      max_length: options.max ?? 200,
      ...(initial ? { initial_value: truncate(initial, options.max ?? 200) } : {}),
    },
  };
}

/** The modal: the draft to confirm, the suggested partners, and a consent box that must be ticked. */
export function buildReferralModal(draft: { summary: string; details: ReferralDetails; matches: PartnerMatch[] }, privateMetadata: string): types.ModalView {
  const d = draft.details;
  const blocks: Block[] = [
    section(
      "Check the summary: it is what the partner reads. Personal data is masked, and your name is shared only once a partner accepts.",
    ),
  ];
  if (draft.matches.length > 0) {
    blocks.push(context(`Best matches: ${draft.matches.map((m) => `*${escapeMrkdwn(m.name)}* (${escapeMrkdwn(m.reasons[0] ?? "")})`).join("; ")}`));
  }
  blocks.push(
    textInput(REFERRAL_INPUTS.summary, "What do you need?", draft.summary, { multiline: true, optional: false, max: 2000, hint: "The goal, the systems, and what should change." }),
    textInput(REFERRAL_INPUTS.goal, "Goal and how you'll measure it", d.goal, { max: 500 }),
    textInput(REFERRAL_INPUTS.systems, "Systems (ids, comma-separated)", d.systems.join(", ")),
    {
      type: "input",
      block_id: REFERRAL_INPUTS.sensitivity.blockId,
      optional: true,
      label: plain("Data classification", LIMITS.inputLabel),
      element: {
        type: "static_select",
        action_id: REFERRAL_INPUTS.sensitivity.actionId,
        options: SENSITIVITY_OPTIONS.map(([value, label]) => ({ value, text: plain(label, 75) })),
        ...(d.sensitivity ? { initial_option: { value: d.sensitivity, text: plain(SENSITIVITY_OPTIONS.find(([v]) => v === d.sensitivity)?.[1] ?? d.sensitivity, 75) } } : {}),
      },
    },
    textInput(REFERRAL_INPUTS.timeline, "Timeline", d.timeline),
    textInput(REFERRAL_INPUTS.budget, "Budget range", d.budget),
    textInput(REFERRAL_INPUTS.region, "Region", d.region),
    textInput(REFERRAL_INPUTS.language, "Language (e.g. de)", d.language),
    {
      type: "input",
      block_id: REFERRAL_INPUTS.consent.blockId,
      optional: false,
      label: plain("Consent", LIMITS.inputLabel),
      element: {
        type: "checkboxes",
        action_id: REFERRAL_INPUTS.consent.actionId,
        options: [{ value: "share", text: plain("Share this summary with the matched certified partner", 75) }],
      },
    },
  );
  return {
    type: "modal",
    callback_id: REFERRAL_MODAL,
    title: plain("Talk to a partner", LIMITS.viewTitle),
    submit: plain("Share with partner", LIMITS.viewTitle),
    close: plain("Cancel", LIMITS.viewTitle),
    blocks,
    private_metadata: privateMetadata,
  };
}

function detailsLine(d: ReferralDetails): string {
  const parts = [
    d.systems.length ? `Systems: ${d.systems.join(", ")}` : "",
    d.sensitivity ? `Data: ${d.sensitivity}` : "",
    d.timeline ? `Timeline: ${d.timeline}` : "",
    d.budget ? `Budget: ${d.budget}` : "",
    d.region ? `Region: ${d.region}` : "",
    d.language ? `Language: ${d.language}` : "",
  ].filter(Boolean);
  return escapeMrkdwn(parts.join(" · "));
}

const stamp = (d: Date) => `<!date^${Math.floor(d.getTime() / 1000)}^{date_short_pretty} {time}|${d.toISOString().slice(0, 16).replace("T", " ")} UTC>`;

/** The card in the partner's channel. */
export function buildPartnerCard(r: Referral, firmId: string): Message {
  const identified = mayIdentifyRequester(r, firmId);
  const mine = r.firmId === firmId;
  const status = mine ? describeState(r.state) : "no longer offered to you";
  const blocks: Block[] = [
    section(`:handshake: *Referral #${r.id}*: ${escapeMrkdwn(status)}`),
    section(escapeMrkdwn(r.summary)),
  ];
  const details = detailsLine(r.details);
  if (details) blocks.push(context(details));
  if (identified) blocks.push(context(`Requested by <@${r.requesterId}>`));
  else if (mine && r.state === "offered") blocks.push(context("The requester is named once you accept."));
  if (mine && r.state === "offered") {
    if (r.slaDueAt) blocks.push(context(`Please answer by ${stamp(r.slaDueAt)}; then it goes to the next partner.`));
    blocks.push(acceptDecline(`referral_actions_${r.id}`, r.id));
  }
  return { text: `Referral #${r.id}: ${status}`, blocks };
}

/** The requester's DM. */
export function buildRequesterDm(r: Referral, firmName: string | undefined): Message {
  let line: string;
  switch (r.state) {
    case "offered":
      line = `I've offered it to *${escapeMrkdwn(firmName ?? "a certified partner")}*; they answer within their response time. Your name is shared only if they accept.`;
      break;
    case "accepted":
    case "in_progress":
      line = `*${escapeMrkdwn(firmName ?? "The partner")}* accepted and will contact you to book a scoping call.`;
      break;
    case "submitted":
    case "declined":
    case "expired":
      line = "The Partner Management Office is finding the right partner and will follow up here.";
      break;
    case "duplicate":
      line = `Your team already has an open referral for this (#${r.duplicateOf}); I've linked yours to it.`;
      break;
    default:
      line = `This referral is ${describeState(r.state)}.`;
  }
  const blocks: Block[] = [section(`:handshake: *Your partner referral #${r.id}*: ${escapeMrkdwn(describeState(r.state))}`), section(line), context(escapeMrkdwn(truncate(r.summary, 500)))];
  if (r.state === "submitted" || r.state === "offered") {
    blocks.push({
      type: "actions",
      block_id: `referral_requester_${r.id}`,
      elements: [{ type: "button", action_id: REFERRAL_WITHDRAW, text: plain("Withdraw", 75), value: String(r.id) }],
    });
  }
  return { text: `Your partner referral #${r.id}: ${describeState(r.state)}`, blocks };
}

export function buildReminder(r: Referral): Message {
  const text = `:hourglass_flowing_sand: Reminder: referral #${r.id} is waiting for your answer${r.slaDueAt ? ` (due ${stamp(r.slaDueAt)})` : ""}.`;
  return { text, blocks: [section(text)] };
}

export function buildPmoNotice(r: Referral, reason: string): Message {
  const text = `:mag: Referral #${r.id} needs the Partner Management Office: ${escapeMrkdwn(reason)}.`;
  return { text, blocks: [section(text), context(escapeMrkdwn(truncate(r.summary, 500)))] };
}

/** Survey step 1 (rating buttons) or step 2 (would you recommend, carrying the rating). */
export function buildSurvey(r: Referral, firmName: string, rating?: number): Message {
  const name = escapeMrkdwn(firmName);
  if (rating === undefined) {
    return {
      text: `How did ${firmName} do on referral #${r.id}?`,
      blocks: [
        section(`Referral #${r.id} with *${name}* is closed. How would you rate their work, 1 (poor) to 5 (excellent)?`),
        {
          type: "actions",
          block_id: `referral_rate_${r.id}`,
          elements: [1, 2, 3, 4, 5].map((n) => ({ type: "button" as const, action_id: `${REFERRAL_RATE}_${n}`, text: plain(String(n), 75), value: `${r.id}:${n}` })),
        },
      ],
    };
  }
  return {
    text: `Would you recommend ${firmName}?`,
    blocks: [
      section(`Thanks: ${rating}/5. Would you recommend *${name}* to a colleague?`),
      {
        type: "actions",
        block_id: `referral_recommend_${r.id}`,
        elements: [
          { type: "button", action_id: `${REFERRAL_RECOMMEND}_yes`, text: plain("Yes", 75), value: `${r.id}:${rating}:yes` },
          { type: "button", action_id: `${REFERRAL_RECOMMEND}_no`, text: plain("No", 75), value: `${r.id}:${rating}:no` },
        ],
      },
    ],
  };
}

export function buildSurveyThanks(): Message {
  return { text: "Thank you: your answers help match the next request.", blocks: [section(":pray: Thank you: your answers help match the next request.")] };
}


/** App Home for a partner's managers: the referrals offered to their firm, with Accept / Decline and the SLA clock. */
export function buildPartnerOffersSection(offers: Referral[], now: Date): { title: string; blocks: Block[] } {
  const blocks: Block[] = [];
  if (offers.length === 0) blocks.push(context("No referrals are waiting for your answer."));
  for (const r of offers.slice(0, 10)) {
    const due = r.slaDueAt ? (r.slaDueAt.getTime() < now.getTime() ? " · *overdue*" : ` · answer by ${stamp(r.slaDueAt)}`) : "";
    blocks.push(section(`*#${r.id}*${due}\n${escapeMrkdwn(truncate(r.summary, 300))}`));
    blocks.push(acceptDecline(`home_referral_${r.id}`, r.id));
  }
  return { title: "Partner referrals offered to you", blocks };
}

/** App Home for the Partner Management Office: pipeline by state, SLA breaches, win rate by firm. */
export function buildPmoSection(referrals: Referral[], now: Date, firmName: (id: string) => string): { title: string; blocks: Block[] } {
  const byState = new Map<string, number>();
  for (const r of referrals) byState.set(r.state, (byState.get(r.state) ?? 0) + 1);
  const breaches = referrals.filter((r) => r.state === "offered" && r.slaDueAt && r.slaDueAt.getTime() < now.getTime());
  const byFirm = new Map<string, { won: number; closed: number }>();
  for (const r of referrals) {
    if (!r.firmId || (r.state !== "won" && r.state !== "lost")) continue;
    const f = byFirm.get(r.firmId) ?? { won: 0, closed: 0 };
    f.closed++;
    if (r.state === "won") f.won++;
    byFirm.set(r.firmId, f);
  }
  const pipeline = [...byState].map(([s, n]) => `${escapeMrkdwn(describeState(s as Referral["state"]))}: *${n}*`).join(" · ") || "no referrals yet";
  const blocks: Block[] = [section(`*Pipeline* (last ${referrals.length}): ${pipeline}`)];
  blocks.push(section(breaches.length ? `*SLA breaches:* ${breaches.slice(0, 10).map((r) => `#${r.id} (${escapeMrkdwn(firmName(r.firmId ?? ""))})`).join(", ")}` : "*SLA breaches:* none"));
  const rates = [...byFirm].sort((a, b) => b[1].closed - a[1].closed).slice(0, 8);
  if (rates.length) blocks.push(context(`Win rate: ${rates.map(([id, f]) => `${escapeMrkdwn(firmName(id))} ${Math.round((100 * f.won) / f.closed)}% of ${f.closed}`).join(" · ")}`));
  return { title: "Partner Management Office", blocks };
}

/** The Accept / Decline buttons of an offered referral (its card and its manager's App Home). */
function acceptDecline(blockId: string, referralId: number): Block {
  return {
    type: "actions",
    block_id: blockId,
    elements: [
      { type: "button", action_id: REFERRAL_ACCEPT, text: plain("Accept", 75), style: "primary", value: String(referralId) },
      { type: "button", action_id: REFERRAL_DECLINE, text: plain("Decline", 75), style: "danger", value: String(referralId) },
    ],
  };
}
