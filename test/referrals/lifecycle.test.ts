import { describe, expect, it } from "vitest";
import { ACTION_TARGET, decide, mayIdentifyRequester, TRANSITIONS, type Actor, type ReferralAction } from "../../src/referrals/lifecycle.ts";
import { REFERRAL_STATES, type Referral, type ReferralState } from "../../src/store/referrals.ts";

const referral = (state: ReferralState): Referral => ({
  id: 7,
  key: "k",
  requesterId: "UREQ",
  state,
  summary: "s",
  details: { systems: [] },
  candidates: [],
  offerIndex: 0,
  firmId: "lumen-ridge",
  consentAt: new Date(0),
  createdAt: new Date(0),
  updatedAt: new Date(0),
  version: 1,
});

const system: Actor = { kind: "system" };
const manager: Actor = { kind: "user", userId: "U0LR0001", managerOf: ["lumen-ridge"], pmo: false };
const otherManager: Actor = { kind: "user", userId: "U0KB0001", managerOf: ["kestrel-bay"], pmo: false };
const requester: Actor = { kind: "user", userId: "UREQ", managerOf: [], pmo: false };
const pmo: Actor = { kind: "user", userId: "UPMO", managerOf: [], pmo: true };
const stranger: Actor = { kind: "user", userId: "UX", managerOf: [], pmo: false };

/** Who may take each action (when the state allows it). */
const ALLOWED_BY: Record<ReferralAction, Actor[]> = {
  offer: [system],
  expire: [system],
  mark_duplicate: [system, pmo],
  accept: [manager],
  decline: [manager],
  start: [manager, pmo],
  win: [manager, pmo],
  lose: [manager, pmo],
  withdraw: [requester],
};
const EVERYONE = [system, manager, otherManager, requester, pmo, stranger];

describe("referral lifecycle", () => {
  it("allows exactly the listed transitions, for exactly the listed people, and refuses the rest with a reason", () => {
    let allowed = 0;
    let refused = 0;
    for (const state of REFERRAL_STATES) {
      for (const action of Object.keys(ACTION_TARGET) as ReferralAction[]) {
        for (const actor of EVERYONE) {
          const d = decide(referral(state), action, actor);
          const expected = TRANSITIONS[state].includes(ACTION_TARGET[action]) && ALLOWED_BY[action].includes(actor);
          expect(d.ok, `${state} --${action}--> by ${actor.kind === "user" ? actor.userId : "system"}`).toBe(expected);
          if (d.ok) {
            expect(d.to).toBe(ACTION_TARGET[action]);
            allowed++;
          } else {
            expect(d.reason.length).toBeGreaterThan(10);
            refused++;
          }
        }
      }
    }
    expect(allowed).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(400);
  });

  it("is the documented graph: closed states are final, declined and expired only re-offer", () => {
    expect(TRANSITIONS.won).toEqual([]);
    expect(TRANSITIONS.lost).toEqual([]);
    expect(TRANSITIONS.withdrawn).toEqual([]);
    expect(TRANSITIONS.duplicate).toEqual([]);
    expect(TRANSITIONS.declined).toEqual(["offered"]);
    expect(TRANSITIONS.expired).toEqual(["offered"]);
    expect(decide(referral("accepted"), "withdraw", requester)).toEqual({
      ok: false,
      reason: "Referral #7 is accepted, so it cannot be withdrawn now.",
    });
    expect(decide(referral("offered"), "accept", otherManager)).toMatchObject({ ok: false, reason: expect.stringContaining("Only the managers") });
  });

  it("names the requester only to the firm that accepted, from acceptance on", () => {
    expect(mayIdentifyRequester(referral("offered"), "lumen-ridge")).toBe(false);
    expect(mayIdentifyRequester(referral("accepted"), "lumen-ridge")).toBe(true);
    expect(mayIdentifyRequester(referral("accepted"), "kestrel-bay")).toBe(false);
    expect(mayIdentifyRequester(referral("won"), "lumen-ridge")).toBe(true);
    expect(mayIdentifyRequester(referral("declined"), "lumen-ridge")).toBe(false);
  });
});
