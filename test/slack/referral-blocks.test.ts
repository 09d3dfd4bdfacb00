import { describe, expect, it } from "vitest";
import { checkBlockLimits } from "../../src/slack/blocks/limits.ts";
import { buildPartnerCard, buildPartnerOffersSection, buildPmoSection, buildRequesterDm, REFERRAL_ACCEPT } from "../../src/slack/blocks/referral.ts";
import type { Referral } from "../../src/store/referrals.ts";

const now = new Date("2026-12-01T09:00:00Z");
const r = (over: Partial<Referral> = {}): Referral => ({
  id: 3,
  key: "k",
  requesterId: "UREQ",
  state: "offered",
  summary: "Automate <invoice> matching & posting in SAP",
  details: { systems: ["sap"], sensitivity: "confidential" },
  candidates: [],
  offerIndex: 0,
  firmId: "kestrel-bay",
  slaDueAt: new Date(now.getTime() + 3_600_000),
  consentAt: now,
  createdAt: now,
  updatedAt: now,
  version: 2,
  ...over,
});

describe("referral blocks", () => {
  it("card: escaped, requester hidden while offered, named after acceptance, buttons only for the offered firm", () => {
    const offered = buildPartnerCard(r(), "kestrel-bay");
    const text = JSON.stringify(offered.blocks);
    expect(text).toContain("&lt;invoice&gt; matching &amp; posting");
    expect(text).not.toContain("UREQ");
    expect(text).toContain(REFERRAL_ACCEPT);
    expect(checkBlockLimits(offered.blocks, "message")).toEqual([]);
    expect(JSON.stringify(buildPartnerCard(r({ state: "accepted" }), "kestrel-bay").blocks)).toContain("<@UREQ>");
    const other = JSON.stringify(buildPartnerCard(r({ firmId: "polder-signal" }), "kestrel-bay").blocks);
    expect(other).toContain("no longer offered to you");
    expect(other).not.toContain(REFERRAL_ACCEPT);
    expect(buildRequesterDm(r({ state: "duplicate", duplicateOf: 1 }), undefined).text).toContain("linked");
  });

  it("App Home: offers with the SLA clock for managers; pipeline, breaches and win rate for the PMO", () => {
    const offers = buildPartnerOffersSection([r(), r({ id: 4, slaDueAt: new Date(now.getTime() - 1) })], now);
    expect(JSON.stringify(offers.blocks)).toContain("overdue");
    expect(checkBlockLimits(offers.blocks, "home")).toEqual([]);
    const pmo = buildPmoSection([r({ id: 4, slaDueAt: new Date(now.getTime() - 1) }), r({ id: 5, state: "won" }), r({ id: 6, state: "lost" }), r({ id: 7, state: "won" })], now, () => "Kestrel Bay");
    const text = JSON.stringify(pmo.blocks);
    expect(text).toContain("#4 (Kestrel Bay)");
    expect(text).toContain("Kestrel Bay 67% of 3");
    expect(text).toContain("closed as won: *2*");
  });
});
