/**
 * Referrals end to end, independent of Slack: draft a redacted summary, submit with consent (linking
 * duplicates), offer down the ranked candidates, accept / decline / withdraw / progress with permissions,
 * SLA reminders and expiry from an injected clock, and outcomes that feed the firms' track record. Every
 * change commits the referral, its audit event, its outbox messages and the firm counters together, before
 * anything is sent.
 */
import type { Clock } from "../clock.ts";
import type { Logger } from "../logging.ts";
import { silentLogger } from "../logging.ts";
import { redactText } from "../assistant/redaction.ts";
import type { PartnerDirectory } from "../partners/PartnerDirectory.ts";
import type { PartnerMatch } from "../partners/match.ts";
import { extractNeed, type NeedVocabulary, type PartnerNeed } from "../partners/need.ts";
import type { NewOutboxMessage } from "../store/outbox.ts";
import type { FirmStatsDelta } from "../store/partners.ts";
import type {
  NewReferralEvent,
  Referral,
  ReferralCandidate,
  ReferralDetails,
  ReferralPatch,
  ReferralState,
} from "../store/referrals.ts";
import type { Store } from "../store/Store.ts";
import { decide, OPEN_STATES, type Actor, type ReferralAction } from "./lifecycle.ts";
import { cardMessage, dmMessage, pmoMessage, reminderMessage, surveyMessage, webhookMessage } from "./notifications.ts";

export const SUMMARY_MAX_CHARS = 2000;
const FIELD_MAX_CHARS = 200;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export class ReferralInputError extends Error {
  readonly code = "referral_invalid";
  constructor(message: string) {
    super(message);
    this.name = "ReferralInputError";
  }
}

export interface ReferralServiceOptions {
  store: Store;
  directory: PartnerDirectory;
  clock: Clock;
  logger?: Logger;
  /** Partner Management Office members: may progress any referral and mark duplicates. */
  pmoUserIds?: string[];
  /** Overrides every firm's own response SLA (hours); by default the firm's `response_sla_hours`. */
  slaHours?: number;
  /** A new request of the same team for the same system within this many days links to the open one. */
  duplicateWindowDays?: number;
  vocabulary?: NeedVocabulary;
}

export interface ReferralDraft {
  summary: string;
  details: ReferralDetails;
  need: PartnerNeed;
  matches: PartnerMatch[];
}

export interface SubmitInput {
  /** One per consented submission (e.g. the modal's view id): a retried submit returns the same referral. */
  key: string;
  requesterId: string;
  teamId?: string;
  conversationId?: string;
  summary: string;
  details?: Partial<ReferralDetails>;
  consent: boolean;
  /** Create a new referral even when an open one of the same team and system exists. */
  insist?: boolean;
}

export type SubmitOutcome =
  | { kind: "offered"; referral: Referral; firm: ReferralCandidate }
  | { kind: "queued"; referral: Referral }
  | { kind: "linked"; referral: Referral; existing: Referral }
  | { kind: "existing"; referral: Referral };

export type ActOutcome = { ok: true; referral: Referral } | { ok: false; reason: string; referral?: Referral };

/** Text a person typed, made safe to store and show: personal data masked, one paragraph, capped. */
export function cleanText(text: string, max: number): string {
  const one = redactText(text).replace(/\s+/g, " ").trim();
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}

export class ReferralService {
  private readonly logger: Logger;
  private readonly pmo: Set<string>;

  constructor(private readonly o: ReferralServiceOptions) {
    this.logger = o.logger ?? silentLogger;
    this.pmo = new Set(o.pmoUserIds ?? []);
  }

  /** Who `userId` is to the referral machinery: manager of which firms, PMO or not. */
  actor(userId: string): Actor {
    const managerOf: string[] = [];
    for (const p of this.o.directory.current.profiles()) if (p.firm.contacts.managers.includes(userId)) managerOf.push(p.firm.id);
    return { kind: "user", userId, managerOf, pmo: this.pmo.has(userId) };
  }

  isPmo(userId: string): boolean {
    return this.pmo.has(userId);
  }

  /** A draft for the modal: the need in one redacted paragraph, what it is about, and the top three matches. */
  async draft(text: string, overrides: Partial<ReferralDetails> = {}): Promise<ReferralDraft> {
    const summary = cleanText(text, SUMMARY_MAX_CHARS);
    const need = this.needOf(summary, overrides);
    const details: ReferralDetails = {
      systems: need.systems,
      ...(need.sensitivity ? { sensitivity: need.sensitivity } : {}),
      ...(need.regions[0] ? { region: need.regions[0] } : {}),
      ...(need.languages[0] ? { language: need.languages[0] } : {}),
      ...cleanDetails(overrides),
    };
    const { matches } = await this.o.directory.match(need, { limit: 3 });
    return { summary, details, need, matches };
  }

  private needOf(summary: string, details: Partial<ReferralDetails>): PartnerNeed {
    return extractNeed(
      [summary, details.goal].filter(Boolean).join("\n"),
      {
        ...(details.systems?.length ? { systems: details.systems } : {}),
        ...(details.sensitivity ? { sensitivity: details.sensitivity as PartnerNeed["sensitivity"] } : {}),
        ...(details.region ? { regions: [details.region] } : {}),
        ...(details.language ? { languages: [details.language] } : {}),
      },
      this.o.vocabulary,
    );
  }

  async submit(input: SubmitInput): Promise<SubmitOutcome> {
    if (input.consent !== true) {
      throw new ReferralInputError("Please tick the consent box: nothing is shared with a partner without it.");
    }
    if (!input.key || !input.requesterId) throw new ReferralInputError("A referral needs a key and a requester.");
    const summary = cleanText(input.summary ?? "", SUMMARY_MAX_CHARS);
    if (summary.length < 10) throw new ReferralInputError("Describe the need in a sentence or two so a partner can scope it.");
    const details = { systems: [], ...cleanDetails(input.details ?? {}) } as ReferralDetails;
    const need = this.needOf(summary, details);
    if (details.systems.length === 0) details.systems = need.systems;

    const already = await this.o.store.referrals.getByKey(input.key);
    if (already) return { kind: "existing", referral: already };

    const now = this.o.clock();
    if (!input.insist) {
      const existing = await this.openDuplicate(input.teamId ?? input.requesterId, input.teamId ? "team" : "requester", details.systems, now);
      if (existing) {
        const { referral, created } = await this.o.store.referrals.create(
          {
            key: input.key,
            requesterId: input.requesterId,
            teamId: input.teamId,
            conversationId: input.conversationId,
            state: "duplicate",
            summary,
            details,
            candidates: [],
            offerIndex: -1,
            duplicateOf: existing.id,
            consentAt: now,
            createdAt: now,
          },
          {
            events: [{ at: now, actor: input.requesterId, to: "duplicate", reason: `linked to open referral #${existing.id} (same team and system)` }],
            outbox: (r) => [dmMessage(r)],
          },
        );
        if (!created) return { kind: "existing", referral };
        return { kind: "linked", referral, existing };
      }
    }

    const { matches } = await this.o.directory.match(need, { limit: 5, rotation: input.key });
    const candidates: ReferralCandidate[] = matches.map((m) => ({ id: m.id, name: m.name, score: m.score, reasons: m.reasons }));
    const base = {
      key: input.key,
      requesterId: input.requesterId,
      teamId: input.teamId,
      conversationId: input.conversationId,
      summary,
      details,
      candidates,
      consentAt: now,
      createdAt: now,
    };
    const first = candidates[0];
    if (!first) {
      const { referral, created } = await this.o.store.referrals.create(
        { ...base, state: "submitted", offerIndex: -1 },
        {
          events: [{ at: now, actor: input.requesterId, to: "submitted", reason: "no certified partner fits; the Partner Management Office will match it" }],
          outbox: (r) => [dmMessage(r), pmoMessage(r, "no matching partner")],
        },
      );
      if (!created) return { kind: "existing", referral };
      return { kind: "queued", referral };
    }
    const offer = this.offerFields(first.id, now);
    const provisional = { ...base, state: "offered" as const, offerIndex: 0, firmId: first.id, ...offer };
    const { referral, created } = await this.o.store.referrals.create(provisional, {
      events: [
        { at: now, actor: input.requesterId, to: "submitted", reason: "consent given" },
        { at: now, actor: "system", from: "submitted", to: "offered", firmId: first.id, reason: `best match (score ${first.score})` },
      ],
      outbox: (r) => this.offerMessages(r, first.id, now, true),
      stats: [{ firmId: first.id, offered: 1, openReferrals: 1 }],
    });
    if (!created) return { kind: "existing", referral };
    await this.refreshFirm(first.id);
    return { kind: "offered", referral, firm: first };
  }

  private offerFields(firmId: string, now: Date) {
    const hours = this.o.slaHours ?? this.o.directory.get(firmId)?.firm.responseSlaHours ?? 48;
    return {
      offeredAt: now,
      remindAt: new Date(now.getTime() + (hours * HOUR) / 2),
      slaDueAt: new Date(now.getTime() + hours * HOUR),
    };
  }

  /** Card for the firm, DM for the requester, and the firm's webhook. `r` must carry the new state. */
  private offerMessages(r: Referral, firmId: string, at: Date, withDm: boolean): NewOutboxMessage[] {
    const out: NewOutboxMessage[] = [cardMessage(r, firmId)];
    if (withDm) out.push(dmMessage(r));
    const hook = webhookMessage(r, firmId, this.o.directory.get(firmId)?.firm.contacts.webhookUrl, at);
    if (hook) out.push(hook);
    return out;
  }

  private async openDuplicate(who: string, by: "team" | "requester", systems: string[], now: Date): Promise<Referral | undefined> {
    if (systems.length === 0) return undefined;
    const since = new Date(now.getTime() - (this.o.duplicateWindowDays ?? 90) * DAY);
    const open = await this.o.store.referrals.list({
      ...(by === "team" ? { teamId: who } : { requesterId: who }),
      states: [...OPEN_STATES],
      createdSince: since,
      limit: 200,
    });
    return open.find((r) => r.details.systems.some((s) => systems.includes(s)));
  }

  private async refreshFirm(firmId: string): Promise<void> {
    try {
      this.o.directory.applyStats(firmId, await this.o.store.partners.stats(firmId));
    } catch (err) {
      this.logger.warn({ firmId, err: { message: (err as Error).message } }, "could not refresh a firm's load; the next directory load will");
    }
  }

  /**
   * A person's action (accept, decline, start, win, lose, withdraw). Refusals change nothing and say why.
   * Concurrent actions on one referral are serialised by its version: the loser re-reads and is re-decided.
   */
  async act(referralId: number, action: Exclude<ReferralAction, "offer" | "expire">, userId: string, reason?: string): Promise<ActOutcome> {
    return this.transition(referralId, action, this.actor(userId), userId, reason ? cleanText(reason, 500) : undefined);
  }

  private async transition(referralId: number, action: ReferralAction, actor: Actor, actorName: string, reason?: string): Promise<ActOutcome> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await this.o.store.referrals.get(referralId);
      if (!r) return { ok: false, reason: `There is no referral #${referralId}.` };
      const decision = decide(r, action, actor);
      if (!decision.ok) return { ok: false, reason: decision.reason, referral: r };
      const now = this.o.clock();
      const to = decision.to;
      const patch: ReferralPatch = { state: to, updatedAt: now };
      const stats: FirmStatsDelta[] = [];
      const firm = r.firmId;
      if (to === "accepted" && firm) {
        stats.push({ firmId: firm, accepted: 1, acceptHoursSum: r.offeredAt ? (now.getTime() - r.offeredAt.getTime()) / HOUR : 0 });
        patch.remindAt = null;
        patch.slaDueAt = null;
      }
      if ((to === "declined" || to === "expired") && firm) {
        stats.push({ firmId: firm, [to]: 1, openReferrals: -1 });
        patch.remindAt = null;
        patch.slaDueAt = null;
      }
      if (to === "withdrawn" && firm && r.state === "offered") stats.push({ firmId: firm, openReferrals: -1 });
      if ((to === "won" || to === "lost") && firm) stats.push({ firmId: firm, [to]: 1, openReferrals: -1 });
      const next = { ...r, ...patch, version: r.version + 1 } as Referral;
      const outbox: NewOutboxMessage[] = [dmMessage(next)];
      if (firm) {
        outbox.push(cardMessage(next, firm));
        const hook = webhookMessage(next, firm, this.o.directory.get(firm)?.firm.contacts.webhookUrl, now);
        if (hook) outbox.push(hook);
      }
      if (to === "won" || to === "lost") outbox.push(surveyMessage(next));
      const event: NewReferralEvent = { at: now, actor: actorName, from: r.state, to, ...(firm ? { firmId: firm } : {}), ...(reason ? { reason } : {}) };
      const updated = await this.o.store.referrals.update(r.id, r.version, patch, { events: [event], outbox, stats });
      if (!updated) continue; // someone else moved it: decide again on the fresh state
      if (firm) await this.refreshFirm(firm);
      if (to === "declined" || to === "expired") {
        const reoffered = await this.offerNext(updated);
        return { ok: true, referral: reoffered ?? updated };
      }
      return { ok: true, referral: updated };
    }
    return { ok: false, reason: "This referral is changing right now; please try again in a moment." };
  }

  /** Offers a declined or expired referral to the next candidate still able to take it, or tells the PMO. */
  async offerNext(r: Referral): Promise<Referral | undefined> {
    if (r.state !== "declined" && r.state !== "expired") return undefined;
    const now = this.o.clock();
    const offered = new Set(r.candidates.slice(0, r.offerIndex + 1).map((c) => c.id));
    let candidates = r.candidates;
    let index = -1;
    for (let i = r.offerIndex + 1; i < candidates.length; i++) {
      if (this.canTakeNow(candidates[i]!.id, now)) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      // The ranked list is used up: match again without the firms already asked.
      const need = this.needOf(r.summary, r.details);
      const { matches } = await this.o.directory.match(need, { limit: 3, exclude: [...offered, ...candidates.map((c) => c.id)], rotation: r.key });
      if (matches.length > 0) {
        candidates = [...candidates, ...matches.map((m) => ({ id: m.id, name: m.name, score: m.score, reasons: m.reasons }))];
        index = r.candidates.length;
      }
    }
    const next = candidates[index];
    if (!next) {
      const updated = await this.o.store.referrals.update(r.id, r.version, { updatedAt: now }, {
        events: [],
        outbox: [pmoMessage({ ...r, version: r.version + 1 }, `no further partner can take it after it was ${r.state}`), dmMessage({ ...r, version: r.version + 1 })],
      });
      return updated;
    }
    const patch: ReferralPatch = {
      state: "offered",
      candidates,
      offerIndex: index,
      firmId: next.id,
      remindedAt: null,
      ...this.offerFields(next.id, now),
      updatedAt: now,
    };
    const after = { ...r, ...patch, version: r.version + 1 } as Referral;
    const outbox = this.offerMessages(after, next.id, now, true);
    const updated = await this.o.store.referrals.update(r.id, r.version, patch, {
      events: [{ at: now, actor: "system", from: r.state, to: "offered", firmId: next.id, reason: `next candidate after ${r.state === "declined" ? "a decline" : "the SLA expired"}` }],
      outbox,
      stats: [{ firmId: next.id, offered: 1, openReferrals: 1 }],
    });
    if (updated) await this.refreshFirm(next.id);
    return updated;
  }

  private canTakeNow(firmId: string, now: Date): boolean {
    const p = this.o.directory.get(firmId);
    if (!p) return false;
    const f = p.firm;
    return f.status === "active" && f.tier !== "registered" && f.certifiedUntil >= now.toISOString().slice(0, 10) && p.openReferrals < f.capacity.openReferrals;
  }

  /**
   * The SLA sweep (run every minute by one or all replicas; transitions are version-checked so overlaps are
   * harmless): a reminder to the partner at half time, and at the deadline the referral expires and goes
   * to the next candidate. Also re-offers referrals left declined/expired by a crash between the two steps.
   */
  async sweep(limit = 200): Promise<{ reminded: number; expired: number; reoffered: number }> {
    const now = this.o.clock();
    const out = { reminded: 0, expired: 0, reoffered: 0 };
    for (const r of await this.o.store.referrals.dueForSla(now, limit)) {
      if (r.slaDueAt && r.slaDueAt.getTime() <= now.getTime()) {
        const result = await this.transition(r.id, "expire", { kind: "system" }, "system", `no answer within the response SLA (due ${r.slaDueAt.toISOString()})`);
        if (result.ok) out.expired++;
      } else if (!r.remindedAt && r.firmId) {
        const updated = await this.o.store.referrals.update(r.id, r.version, { remindedAt: now, updatedAt: now }, {
          outbox: [reminderMessage({ ...r, version: r.version + 1 }, r.firmId)],
        });
        if (updated) out.reminded++;
      }
    }
    for (const r of await this.o.store.referrals.list({ states: ["declined", "expired"], limit })) {
      if (now.getTime() - r.updatedAt.getTime() < 60_000) continue; // just moved: its own request is re-offering it
      if (await this.offerNext(r)) out.reoffered++;
    }
    return out;
  }

  /** The requester's two answers after closure; once per referral, requester only. Feeds the firm's record. */
  async recordOutcome(referralId: number, userId: string, rating: number, recommend: boolean): Promise<ActOutcome> {
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) return { ok: false, reason: "The rating must be a whole number from 1 to 5." };
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await this.o.store.referrals.get(referralId);
      if (!r) return { ok: false, reason: `There is no referral #${referralId}.` };
      if (r.requesterId !== userId) return { ok: false, reason: "Only the person who asked for this referral can rate it.", referral: r };
      if (r.state !== "won" && r.state !== "lost") return { ok: false, reason: "A referral can be rated once it is closed.", referral: r };
      if (r.outcomeRating !== undefined) return { ok: false, reason: "You have already rated this referral. Thank you!", referral: r };
      const now = this.o.clock();
      const updated = await this.o.store.referrals.update(
        r.id,
        r.version,
        { outcomeRating: rating, outcomeRecommend: recommend, updatedAt: now },
        {
          events: [{ at: now, actor: userId, from: r.state, to: r.state, firmId: r.firmId, reason: `rated ${rating}/5, ${recommend ? "would" : "would not"} recommend` }],
          stats: r.firmId ? [{ firmId: r.firmId, ratings: 1, ratingSum: rating, [recommend ? "recommendYes" : "recommendNo"]: 1 }] : [],
        },
      );
      if (!updated) continue;
      if (r.firmId) await this.refreshFirm(r.firmId);
      return { ok: true, referral: updated };
    }
    return { ok: false, reason: "This referral is changing right now; please try again in a moment." };
  }

  async get(id: number): Promise<Referral | undefined> {
    return this.o.store.referrals.get(id);
  }
}

function cleanDetails(d: Partial<ReferralDetails>): Partial<ReferralDetails> {
  const out: Partial<ReferralDetails> = {};
  for (const k of ["goal", "timeline", "budget", "region", "language", "sensitivity"] as const) {
    const v = d[k];
    if (typeof v === "string" && v.trim()) out[k] = cleanText(v, k === "goal" ? 500 : FIELD_MAX_CHARS);
  }
  if (Array.isArray(d.systems)) out.systems = d.systems.filter((s) => typeof s === "string" && /^[a-z0-9-]{1,60}$/.test(s)).slice(0, 10);
  return out;
}

export type { ReferralState };
