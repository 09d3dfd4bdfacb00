import { describe, expect, it } from "vitest";

import {
  bsnValid,
  germanTaxIdValid,
  isValidIbanChecksum,
  luhnValid,
  redact,
  redactText,
  REDACTION_PLACEHOLDERS,
  type RedactionKind,
} from "../../src/assistant/redaction.ts";

/** Asserts the exact redacted text and that every finding is of `kind`, `count` times in total. */
function expectRedacted(input: string, expected: string, kind: RedactionKind, count = 1): void {
  const r = redact(input);
  expect(r.text).toBe(expected);
  expect(r.findings).toEqual([{ kind, count }]);
}

function expectUntouched(input: string): void {
  const r = redact(input);
  expect(r.text).toBe(input);
  expect(r.findings).toEqual([]);
}

describe("redact: emails", () => {
  it.each([
    ["Please loop in jane.doe@acme.com on this.", "Please loop in [EMAIL] on this."],
    ["Mail jane.doe+partners@acme-corp.co.uk, thanks", "Mail [EMAIL], thanks"],
    ["(cc: OPS_team@Sub.Example.ORG)", "(cc: [EMAIL])"],
    ["Slack renders <mailto:bob@example.nl|bob@example.nl>", "Slack renders <mailto:[EMAIL]|[EMAIL]>"],
  ])("redacts %j", (input, expected) => {
    const r = redact(input);
    expect(r.text).toBe(expected);
    expect(r.findings).toEqual([{ kind: "email", count: (expected.match(/\[EMAIL\]/g) ?? []).length }]);
  });

  it.each([
    "write to ops@localhost for now",
    "the user admin@intranet has no TLD",
    "ping @channel and @here",
    "install langchain@1.5.12 or pkg@latest",
    "retina asset icon@2x.png",
  ])("leaves %j alone", (input) => expectUntouched(input));
});

describe("redact: phone numbers", () => {
  it.each([
    // international
    ["Call me on +31 6 1234 5678 tomorrow", "Call me on [PHONE] tomorrow"],
    ["WhatsApp +31612345678 please", "WhatsApp [PHONE] please"],
    ["Office +31 (0)20 123 4567.", "Office [PHONE]."],
    ["London desk: +44 20 7946 0958", "London desk: [PHONE]"],
    ["UK mobile +44 7700 900123.", "UK mobile [PHONE]."],
    ["Berlin +49 (30) 1234-5678, ask for Jan", "Berlin [PHONE], ask for Jan"],
    ["Tel.: +49 (0)171 1234567", "Tel.: [PHONE]"],
    ["US +1-555-123-4567 or +1 (555) 123-4567", "US [PHONE] or [PHONE]"],
    ["Dial 0031 20 123 4567 from abroad", "Dial [PHONE] from abroad"],
    ["Slack link <tel:+31612345678|+31 6 1234 5678>", "Slack link <tel:[PHONE]|[PHONE]>"],
    // US
    ["Reach Sam at (555) 123-4567 after lunch", "Reach Sam at [PHONE] after lunch"],
    ["cell 555-123-4567, desk 555.123.4567", "cell [PHONE], desk [PHONE]"],
    ["toll free 1-800-555-0199", "toll free [PHONE]"],
    // UK national
    ["Our office is 020 7946 0958.", "Our office is [PHONE]."],
    ["mobile 07700 900123", "mobile [PHONE]"],
    ["Manchester 0161 496 0000", "Manchester [PHONE]"],
    // NL national
    ["Bel me op 06-12345678 of 06 12345678", "Bel me op [PHONE] of [PHONE]"],
    ["mijn nummer is 0612345678", "mijn nummer is [PHONE]"],
    ["kantoor 020-1234567 of 020 123 4567", "kantoor [PHONE] of [PHONE]"],
    ["06 12 34 56 78 (spaced in pairs)", "[PHONE] (spaced in pairs)"],
    // DE national
    ["Ruf an: 030 12345678", "Ruf an: [PHONE]"],
    ["Handy 0171 1234567, Büro 030/1234567, Zentrale (030) 1234567", "Handy [PHONE], Büro [PHONE], Zentrale [PHONE]"],
  ])("redacts %j", (input, expected) => {
    const r = redact(input);
    expect(r.text).toBe(expected);
    expect(r.findings).toEqual([{ kind: "phone", count: (expected.match(/\[PHONE\]/g) ?? []).length }]);
  });

  it("splits two national numbers written next to each other", () => {
    expectRedacted("Bel 06 12345678 06 87654321 graag", "Bel [PHONE] [PHONE] graag", "phone", 2);
    expectRedacted("call 0612345678,0687654321", "call [PHONE],[PHONE]", "phone", 2);
    expectRedacted("+31 6 1234 5678 +31 6 8765 4321", "[PHONE] [PHONE]", "phone", 2);
  });

  it("does not let a date swallow a following phone number", () => {
    expectRedacted("On 01-02-2026 06 12345678", "On 01-02-2026 [PHONE]", "phone");
    expectRedacted("Dates 2026-11-26 2026-11-27 06 12345678", "Dates 2026-11-26 2026-11-27 [PHONE]", "phone");
  });

  it.each([
    "The workshop is on 2026-11-26.",
    "Deadline 26-11-2026 or 26.11.2026 or 11/26/2026, also 01-02-26",
    "deadline 05-06-2026 14:00 sharp",
    "Standup at 10:30, retro at 16:45:30",
    "Logged at 2026-11-26T10:30:00Z and 2026-11-26T10:30:00.123+01:00",
    "2026-11-26 10:30 kickoff",
    "Ranges 2026-11-26 - 2026-11-27 and 26/11/2026 - 27/11/2026, 09:00-17:30",
    "Upgrade to v1.2.3 (build 10.0.19045), node 20.19.0",
    "IP 192.168.100.200",
    "thread ts 1712345678.000100 in C0123456789",
    "<https://acme.slack.com/archives/C0123ABCD/p1712345678000100|link>",
    "Budget EUR 50,000 or €1.000.000 or $1,234,567.89 or EUR 1 500 000",
    "We have 123456789 tokens left and 1000000000 in total",
    "PR #4521, ticket 12345, room 0123, +1 to that, growth +12.5%",
    "uuid 123e4567-e89b-12d3-a456-426614174000",
    "order 1234567890123456",
  ])("leaves %j alone", (input) => expectUntouched(input));

  it("known gap: a bare 10-digit number starting with 0 reads as a national phone number", () => {
    expectRedacted("invoice 0123456789", "invoice [PHONE]", "phone");
  });
});

describe("redact: payment cards", () => {
  it.each([
    ["Charge my card 4111 1111 1111 1111 please", "Charge my card [CARD] please"],
    ["card 4111-1111-1111-1111 exp 12/28", "card [CARD] exp 12/28"],
    ["pan=4111111111111111;", "pan=[CARD];"],
    ["Mastercard 5555 5555 5555 4444.", "Mastercard [CARD]."],
    ["Amex 3782 822463 10005 is the corporate card", "Amex [CARD] is the corporate card"],
    ["Diners 3622 720627 1667", "Diners [CARD]"],
    ["old 13-digit Visa 4222222222222", "old 13-digit Visa [CARD]"],
    ["19-digit 6234567890123456780 card", "19-digit [CARD] card"],
    ["19-digit grouped 4111 1111 1111 1111 110 card", "19-digit grouped [CARD] card"],
    ["cards 4111111111111111,5555555555554444", "cards [CARD],[CARD]"],
  ])("redacts %j", (input, expected) => {
    const r = redact(input);
    expect(r.text).toBe(expected);
    expect(r.findings).toEqual([{ kind: "card", count: (expected.match(/\[CARD\]/g) ?? []).length }]);
  });

  it("keeps a trailing CVV / expiry group out of the card", () => {
    expectRedacted("4111 1111 1111 1111 123", "[CARD] 123", "card");
    expectRedacted("card 4111 1111 1111 1111 12/28", "card [CARD] 12/28", "card");
    expectRedacted("CVV after 4111111111111111 123", "CVV after [CARD] 123", "card");
  });

  it("leaves a 16-digit order number that fails Luhn", () => {
    expect(luhnValid("1234567890123456")).toBe(false);
    expectUntouched("Order 1234567890123456 shipped");
    expectUntouched("Order 1234 5678 9012 3456 shipped");
    expectUntouched("Order 1234-5678-9012-3456 shipped");
  });

  it("treats a Luhn-valid card embedded in a longer digit string as a reference, not a card", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expectUntouched("ref 41111111111111110000 (20 digits)");
    expectUntouched("ref 99994111111111111111123 (23 digits)");
    expectUntouched("ref 4111 1111 1111 1111 1234 (five groups)");
    expectUntouched("ref 1234 4111 1111 1111 1111 (five groups)");
    expectUntouched("glued txn_4111111111111111 and 4111111111111111abc");
    expectUntouched("decimal 0.4111111111111111");
  });

  it("does not read a leading-zero digit run as a card", () => {
    expect(luhnValid("0000000000000000")).toBe(true);
    expectUntouched("batch 0000000000000000");
  });
});

describe("redact: IBAN", () => {
  it.each([
    ["Pay to NL91ABNA0417164300 by Friday", "Pay to [IBAN] by Friday"],
    ["Pay to NL91 ABNA 0417 1643 00 by Friday", "Pay to [IBAN] by Friday"],
    ["lower case nl91 abna 0417 1643 00 works too", "lower case [IBAN] works too"],
    ["DE89 3704 0044 0532 0130 00 (Commerzbank)", "[IBAN] (Commerzbank)"],
    ["GB82 WEST 1234 5698 7654 32", "[IBAN]"],
    ["FR14 2004 1010 0505 0001 3M02 606 for invoices", "[IBAN] for invoices"],
    ["BE68 5390 0754 7034 EUR account", "[IBAN] EUR account"],
    ["IBAN: NI45BAPR00000013000003558124 (country not in the length table)", "IBAN: [IBAN] (country not in the length table)"],
    ["two: NL91ABNA0417164300 DE89370400440532013000", "two: [IBAN] [IBAN]"],
  ])("redacts %j", (input, expected) => {
    const r = redact(input);
    expect(r.text).toBe(expected);
    expect(r.findings).toEqual([{ kind: "iban", count: (expected.match(/\[IBAN\]/g) ?? []).length }]);
  });

  it("leaves IBANs with a bad checksum, and does not half-read them as phone numbers", () => {
    expect(isValidIbanChecksum("NL91ABNA0417164301")).toBe(false);
    expectUntouched("wrong NL91ABNA0417164301 here");
    expectUntouched("wrong NL91 ABNA 0417 1643 01 here");
    expectUntouched("wrong DE89 3704 0044 0532 0130 01 please");
  });

  it("leaves IBAN-like codes of the wrong length or glued to other text", () => {
    expectUntouched("NL91ABNA04171643000 has one digit too many");
    expectUntouched("xNL91ABNA0417164300");
  });
});

describe("redact: national ids", () => {
  it("US SSN", () => {
    expectRedacted("My SSN is 536-22-1234, please keep it safe", "My SSN is [NATIONAL_ID], please keep it safe", "national_id");
    expectRedacted("ssn: 536221234", "ssn: [NATIONAL_ID]", "national_id");
    expectRedacted("Social security number 536 22 1234", "Social security number [NATIONAL_ID]", "national_id");
  });

  it.each(["invalid areas 000-12-3456, 666-12-3456, 912-34-5678", "group 00: 536-00-1234, serial 0000: 536-22-0000", "SSN 666221234"])(
    "leaves invalid SSNs alone: %j",
    (input) => expectUntouched(input),
  );

  it("UK National Insurance number", () => {
    expectRedacted("NI number AB 12 34 56 C on file", "NI number [NATIONAL_ID] on file", "national_id");
    expectRedacted("NINO: JG103725D.", "NINO: [NATIONAL_ID].", "national_id");
  });

  it.each([
    "QQ 12 34 56 C is HMRC's specimen prefix, never issued",
    "GB123456A and NK 12 34 56 B are excluded prefixes",
    "DA123456A (D is not a valid first letter)",
    "AB 12 34 56 E (suffix must be A-D)",
    "lower case ab123456c is not matched",
  ])("leaves invalid NINOs alone: %j", (input) => expectUntouched(input));

  it("Dutch BSN near a keyword or in its display format", () => {
    expect(bsnValid("111222333")).toBe(true);
    expect(bsnValid("123456782")).toBe(true);
    expectRedacted("mijn BSN is 111222333", "mijn BSN is [NATIONAL_ID]", "national_id");
    expectRedacted("BSN-nummer: 123 456 782.", "BSN-nummer: [NATIONAL_ID].", "national_id");
    expectRedacted("burgerservicenummer 123456782", "burgerservicenummer [NATIONAL_ID]", "national_id");
    expectRedacted("ID 1112.22.333 staat op de pas", "ID [NATIONAL_ID] staat op de pas", "national_id");
  });

  it("does not redact bare 9-digit numbers or BSNs failing the 11-proof", () => {
    expect(bsnValid("123456789")).toBe(false);
    expectUntouched("bsn 123456789 (fails the 11-proof)");
    expectUntouched("plain 111222333 without a keyword");
    expectUntouched("BSN\n111222333 (keyword on another line)");
  });

  it("German Steuer-IdNr near a keyword", () => {
    expect(germanTaxIdValid("86095742719")).toBe(true);
    expectRedacted("Steuer-ID: 86095742719", "Steuer-ID: [NATIONAL_ID]", "national_id");
    expectRedacted("Meine IdNr 86 095 742 719", "Meine IdNr [NATIONAL_ID]", "national_id");
    expectUntouched("Steuer-ID: 86095742718 (bad check digit)");
    expectUntouched("plain 86095742719 without a keyword");
  });
});

describe("redact: secrets", () => {
  it.each([
    ["OPENAI_API_KEY=sk-abcdefghij0123456789ABCDEFGHIJ0123456789abcdefgh", "OPENAI_API_KEY=[SECRET]"],
    ["use sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z_AbC-dEf please", "use [SECRET] please"],
    ["anthropic sk-ant-api03-abcDEF123456ghiJKL789012mnoPQR", "anthropic [SECRET]"],
    ["bot token xoxb-1234567890-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "bot token [SECRET]"],
    ["user xoxp-1234567890-1234567890-1234567890-abcdef0123456789", "user [SECRET]"],
    ["app token xapp-1-A0123BCDEF-1234567890123-abcdef0123456789", "app token [SECRET]"],
    ["legacy xoxa-2-1234567890-abcdef and xoxr-1234567890-abcdef", "legacy [SECRET] and [SECRET]"],
    ["refresh xoxe.xoxp-1-Mi0yLTEyMzQ1Njc4OTAtMTIzNA and xoxe-1-My0xLTEyMzQ1Njc4OTA", "refresh [SECRET] and [SECRET]"],
    ["webhook https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX done", "webhook [SECRET] done"],
    ["aws AKIAIOSFODNN7EXAMPLE in the config", "aws [SECRET] in the config"],
    ["aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_access_key = [SECRET]"],
    ["gh ghp_abcdefghijklmnopqrstuvwxyz0123456789 ok", "gh [SECRET] ok"],
    ["github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS", "[SECRET]"],
    ["stripe sk_live_51AbCdEfGhIjKlMnOpQrStUv", "stripe [SECRET]"],
    [
      "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "jwt [SECRET]",
    ],
  ])("redacts %j", (input, expected) => {
    const r = redact(input);
    expect(r.text).toBe(expected);
    expect(r.findings).toEqual([{ kind: "secret", count: (expected.match(/\[SECRET\]/g) ?? []).length }]);
  });

  it("keeps the word Bearer and redacts only the token", () => {
    expectRedacted(
      "curl -H 'Authorization: Bearer abc123DEF456ghi789JKL' https://api.example.com",
      "curl -H 'Authorization: Bearer [SECRET]' https://api.example.com",
      "secret",
    );
    expectRedacted("Authorization: bearer 0a1b2c3d4e5f6a7b8c9d.", "Authorization: bearer [SECRET].", "secret");
    expectRedacted("Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: Basic [SECRET]", "secret");
  });

  it.each([
    "Bearer",
    "We use Bearer tokens for the API.",
    "Bearer authentication is fine; Bearer <token> goes in the header",
    "the bearer of bad news",
  ])("leaves the word Bearer without a token alone: %j", (input) => expectUntouched(input));

  it.each([
    "see task-sk-list and risk-assessment-for-all-enterprise-teams",
    "we use sk-learn for the model",
    "sk-this-is-not-a-real-key-just-a-slug",
    "Use sk-... for keys and xoxb-... for bots",
    "ghp_ is the prefix of GitHub tokens",
    "AKIA alone, or AKIAEXAMPLE",
  ])("leaves near-miss secrets alone: %j", (input) => expectUntouched(input));

  it("redacts a whole PEM private key block", () => {
    const pem = [
      "-----BEGIN RSA PRIVATE KEY-----",
      "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB",
      "aFDrBz9vFqU4yY5Vw3Yq8m1Yj9H1h5bS1yLZkq0s7RkM1Ew4=",
      "-----END RSA PRIVATE KEY-----",
    ].join("\n");
    expectRedacted(`here is the key:\n${pem}\nthanks!`, "here is the key:\n[SECRET]\nthanks!", "secret");
    expectRedacted(
      "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY----- and -----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----",
      "[SECRET] and [SECRET]",
      "secret",
      2,
    );
  });

  it("redacts a truncated PEM private key up to the end of its body", () => {
    expectRedacted("oops -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4\nLd1/pq== (message cut)", "oops [SECRET](message cut)", "secret");
  });

  it("leaves public keys and certificates alone", () => {
    expectUntouched("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----");
  });
});

describe("redact: ordering and interplay", () => {
  it("redacts every kind in one realistic message with correct findings counts", () => {
    const input = [
      "Hi team, Jane (jane.doe@acme.com, +31 6 1234 5678) wants a partner for the Salesforce integration.",
      "Her colleague is at bob@acme.com or 020 7946 0958. Budget EUR 50,000, kickoff 2026-11-26 10:30.",
      "Billing: card 4111 1111 1111 1111, IBAN NL91 ABNA 0417 1643 00, BSN 111222333, SSN 536-22-1234.",
      "Please don't paste keys like sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z or xoxb-1234567890-abcdefghij here.",
      "Thread 1712345678.000100, release v1.2.3, order 1234567890123456.",
    ].join("\n");
    const r = redact(input);
    expect(r.text).toBe(
      [
        "Hi team, Jane ([EMAIL], [PHONE]) wants a partner for the Salesforce integration.",
        "Her colleague is at [EMAIL] or [PHONE]. Budget EUR 50,000, kickoff 2026-11-26 10:30.",
        "Billing: card [CARD], IBAN [IBAN], BSN [NATIONAL_ID], SSN [NATIONAL_ID].",
        "Please don't paste keys like [SECRET] or [SECRET] here.",
        "Thread 1712345678.000100, release v1.2.3, order 1234567890123456.",
      ].join("\n"),
    );
    expect(r.findings).toEqual([
      { kind: "email", count: 2 },
      { kind: "phone", count: 2 },
      { kind: "card", count: 1 },
      { kind: "iban", count: 1 },
      { kind: "national_id", count: 2 },
      { kind: "secret", count: 2 },
    ]);
  });

  it("reads card and IBAN digits before phones, so they are not half-eaten", () => {
    // Without the IBAN step, "0044 0532 0130 00" would look like an international (00 44) phone number.
    expectRedacted("DE89 3704 0044 0532 0130 00", "[IBAN]", "iban");
    expectRedacted("card 5555-5555-5555-4444 today", "card [CARD] today", "card");
  });

  it("reads secrets first: a token with digits never becomes a phone or card", () => {
    expectRedacted("xoxb-4111111111111111-0612345678-abc", "[SECRET]", "secret");
    expectRedacted("Authorization: Bearer 4111111111111111", "Authorization: Bearer [SECRET]", "secret");
  });

  it("counts one finding per value, not per pass", () => {
    expect(redact("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0").findings).toEqual([
      { kind: "secret", count: 1 },
    ]);
  });
});

describe("redact: general behaviour", () => {
  it("handles empty and clean text", () => {
    expect(redact("")).toEqual({ text: "", findings: [] });
    expectUntouched("How do we roll out Copilot to 200 people in Q3?");
  });

  it("redactText returns just the text", () => {
    expect(redactText("mail jane@acme.com")).toBe("mail [EMAIL]");
  });

  it("placeholders are stable and never re-redacted", () => {
    const placeholders = Object.values(REDACTION_PLACEHOLDERS).join(" ");
    expect(placeholders).toBe("[EMAIL] [PHONE] [CARD] [IBAN] [NATIONAL_ID] [SECRET]");
    expectUntouched(placeholders);
    expectUntouched("Authorization: Bearer [SECRET]");
  });

  it("keeps private-use characters in the input intact", () => {
    const input = "odd \uE000\uE010\uE001 chars \uE000 next to 2026-11-26 and +31 6 1234 5678";
    expect(redact(input).text).toBe("odd \uE000\uE010\uE001 chars \uE000 next to 2026-11-26 and [PHONE]");
  });

  it("is idempotent: redacting twice gives the same text and no new findings", () => {
    const samples = [
      "Jane jane.doe@acme.com +31 6 1234 5678, 020 7946 0958, (555) 123-4567",
      "card 4111 1111 1111 1111 123, 4111111111111111, IBAN NL91 ABNA 0417 1643 00 EUR, bad NL91 ABNA 0417 1643 01",
      "SSN 536-22-1234, NINO AB 12 34 56 C, BSN 111222333, Steuer-ID 86095742719, 1112.22.333",
      "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z Bearer abc123DEF456ghi789 xoxb-1234567890-abcdefghij",
      "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----",
      "On 01-02-2026 06 12345678 at 10:30, ts 1712345678.000100, v1.2.3, EUR 50,000",
      "Bel 06 12345678 06 87654321, DE89 3704 0044 0532 0130 00",
    ];
    for (const s of samples) {
      const once = redact(s);
      expect(once.findings.length).toBeGreaterThan(0);
      const twice = redact(once.text);
      expect(twice.text).toBe(once.text);
      expect(twice.findings).toEqual([]);
    }
  });
});

describe("redact: performance sanity (no catastrophic backtracking)", () => {
  const N = 40_000;
  const fill = (unit: string): string => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
  const realistic =
    "Hi, Jane jane.doe@acme.com +31 6 1234 5678 card 4111 1111 1111 1111 IBAN NL91ABNA0417164300 on 2026-11-26 10:30, order 1234567890123456. ";
  const adversarial: Record<string, string> = {
    "digits and spaces": fill("1 "),
    "zero-led digit groups": fill("01 "),
    "digit groups of four": fill("1234 "),
    "dashed digit groups": fill("1234-5678-"),
    "mixed digits and separators": Array.from({ length: N }, (_, i) => "0123456789 -./()+"[(i * 7919) % 17]).join(""),
    "one long digit run": "4".repeat(N),
    "plus signs and digits": fill("+1 "),
    "trunk-prefix parentheses": fill("+31 (0)"),
    "date-like fragments": fill("1-1-1 "),
    "email-ish": fill("a.b@"),
    "long local part without @ domain": "a".repeat(N - 1) + "@",
    "dotted domain without TLD": "x@" + fill("a1.").slice(2),
    "PEM headers without END": fill("-----BEGIN RSA PRIVATE KEY-----!"),
    "IBAN-like prefixes": fill("NL91 "),
    "Bearer repeated": fill("Bearer "),
    "sk- repeated": fill("sk-"),
    "keywords without numbers": fill("BSN SSN Steuer-ID "),
    realistic: fill(realistic),
  };

  it.each(Object.entries(adversarial))("a 40,000-char %s message finishes quickly", (_name, input) => {
    expect(input.length).toBeGreaterThanOrEqual(N - 2);
    const started = performance.now();
    const r = redact(input);
    const ms = performance.now() - started;
    expect(typeof r.text).toBe("string");
    // Generous ceiling: catastrophic backtracking would take minutes; typical runs are a few ms.
    expect(ms).toBeLessThan(2_000);
  });

  it("redacts every value in a long realistic message", () => {
    const repeats = 250;
    const r = redact(realistic.repeat(repeats));
    expect(r.findings).toEqual([
      { kind: "email", count: repeats },
      { kind: "phone", count: repeats },
      { kind: "card", count: repeats },
      { kind: "iban", count: repeats },
    ]);
  });
});
