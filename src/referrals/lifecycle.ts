/**
 * The referral lifecycle, one state machine:
 *
 *   submitted → offered → accepted → in_progress → won | lost
 *   offered → declined | expired → offered (the next candidate)      submitted | offered → withdrawn
 *   submitted → duplicate (linked to an open referral of the same team and system)
 *
 * Pure: who may do what to a referral in which state, and why not. The service applies the answer.
 */
import type { Referral, ReferralState } from "../store/referrals.ts";

export type ReferralAction = "offer" | "accept" | "decline" | "expire" | "start" | "win" | "lose" | "withdraw" | "mark_duplicate";

export const ACTION_TARGET: Record<ReferralAction, ReferralState> = {
  offer: "offered",
  accept: "accepted",
  decline: "declined",
  expire: "expired",
  start: "in_progress",
  win: "won",
  lose: "lost",
  withdraw: "withdrawn",
  mark_duplicate: "duplicate",
};

/** Allowed moves: from → to. */
export const TRANSITIONS: Record<ReferralState, readonly ReferralState[]> = {
  submitted: ["offered", "withdrawn", "duplicate"],
  offered: ["accepted", "declined", "expired", "withdrawn"],
  declined: ["offered"],
  expired: ["offered"],
  accepted: ["in_progress", "won", "lost"],
  in_progress: ["won", "lost"],
  won: [],
  lost: [],
  withdrawn: [],
  duplicate: [],
};

/** States in which a referral is still being worked (counts against a firm's capacity when a firm holds it). */
export const OPEN_STATES: readonly ReferralState[] = ["submitted", "offered", "declined", "expired", "accepted", "in_progress"];
export const CLOSED_STATES: readonly ReferralState[] = ["won", "lost", "withdrawn", "duplicate"];

export type Actor =
  | { kind: "system" }
  | { kind: "user"; userId: string; /** Partner firms whose manager this user is. */ managerOf: string[]; pmo: boolean };

export type Decision = { ok: true; to: ReferralState } | { ok: false; reason: string };

const STATE_WORDS: Record<ReferralState, string> = {
  submitted: "waiting to be offered",
  offered: "offered to a partner",
  accepted: "accepted",
  in_progress: "in progress",
  won: "closed as won",
  lost: "closed as lost",
  declined: "declined",
  expired: "expired",
  withdrawn: "withdrawn",
  duplicate: "linked to another referral",
};

export function describeState(state: ReferralState): string {
  return STATE_WORDS[state];
}

/** Whether `actor` may take `action` on `referral` now; a refusal says why in words for the person. */
export function decide(referral: Referral, action: ReferralAction, actor: Actor): Decision {
  const to = ACTION_TARGET[action];
  if (!TRANSITIONS[referral.state].includes(to)) {
    return { ok: false, reason: `Referral #${referral.id} is ${describeState(referral.state)}, so it cannot be ${describeState(to)} now.` };
  }
  switch (action) {
    case "offer":
    case "expire":
      return actor.kind === "system" ? { ok: true, to } : { ok: false, reason: "Offers and expiry are handled by PartnerPilot." };
    case "mark_duplicate":
      return actor.kind === "system" || actor.pmo ? { ok: true, to } : { ok: false, reason: "Only the Partner Management Office can mark a referral as a duplicate." };
    case "accept":
    case "decline":
      if (actor.kind === "user" && referral.firmId && actor.managerOf.includes(referral.firmId)) return { ok: true, to };
      return { ok: false, reason: `Only the managers of the partner this referral is offered to can ${action} it.` };
    case "start":
    case "win":
    case "lose":
      if (actor.kind === "user" && ((referral.firmId && actor.managerOf.includes(referral.firmId)) || actor.pmo)) return { ok: true, to };
      return { ok: false, reason: "Only the partner's managers or the Partner Management Office can update the progress of this referral." };
    case "withdraw":
      if (actor.kind === "user" && actor.userId === referral.requesterId) return { ok: true, to };
      return { ok: false, reason: "Only the person who asked for this referral can withdraw it." };
  }
}

/** Whether firm `firmId` may see who asked: only the firm that accepted, from acceptance on. */
export function mayIdentifyRequester(referral: Referral, firmId: string): boolean {
  return referral.firmId === firmId && ["accepted", "in_progress", "won", "lost"].includes(referral.state);
}
