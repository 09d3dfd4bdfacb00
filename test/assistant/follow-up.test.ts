import { describe, expect, it } from "vitest";
import { contextualQuery, isFollowUp, newlyNamedSystem } from "../../src/assistant/follow-up.ts";

const previous = ["can i paste customer emails into chatgpt?"];

describe("follow-ups in a thread", () => {
  it("an elliptical follow-up is completed from the thread's last question", () => {
    for (const text of ["and for Workday?", "what about the cost?", "why?", "who then?", "is that allowed for PHI?"]) {
      expect(isFollowUp(text), text).toBe(true);
      expect(contextualQuery(text, previous), text).toContain("customer emails");
    }
  });

  it("a complete question that starts with who / where / when / why stands on its own", () => {
    for (const text of ["who approves a new AI tool?", "where do I request a ChatGPT seat?", "when does the security review start for a new vendor?"]) {
      expect(isFollowUp(text), text).toBe(false);
      expect(contextualQuery(text, previous)).toBe(text);
    }
  });

  it("a follow-up naming a new system drops the old one from the carried question", () => {
    const q = contextualQuery("and for Workday?", ["how do I connect Salesforce to our assistant?"]);
    expect(q).toContain("Workday");
    expect(q).toContain("how do I connect");
    expect(q).not.toContain("Salesforce");
  });

  it("a follow-up of a follow-up carries the thread's subject, not only the last ellipsis", () => {
    const thread = ["how long does a security review take?", "and for Salesforce?"];
    const q = contextualQuery("what about Workday?", thread);
    expect(q).toContain("security review");
    expect(q).toContain("Workday");
    expect(q).not.toContain("Salesforce");
  });

  it("names the system a follow-up switches to, and nothing when it names none or the same one", () => {
    expect(newlyNamedSystem("and for Salesforce?", ["how long does a security review take?"])).toBe("salesforce");
    expect(newlyNamedSystem("and for Salesforce?", ["how do I connect Salesforce?"])).toBeUndefined();
    expect(newlyNamedSystem("what about the cost?", ["how do I connect Salesforce?"])).toBeUndefined();
    expect(newlyNamedSystem("who approves a Workday connector?", ["how long does a security review take?"])).toBeUndefined();
  });
});
