import { describe, expect, it } from "vitest";
import { decideScope, DOMAIN_INFLECTED, NOT_COVERED_FLOOR, NOTHING_OF_OURS_CUTOFF, NOT_COVERED_MIN_OUT_OF_SCOPE, OOS_INTENT_FLOOR, OUT_OF_SCOPE_CUTOFF, outOfScopeProbability, DEFAULT_CONFIDENCE_THRESHOLD } from "../../src/assistant/scope.ts";

const base = { intent: "question" as const, confidence: 0.35, domain: true, inThread: false, threshold: 0.35 };

describe("decideScope", () => {
  it("refuses an errand the intent model calls out of scope", () => {
    const d = decideScope({ ...base, intent: "out_of_scope", outOfScopeIntent: 0.9, domain: false, confidence: 0.1 });
    expect(d.action).toBe("refuse_out_of_scope");
    expect(d.outOfScope).toBeGreaterThanOrEqual(OUT_OF_SCOPE_CUTOFF);
  });

  it("weak retrieval alone never makes a question out of scope: the intent model must lean that way", () => {
    // Town-hall fears about AI: the intent model says question (P(out of scope) 0.36), retrieval is weak.
    const input = { ...base, outOfScopeIntent: 0.36, confidence: 0.3, specificCoverage: 0.6 };
    expect(outOfScopeProbability(input)).toBeGreaterThanOrEqual(OUT_OF_SCOPE_CUTOFF);
    expect(0.36).toBeLessThan(OOS_INTENT_FLOOR);
    expect(decideScope(input).action).toBe("answer_with_caveat");
  });

  it("a message naming nothing of the domain, outside a thread, is refused on the calibrated probability alone", () => {
    // "how do i make sourdough starter, my kid wants to try": the intent model says question (P(out of scope) 0.3).
    const errand = { ...base, domain: false, outOfScopeIntent: 0.3, confidence: 0.2, specificCoverage: 0.6 };
    expect(outOfScopeProbability(errand)).toBeGreaterThanOrEqual(OUT_OF_SCOPE_CUTOFF);
    expect(decideScope(errand).action).toBe("refuse_out_of_scope");
    // The same scores with an AI, tool or system word, in a thread, or for a check-in are not refused as out of scope.
    expect(decideScope({ ...errand, domain: true }).action).not.toBe("refuse_out_of_scope");
    expect(decideScope({ ...errand, inThread: true }).action).not.toBe("refuse_out_of_scope");
    expect(decideScope({ ...errand, intent: "checkin" }).action).not.toBe("refuse_out_of_scope");
    // Below the cut-off it is answered like any weakly matched question.
    const likely = { ...errand, outOfScopeIntent: 0.02, confidence: 0.6 };
    expect(outOfScopeProbability(likely)).toBeLessThan(OUT_OF_SCOPE_CUTOFF);
    expect(decideScope(likely).action).not.toBe("refuse_out_of_scope");
  });

  it("a message naming nothing of ours is refused from a lower calibrated probability (NOTHING_OF_OURS_CUTOFF) than the intent-backed cut-off", () => {
    // "what fx rate do we use for GBP at month-end close?": some passage shares its words, so the probability is moderate.
    const lookup = { ...base, domain: false, outOfScopeIntent: 0.3, confidence: 0.675, specificCoverage: 0.6 };
    const p = outOfScopeProbability(lookup);
    expect(p).toBeGreaterThanOrEqual(NOTHING_OF_OURS_CUTOFF);
    expect(p).toBeLessThan(OUT_OF_SCOPE_CUTOFF);
    expect(decideScope(lookup).action).toBe("refuse_out_of_scope");
    // With a word of the domain, in a thread, or asking for use cases it is answered.
    expect(decideScope({ ...lookup, domain: true }).action).not.toBe("refuse_out_of_scope");
    expect(decideScope({ ...lookup, inThread: true }).action).not.toBe("refuse_out_of_scope");
    expect(decideScope({ ...lookup, intent: "use_cases" }).action).not.toBe("refuse_out_of_scope");
  });

  it("the domain signal reads tool names with other languages' endings and typos, and AI in the employees' languages", () => {
    for (const text of ["czy mogę wkleić listę płac do Copilota?", "Wie bekomme ich Kopilot aufs Handy", "darf ich KI für Protokolle nutzen", "what can chat gpt do for AP"]) {
      expect(DOMAIN_INFLECTED.test(text), text).toBe(true);
    }
    for (const text of ["how do i make sourdough starter", "drucker in halle 3 druckt nur noch leere seiten", "anyone selling a bike?"]) {
      expect(DOMAIN_INFLECTED.test(text), text).toBe(false);
    }
  });

  it("a question whose specific words the passages barely contain is refused as not covered, not as out of scope", () => {
    const d = decideScope({ ...base, outOfScopeIntent: 0.2, confidence: 0.5, specificCoverage: NOT_COVERED_FLOOR / 2 });
    expect(d.action).toBe("refuse_not_covered");
  });

  it("a check-in request is answered (how to run one) even when no passage covers its words", () => {
    const input = { ...base, outOfScopeIntent: 0.1, confidence: 0.1, specificCoverage: 0.05 };
    expect(decideScope({ ...input, intent: "checkin" }).action).not.toBe("refuse_not_covered");
    expect(decideScope(input).action).toBe("refuse_not_covered");
  });

  it("when the intent model is sure the message is PartnerPilot's business, missing words get a caveat, not a refusal", () => {
    // "hoe lang worden mijn prompts bewaard in copilot?": the playbooks lack the Dutch words, not the subject.
    const input = { ...base, confidence: 0.2, specificCoverage: NOT_COVERED_FLOOR / 2 };
    expect(decideScope({ ...input, outOfScopeIntent: NOT_COVERED_MIN_OUT_OF_SCOPE / 2 }).action).toBe("answer_with_caveat");
    expect(decideScope({ ...input, outOfScopeIntent: NOT_COVERED_MIN_OUT_OF_SCOPE * 2 }).action).toBe("refuse_not_covered");
  });

  it("small talk is answered (greeted), whatever the scores", () => {
    expect(decideScope({ ...base, intent: "smalltalk", outOfScopeIntent: 0.95, domain: false, confidence: 0 }).action).toBe("answer");
  });
});

describe("the confidence threshold", () => {
  it("no longer makes a moderate match a weak one (0.2, was 0.35)", () => {
    expect(decideScope({ ...base, outOfScopeIntent: 0.01, confidence: 0.28, threshold: DEFAULT_CONFIDENCE_THRESHOLD }).action).toBe("answer");
    expect(decideScope({ ...base, outOfScopeIntent: 0.01, confidence: 0.15, threshold: DEFAULT_CONFIDENCE_THRESHOLD }).action).toBe("answer_with_caveat");
  });
});
