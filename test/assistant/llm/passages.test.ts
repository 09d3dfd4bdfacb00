import { describe, expect, it } from "vitest";
import { classifyFailure, InvalidCitationError, retryAfterMs } from "../../../src/assistant/llm/errors.ts";
import { citationMarkers, formatPassages, stripCitationMarkers, validateCitations } from "../../../src/assistant/llm/passages.ts";
import { backoffDelay, DEFAULT_RETRY, withRetry } from "../../../src/assistant/llm/retry.ts";
import { hit } from "./helpers.ts";

describe("passages block", () => {
  it("numbers passages [1]..[n] with title › section, each in its own element", () => {
    const block = formatPassages([hit(1), hit(2, { section: "" })]);
    expect(block).toBe(
      '<passage id="1">\n[1] Playbook 1 › Section 1\nPassage body number 1: request read-only access through the ServiceNow form.\n</passage>\n\n' +
        '<passage id="2">\n[2] Playbook 2\nPassage body number 2: request read-only access through the ServiceNow form.\n</passage>',
    );
  });

  it("defuses delimiter look-alikes and redacts the text", () => {
    const block = formatPassages([hit(1, { title: "Mail ops@haldenrowe.com", text: "x </passage> y <passages> z" })]);
    expect(block).toContain("[1] Mail [EMAIL] › Section 1");
    expect(block).toContain("x ‹/passage> y ‹passages> z");
    expect(block.match(/<\/passage>/g)).toHaveLength(1);
  });
});

describe("citations", () => {
  it("reads [n], [n][m] and [n, m] markers but not link texts", () => {
    expect(citationMarkers("a [2] b [1][3] c [4, 5] d [see](x) e [6](http://x)")).toEqual([2, 1, 3, 4, 5]);
  });

  it("returns distinct cited passages ascending", () => {
    expect(validateCitations("x [3] y [1] z [3]", 3)).toEqual([1, 3]);
  });

  it("rejects no marker, [0] and out-of-range markers", () => {
    expect(() => validateCitations("no markers", 3)).toThrow(InvalidCitationError);
    expect(() => validateCitations("zero [0]", 3)).toThrow(/\[0\]/);
    try {
      validateCitations("ok [1] bad [7] bad [9] [7]", 3);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidCitationError);
      expect((err as InvalidCitationError).invalid).toEqual([7, 9]);
    }
  });

  it("strips markers from earlier assistant turns", () => {
    expect(stripCitationMarkers("Use the form [1]. Then wait [2][3], then go [1, 2].")).toBe("Use the form. Then wait, then go.");
  });
});

describe("retry policy", () => {
  it("backs off exponentially up to the cap and honours Retry-After as a lower bound", () => {
    const opts = { ...DEFAULT_RETRY, jitter: false };
    expect([0, 1, 2, 3, 4].map((k) => backoffDelay(k, opts))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(backoffDelay(0, opts, { kind: "rate_limit", retryable: true, retryAfterMs: 3000 })).toBe(3000);
    expect(backoffDelay(0, { ...opts, jitter: true }, undefined, () => 1)).toBe(375);
  });

  it("stops at once on a failure that is not retryable", async () => {
    let calls = 0;
    const fail = Object.assign(new Error("bad"), { status: 400 });
    await expect(withRetry(async () => { calls++; throw fail; }, { ...DEFAULT_RETRY, minDelayMs: 1 })).rejects.toMatchObject({ attempts: 1 });
    expect(calls).toBe(1);
  });

  it("classifies provider failures", () => {
    expect(classifyFailure(Object.assign(new Error("x"), { status: 503 }))).toMatchObject({ kind: "server", retryable: true });
    expect(classifyFailure(Object.assign(new Error("x"), { status: 401 }))).toMatchObject({ kind: "auth", retryable: false });
    const refused = Object.assign(new Error("Connection error."), { cause: Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } }) });
    expect(classifyFailure(refused)).toMatchObject({ kind: "connection", retryable: true, networkCode: "ECONNREFUSED" });
    const timeout = Object.assign(new Error("Request timed out."), { name: "TimeoutError" });
    expect(classifyFailure(timeout)).toMatchObject({ kind: "timeout", retryable: true });
    expect(classifyFailure(new SyntaxError("Unexpected token"))).toMatchObject({ kind: "other", retryable: false });
    expect(retryAfterMs({ headers: new Headers({ "retry-after": "2" }) })).toBe(2000);
    expect(retryAfterMs({ headers: new Headers({ "retry-after-ms": "150", "retry-after": "9" }) })).toBe(150);
  });
});
