import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("partner settings", () => {
  it("parses PARTNERS_FILE, REFERRAL_SLA_HOURS, PMO_USER_IDS and PARTNER_WEBHOOK_SECRET once", () => {
    const c = loadConfig({ PARTNERS_FILE: "x.yml", REFERRAL_SLA_HOURS: "36", PMO_USER_IDS: "U01ABC, W02DEF", PARTNER_WEBHOOK_SECRET: "0123456789abcdef" });
    expect(c.partners).toEqual({ file: "x.yml", slaHours: 36, pmoUserIds: ["U01ABC", "W02DEF"], webhookSecret: "0123456789abcdef" });
    expect(loadConfig({}).partners).toEqual({ file: "knowledge/partners.yml", pmoUserIds: [] });
  });

  it("a bad value stops with one line naming the variable (and never shows the secret)", () => {
    expect(() => loadConfig({ REFERRAL_SLA_HOURS: "two days" })).toThrow(ConfigError);
    expect(() => loadConfig({ REFERRAL_SLA_HOURS: "0" })).toThrow(/^Invalid setting REFERRAL_SLA_HOURS \(got "0"\): must be at least 1$/);
    expect(() => loadConfig({ PMO_USER_IDS: "alice,bob" })).toThrow(/^Invalid setting PMO_USER_IDS .*Slack user ids/);
    let message = "";
    try {
      loadConfig({ PARTNER_WEBHOOK_SECRET: "short-secret" });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Invalid setting PARTNER_WEBHOOK_SECRET: must be at least 16 characters$/);
    expect(message).not.toContain("short-secret");
  });
});
