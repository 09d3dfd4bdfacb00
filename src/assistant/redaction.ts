/**
 * Redaction of personal data and secrets before any text leaves the process (LLM calls, partner
 * notifications, logs).
 *
 * Each detected value is replaced by a typed placeholder (`[EMAIL]`, `[PHONE]`, `[CARD]`, `[IBAN]`,
 * `[NATIONAL_ID]`, `[SECRET]`). Placeholders contain no digits, `@` or token characters, so redacting twice
 * gives the same text (idempotent).
 *
 * Design: a fixed pipeline of detectors, each a linear-time regex (bounded quantifiers, a negative
 * look-behind so a match can only start at the beginning of a token) plus a validator in code (Luhn,
 * IBAN mod-97, SSN area rules, BSN 11-proof, German tax-id check digit, digit counts). Validation in code
 * rather than in the regex keeps the patterns free of nested ambiguous quantifiers, so there is no
 * catastrophic backtracking on long adversarial input.
 *
 * Order matters, earlier detectors win:
 *   1. secrets (PEM private-key blocks first, then tokens), 2. emails, 3. IBANs,
 *   4. dates/times are *shielded* (temporarily swapped for a sentinel so no later detector sees their digits;
 *      IBAN-shaped strings with a bad checksum are shielded the same way), 5. payment cards, 6. national
 *      ids, 7. phone numbers; then the shielded text is restored verbatim.
 *
 * Decisions on ambiguous cases (tests pin each of them):
 * - Cards: 13-19 digits, first digit 1-9, compact or grouped in fours (or Amex/Diners 4-6-5 / 4-6-4) with
 *   one consistent separator, and the Luhn check must pass. A Luhn-valid run embedded in a longer digit
 *   run (20+ digits, or a further 4-digit group before/after it) or glued to letters/underscores
 *   (`txn_4111...`) is treated as a reference number and left alone. A trailing 1-3 digit group that breaks
 *   Luhn (a CVV, an expiry) is not eaten: `[CARD] 123`. Inherent limit: a bare 13-19 digit reference number
 *   that passes Luhn by chance (1 in 10) is redacted as a card.
 * - IBAN: compact or space-grouped, case-insensitive; the length must match the country's IBAN length
 *   (registry table; an unknown country code needs only 15-34 characters) and mod-97 must pass. An
 *   IBAN-shaped string with a bad checksum stays verbatim and is shielded from the phone detector.
 * - Phones: need 9+ digits and one of these shapes: international (`+CC ...` or `00CC ...`, up to 15 digits,
 *   16 with a `(0)` trunk); US `(xxx) xxx-xxxx` / `xxx-xxx-xxxx` / `xxx.xxx.xxxx` / `xxx xxx xxxx`
 *   (optional leading `1-`); national with a trunk `0` (UK/NL/DE/...: `020 7946 0958`, `06-12345678`,
 *   `0612345678`, `030/1234567`, `(020) 7946 0958`), 9-13 digits. Bare digit runs that start with 1-9 are
 *   never phones (order numbers, Slack timestamps, amounts), and dates (`2026-11-26`, `26.11.2026`,
 *   `11/26/2026`, ISO timestamps) and times (`10:30`, `10:30:15`) are shielded first. Known gap: a
 *   national number starting with `0` written without separators (`0123456789`) is redacted even if it is
 *   an invoice number, the price of catching `0612345678`.
 * - National ids: US SSN `xxx-xx-xxxx` (area not 000/666/9xx, group not 00, serial not 0000) anywhere; with
 *   a keyword (`SSN`, `social security number`) also compact or spaced. UK NINO per HMRC rules (first letter
 *   not D/F/I/Q/U/V, second not D/F/I/O/Q/U/V, prefixes BG/GB/KN/NK/NT/TN/ZZ never issued, suffix A-D),
 *   upper case, spaces optional; HMRC's specimen `QQ 12 34 56 C` is therefore NOT redacted. Dutch BSN
 *   (9 digits, 11-proof) only after a keyword (`BSN`, `burgerservicenummer`, `sofinummer`) within the same
 *   line, or in the BSN display format `1234.56.782`; a bare 9-digit number is never a BSN, because roughly
 *   one in eleven random 9-digit numbers passes the 11-proof. German Steuer-IdNr (11 digits, ISO 7064
 *   MOD 11,10 check digit) only after a keyword (`Steuer-ID`, `IdNr`, `Steueridentifikationsnummer`, `tax ID`).
 *   For keyword forms the keyword is kept: `BSN: [NATIONAL_ID]`.
 * - Secrets: OpenAI/Anthropic-style `sk-` keys (`sk-proj-`, `sk-svcacct-`, `sk-ant-`...) need 20+ key
 *   characters including a digit and must start a token, so `task-sk-list` or `risk-...` stay; Slack tokens
 *   (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxe-`, `xoxe.xoxp-`, `xapp-`...) and Slack webhook URLs; GitHub
 *   (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`); AWS access key ids (`AKIA`/`ASIA`...) and
 *   `aws_secret_access_key = ...` values; Stripe `sk_live_`/`rk_test_`...; JWTs; `Bearer <token>` and
 *   `Authorization: Basic <creds>` (the scheme word is kept, the token replaced; a token must be 8+ chars
 *   and not look like an ordinary word, so "Bearer tokens expire" stays); PEM private-key blocks as a whole
 *   (an unterminated block is redacted up to the end of its base64 body).
 * - Emails need a dotted domain ending in a 2+ letter TLD: `ops@localhost`, `pkg@1.2.3`, `@channel` stay;
 *   retina asset names like `icon@2x.png` stay.
 */

export type RedactionKind = "email" | "phone" | "card" | "iban" | "national_id" | "secret";

export interface RedactionFinding {
  kind: RedactionKind;
  count: number;
}

export interface RedactionResult {
  text: string;
  /** One entry per kind that was found (count > 0), in the order of {@link REDACTION_KINDS}. */
  findings: RedactionFinding[];
}

export const REDACTION_KINDS: readonly RedactionKind[] = ["email", "phone", "card", "iban", "national_id", "secret"];

export const REDACTION_PLACEHOLDERS: Readonly<Record<RedactionKind, string>> = {
  email: "[EMAIL]",
  phone: "[PHONE]",
  card: "[CARD]",
  iban: "[IBAN]",
  national_id: "[NATIONAL_ID]",
  secret: "[SECRET]",
};

/** Redacts `text`; see the module comment for what is detected and the decisions on ambiguous cases. */
export function redact(text: string): RedactionResult {
  if (typeof text !== "string" || text.length === 0) return { text: typeof text === "string" ? text : "", findings: [] };
  const counts = new Map<RedactionKind, number>();
  let out = text;
  const shielded: string[] = [];
  const shield = (original: string): string => {
    shielded.push(original);
    return SENTINEL_OPEN + encodeIndex(shielded.length - 1) + SENTINEL_CLOSE;
  };
  for (const step of PIPELINE) {
    const r = scan(out, step, shield);
    out = r.text;
    if (r.count > 0 && step.kind !== null) counts.set(step.kind, (counts.get(step.kind) ?? 0) + r.count);
  }
  if (shielded.length > 0) out = out.replace(SENTINEL_RE, (_, idx: string) => shielded[decodeIndex(idx)] ?? "");
  const findings: RedactionFinding[] = [];
  for (const kind of REDACTION_KINDS) {
    const count = counts.get(kind);
    if (count) findings.push({ kind, count });
  }
  return { text: out, findings };
}

/** `redact(text).text`. */
export function redactText(text: string): string {
  return redact(text).text;
}

// ---------------------------------------------------------------------------------------------------------
// Scanning machinery

/**
 * Shielding: text that must stay verbatim but must not be read by later detectors (dates, times, IBAN-shaped
 * strings with a bad checksum) is swapped for a sentinel made of private-use code points (not `\w`, `\s` or a
 * digit, so it acts as a token boundary), and restored at the end. Private-use characters already in the
 * input are shielded first, so every sentinel in the working text is ours.
 */
const SENTINEL_OPEN = "\uE000";
const SENTINEL_CLOSE = "\uE001";
const SENTINEL_RE = /\uE000([\uE010-\uE019]+)\uE001/g;
const encodeIndex = (i: number): string => [...String(i)].map((d) => String.fromCharCode(0xe010 + Number(d))).join("");
const decodeIndex = (s: string): number => Number([...s].map((c) => c.charCodeAt(0) - 0xe010).join(""));

type Shield = (original: string) => string;

/**
 * What a detector does with one regex match. `null` keeps the text, and scanning resumes one character later
 * (a valid value may start inside a rejected candidate).
 */
type Replacer = (m: RegExpExecArray, input: string, shield: Shield) => Replacement | null;

interface Replacement {
  text: string;
  /** How many characters of the match the replacement covers (default: the whole match). */
  consumed?: number;
  /** The replacement is a shield, not a redaction (not counted as a finding). */
  shielded?: boolean;
}

interface Detector {
  /** `null` for shielding steps. */
  kind: RedactionKind | null;
  /** Must have the `g` flag and never match the empty string. */
  pattern: RegExp;
  replace: Replacer;
}

function scan(input: string, detector: Detector, shield: Shield): { text: string; count: number } {
  const re = new RegExp(detector.pattern.source, detector.pattern.flags); // own lastIndex
  let out = "";
  let last = 0;
  let count = 0;
  let changed = false;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    const r = detector.replace(m, input, shield);
    if (r === null) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const consumed = r.consumed ?? m[0].length;
    out += input.slice(last, m.index) + r.text;
    last = m.index + consumed;
    re.lastIndex = last;
    changed = true;
    if (!r.shielded) count++;
  }
  return changed ? { text: out + input.slice(last), count } : { text: input, count };
}

const whole =
  (kind: RedactionKind, valid: (m: RegExpExecArray, input: string) => boolean = () => true): Replacer =>
  (m, input) =>
    valid(m, input) ? { text: REDACTION_PLACEHOLDERS[kind] } : null;

/** For patterns `(keep)(value)`: keeps group 1, replaces group 2. */
const keepPrefix =
  (kind: RedactionKind, valid: (value: string) => boolean = () => true): Replacer =>
  (m) => {
    const prefix = m[1] ?? "";
    const value = m[2] ?? "";
    return valid(value) ? { text: prefix + REDACTION_PLACEHOLDERS[kind] } : null;
  };

const shieldWhole: Replacer = (m, _input, shield) => ({ text: shield(m[0]), shielded: true });

const digitsOf = (s: string): string => s.replace(/\D+/g, "");

// ---------------------------------------------------------------------------------------------------------
// Shielding steps

const PRIVATE_USE_ESCAPE: Detector = { kind: null, pattern: /[\uE000-\uE01F]/g, replace: shieldWhole };

/** Dates and times, so their digits are never read as phones, ids or cards. */
const DATE_TIME_SHIELD: Detector = {
  kind: null,
  pattern: new RegExp(
    String.raw`(?<![\w.\/:-])(?:` +
      // ISO-ish date, optionally with a time and zone: 2026-11-26, 2026/11/26, 2026-11-26T10:30:00.000+01:00
      String.raw`(?:19|20)\d{2}([./-])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])` +
      String.raw`(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?` +
      // day-month-year or month-day-year: 26.11.2026, 11/26/2026, 26-11-26
      String.raw`|\d{1,2}([./-])\d{1,2}\2(?:19|20)?\d{2}` +
      // times: 9:30, 10:30:15, 10:30:15.123
      String.raw`|(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?` +
      String.raw`)(?![\w]|[.\/:-]\d)`,
    "g",
  ),
  replace: shieldWhole,
};

// ---------------------------------------------------------------------------------------------------------
// Secrets

/** Random-looking: long enough and not an ordinary (possibly hyphenated, capitalised) word. */
function looksLikeToken(token: string, minLength = 8): boolean {
  if (token.length < minLength) return false;
  return !/^[A-Za-z][a-z]*(?:[-'][a-z]+)*$/.test(token);
}

const SECRET_DETECTORS: Detector[] = [
  {
    // PEM private keys (RSA/EC/DSA/OPENSSH/ENCRYPTED/PGP ... PRIVATE KEY [BLOCK]), the whole block.
    // Unterminated (e.g. a truncated paste): up to the end of the base64 body.
    kind: "secret",
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[A-Za-z0-9+/=\s:,.-]*)/g,
    replace: whole("secret"),
  },
  {
    // Slack incoming webhooks / workflow triggers: the URL is the credential.
    kind: "secret",
    pattern: /https?:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g,
    replace: whole("secret"),
  },
  {
    // Slack tokens: xoxb- xoxp- xoxa- xoxr- xoxs- xoxo- xoxe- xoxc- xoxe.xoxp- xapp-
    kind: "secret",
    pattern: /(?<![\w-])(?:xox[a-z](?:\.xox[a-z])?|xapp)-[A-Za-z0-9-]{8,}/g,
    replace: whole("secret", (m) => /\d/.test(m[0])),
  },
  {
    // GitHub: classic (ghp_/gho_/ghu_/ghs_/ghr_) and fine-grained (github_pat_) tokens.
    kind: "secret",
    pattern: /(?<![\w-])(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g,
    replace: whole("secret"),
  },
  {
    // OpenAI (sk-, sk-proj-, sk-svcacct-, sk-admin-) and Anthropic (sk-ant-) style keys.
    kind: "secret",
    pattern: /(?<![\w-])sk-[A-Za-z0-9_-]{20,}/g,
    replace: whole("secret", (m) => /\d/.test(m[0])),
  },
  {
    // Stripe secret / restricted keys.
    kind: "secret",
    pattern: /(?<![\w-])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g,
    replace: whole("secret"),
  },
  {
    // AWS access key ids.
    kind: "secret",
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    replace: whole("secret"),
  },
  {
    // AWS secret access keys, only next to their name (40 base64 chars are otherwise indistinguishable).
    kind: "secret",
    pattern: /((?:aws_?)?secret_?access_?key["']?\s{0,5}[:=]\s{0,5}["']?)([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    replace: keepPrefix("secret"),
  },
  {
    // JSON Web Tokens (header.payload.signature, both JSON parts start with `{"` = eyJ).
    kind: "secret",
    pattern: /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
    replace: whole("secret"),
  },
  {
    // `Bearer <token>`: keep the scheme word, replace the token. Dots only inside the token, so a
    // sentence-ending period is kept.
    kind: "secret",
    pattern: /(?<![\w-])(Bearer[ \t]+)([A-Za-z0-9_~+/-]+(?:\.[A-Za-z0-9_~+/-]+)*=*)/gi,
    replace: keepPrefix("secret", (token) => looksLikeToken(token)),
  },
  {
    kind: "secret",
    pattern: /(Authorization:[ \t]*Basic[ \t]+)([A-Za-z0-9+/]+=*)/gi,
    replace: keepPrefix("secret", (token) => looksLikeToken(token)),
  },
];

// ---------------------------------------------------------------------------------------------------------
// Emails

const EMAIL_DETECTOR: Detector = {
  kind: "email",
  pattern:
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  replace: whole("email", (m) => !/@\d+x\.(?:png|jpe?g|gif|svg|webp)$/i.test(m[0])),
};

// ---------------------------------------------------------------------------------------------------------
// IBAN

/**
 * IBAN length per country (SWIFT IBAN registry). Countries not listed (recent registry additions, French
 * overseas territories, national "IBAN-like" schemes) fall back to: 15-34 characters ending at a group
 * boundary, mod-97 valid.
 */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21,
  CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18,
  FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23,
  IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27,
  MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20,
}; // prettier-ignore

/** ISO 13616 mod-97 check on a compact, upper-case IBAN. */
export function isValidIbanChecksum(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    rem = code <= 57 ? (rem * 10 + (code - 48)) % 97 : (rem * 100 + (code - 55)) % 97;
  }
  return rem === 1;
}

const IBAN_DETECTOR: Detector = {
  kind: "iban",
  // Greedy candidate; the country length decides where the IBAN really ends (so "NL.. 00 DE89 ..." or
  // "BE68 5390 0754 7034 EUR" are cut correctly and the rest is scanned again).
  pattern: /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/gi,
  replace: (m, input, shield) => {
    const cand = m[0];
    const expected = IBAN_LENGTHS[cand.slice(0, 2).toUpperCase()];
    // Possible end positions (exclusive) inside the candidate, each with its count of alphanumerics: before
    // every space and at the very end. The IBAN may not end inside a longer token.
    const ends: { end: number; alnum: number }[] = [];
    let alnum = 0;
    for (let i = 0; i < cand.length; i++) {
      if (cand[i] === " ") ends.push({ end: i, alnum });
      else alnum++;
    }
    const after = input[m.index + cand.length];
    if (after === undefined || !/[A-Za-z0-9]/.test(after)) ends.push({ end: cand.length, alnum });
    // Known country: exactly its length (at a group boundary). Unknown: longest valid 15-34 prefix.
    for (let k = ends.length - 1; k >= 0; k--) {
      const { end, alnum: n } = ends[k]!;
      if (expected ? n !== expected : n < 15 || n > 34) continue;
      if (isValidIbanChecksum(cand.slice(0, end).replace(/ /g, "").toUpperCase())) {
        return { text: REDACTION_PLACEHOLDERS.iban, consumed: end };
      }
      // IBAN-shaped (known country, exact length) but a bad checksum: not an IBAN, but not a phone
      // either. Kept verbatim and shielded so "DE89 3704 0044 ..." is not half-read as "0044 ...".
      if (expected) return { text: shield(cand.slice(0, end)), consumed: end, shielded: true };
    }
    return null;
  },
};

// ---------------------------------------------------------------------------------------------------------
// Payment cards

/** Luhn (mod 10) check on a digit string. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const isCard = (s: string): boolean => {
  const d = digitsOf(s);
  return d.length >= 13 && d.length <= 19 && luhnValid(d);
};

const CARD_DETECTORS: Detector[] = [
  {
    // Compact 13-19 digits; a longer digit run is a reference number, not a card.
    kind: "card",
    pattern: /(?<![\w+.])[1-9]\d{12,18}(?!\w|\.\d)/g,
    replace: whole("card", (m) => luhnValid(m[0])),
  },
  {
    // Groups of four with one consistent separator: 16 digits (4x4), 13-19 via the last groups.
    // Not followed by a further group with the same separator (that would make it a 20+ digit number).
    kind: "card",
    pattern: /(?<![\w+.]|\d{4}[ -])[1-9]\d{3}([ -])\d{4}\1\d{4}\1\d{1,4}(\1\d{1,3})?(?!\w|\.\d|\1\d)/g,
    replace: (m) => {
      if (isCard(m[0])) return { text: REDACTION_PLACEHOLDERS.card };
      // "4111 1111 1111 1111 123": the 3-digit tail (CVV, start of an expiry) is not part of the card.
      const tail = m[2];
      if (tail && isCard(m[0].slice(0, -tail.length))) {
        return { text: REDACTION_PLACEHOLDERS.card, consumed: m[0].length - tail.length };
      }
      return null;
    },
  },
  {
    // Amex 4-6-5 and Diners 4-6-4.
    kind: "card",
    pattern: /(?<![\w+.]|\d{4}[ -])[1-9]\d{3}([ -])\d{6}\1\d{4,5}(?!\w|\.\d|\1\d)/g,
    replace: whole("card", (m) => isCard(m[0])),
  },
];

// ---------------------------------------------------------------------------------------------------------
// National ids

function validSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = digits.slice(0, 3);
  if (area === "000" || area === "666" || area[0] === "9") return false;
  return digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

/** Dutch BSN "elfproef": 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || digits === "000000000") return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * (digits.charCodeAt(i) - 48);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

/** German Steuer-IdNr: 11 digits, first not 0, ISO 7064 MOD 11,10 check digit. */
export function germanTaxIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (digits.charCodeAt(i) - 48 + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  let check = 11 - product;
  if (check === 10) check = 0;
  return check === digits.charCodeAt(10) - 48;
}

const NATIONAL_ID_DETECTORS: Detector[] = [
  {
    // US SSN, dashed.
    kind: "national_id",
    pattern: /(?<![\w-])\d{3}-\d{2}-\d{4}(?!\w|-\d)/g,
    replace: whole("national_id", (m) => validSsn(digitsOf(m[0]))),
  },
  {
    // US SSN after a keyword: compact or spaced too.
    kind: "national_id",
    pattern: /(\b(?:SSN|social security(?: number| no\.?| #)?)[^\d\n]{0,20}?)(\d{3}[ -]?\d{2}[ -]?\d{4})(?!\d|[ .,-]\d)/gi,
    replace: keepPrefix("national_id", (v) => validSsn(digitsOf(v))),
  },
  {
    // UK National Insurance number.
    kind: "national_id",
    pattern: /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g,
    replace: whole("national_id"),
  },
  {
    // Dutch BSN after a keyword on the same line.
    kind: "national_id",
    pattern:
      /(\b(?:BSN|burgerservicenummer|sofi-?nummer)[^\d\n]{0,25}?)(\d{4}\.\d{2}\.\d{3}|\d{3}[ .-]?\d{3}[ .-]?\d{3})(?!\d|[.,-]\d)/gi,
    replace: keepPrefix("national_id", (v) => bsnValid(digitsOf(v))),
  },
  {
    // Dutch BSN in its display format 1234.56.789 (no keyword needed).
    kind: "national_id",
    pattern: /(?<![\w.-])\d{4}\.\d{2}\.\d{3}(?!\w|[.-]\d)/g,
    replace: whole("national_id", (m) => bsnValid(digitsOf(m[0]))),
  },
  {
    // German Steuer-IdNr after a keyword.
    kind: "national_id",
    pattern:
      /(\b(?:Steuer-?ID(?:entifikationsnummer)?|Steuer-?IdNr\.?|Steuer-Identifikationsnummer|IdNr\.?|tax[ -]?ID)[^\d\n]{0,25}?)(\d{2} ?\d{3} ?\d{3} ?\d{3})(?!\d|[ .,-]\d)/gi,
    replace: keepPrefix("national_id", (v) => germanTaxIdValid(digitsOf(v))),
  },
];

// ---------------------------------------------------------------------------------------------------------
// Phones

const PHONE_MIN_DIGITS = 9;

/** International: +CC or 00CC, then digit groups separated by one space/dash/dot/slash, optional (0) trunk. */
const PHONE_INTL_RE =
  /(?<![\w+.])(?:\+|00)[1-9]\d{0,14}(?:[ .-]?\(\d{1,4}\)[ .-]?\d{1,12}|[ .\/-]\d{1,12}){0,8}(?!\d|\.\d)/g;

/** US/NANP: (555) 123-4567, 555-123-4567, 555.123.4567, 555 123 4567, 1-800-555-0199. */
const PHONE_US_RE = /(?<![\w+.-])(?:1[ .-])?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\w|[.-]\d)/g;

/** National with trunk 0 (UK, NL, DE, ...): 020 7946 0958, 06-12345678, 0612345678, (030) 1234567, 030/1234567. */
const PHONE_NATIONAL_RE =
  /(?<![\w+.\/-])(?:\(0[1-9]\d{0,4}\)[ -]?\d{1,12}|0[1-9]\d{0,11})(?:(?:[ \/-]| [\/-] )\d{1,12}){0,5}(?!\d|\.\d)/g;

/**
 * Phone candidates whose digit count is too high may be two numbers written next to each other
 * ("06 12345678 06 87654321"): cut before the first later group that starts a new trunk-0 number.
 */
function phoneReplacer(minDigits: number, maxDigits: (cand: string) => number): Replacer {
  return (m) => {
    const cand = m[0];
    const n = digitsOf(cand).length;
    const max = maxDigits(cand);
    if (n >= minDigits && n <= max) return { text: REDACTION_PLACEHOLDERS.phone };
    if (n > max) {
      const splitter = /[ \/-]+(?=0[1-9])/g;
      let s: RegExpExecArray | null;
      while ((s = splitter.exec(cand)) !== null) {
        const k = digitsOf(cand.slice(0, s.index)).length;
        if (k > max) break;
        if (k >= minDigits) return { text: REDACTION_PLACEHOLDERS.phone, consumed: s.index };
      }
    }
    return null;
  };
}

const PHONE_DETECTORS: Detector[] = [
  {
    kind: "phone",
    pattern: PHONE_INTL_RE,
    replace: phoneReplacer(PHONE_MIN_DIGITS, (c) => (/\(0\)/.test(c) ? 16 : 15)),
  },
  { kind: "phone", pattern: PHONE_US_RE, replace: whole("phone") },
  { kind: "phone", pattern: PHONE_NATIONAL_RE, replace: phoneReplacer(PHONE_MIN_DIGITS, () => 13) },
];

// ---------------------------------------------------------------------------------------------------------

const PIPELINE: readonly Detector[] = [
  PRIVATE_USE_ESCAPE,
  ...SECRET_DETECTORS,
  EMAIL_DETECTOR,
  IBAN_DETECTOR,
  DATE_TIME_SHIELD,
  ...CARD_DETECTORS,
  ...NATIONAL_ID_DETECTORS,
  ...PHONE_DETECTORS,
];
