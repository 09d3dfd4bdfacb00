import { describe, expect, it } from "vitest";
import { contextualQuery, isFollowUp, newlyNamedSystem, THREAD_QUESTION_WORDS } from "../../src/assistant/follow-up.ts";

const previous = ["can i paste customer emails into chatgpt?"];

describe("follow-ups in a thread", () => {
  it("an elliptical follow-up is completed from the thread's last question", () => {
    for (const text of ["and for Workday?", "what about the cost?", "why?", "who then?", "is that allowed for PHI?"]) {
      expect(isFollowUp(text), text).toBe(true);
      expect(contextualQuery(text, previous), text).toContain("customer emails");
    }
  });

  it("a complete question that starts with who / where / when / why is not elliptical", () => {
    for (const text of ["who approves a new AI tool?", "where do I request a ChatGPT seat?", "when does the security review start for a new vendor?"]) {
      expect(isFollowUp(text), text).toBe(false);
    }
  });

  it("a short message in a thread is searched with the thread's question; a long one stands on its own", () => {
    const thread = ["can you run an adoption check-in for my team? UK collections, 14 people"];
    const short = "When will I get the report, and may I share it with the site lead?";
    expect(short.split(/\s+/).length).toBeLessThanOrEqual(THREAD_QUESTION_WORDS);
    expect(contextualQuery(short, thread)).toContain("adoption check-in");
    const long = "Different topic: our procurement team wants to know whether supplier contracts with personal data of contact persons may be summarised in ChatGPT Enterprise";
    expect(long.split(/\s+/).length).toBeGreaterThan(THREAD_QUESTION_WORDS);
    expect(contextualQuery(long, thread)).toBe(long);
  });

  it("an earlier question that was not elliptical is not carried further back", () => {
    const thread = ["how long does a security review take?", "who signs off the data protection impact assessment for a new vendor in our EU entities?"];
    const q = contextualQuery("and for Workday?", thread);
    expect(q).toContain("data protection impact assessment");
    expect(q).not.toContain("security review take");
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
