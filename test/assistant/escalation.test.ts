import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CRITERIA, decideEscalation, DEFAULT_THRESHOLDS, type EscalationCriterion, extractFacts, partnerRouteLead } from "../../src/assistant/escalation.ts";
import { SHIPPED_KNOWLEDGE } from "../support/fixtures-knowledge.ts";

const DOC = readFileSync(path.join(SHIPPED_KNOWLEDGE, "partners", "when-to-engage-a-partner.md"), "utf8");
const H2 = DOC.split("\n").filter((l) => l.startsWith("## ")).map((l) => l.slice(3).trim());
const KEYS = Object.keys(CRITERIA) as EscalationCriterion[];

/** The section of the document under a `## ` heading, up to the next `## `. */
function section(heading: string): string {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  if (start < 0) return "";
  const rest = DOC.slice(start + heading.length + 5);
  const end = rest.indexOf("\n## ");
  return end < 0 ? rest : rest.slice(0, end);
}

/** The bullet items after a bold label (e.g. "**Qualifies:**") in a section, with surrounding quotes removed. */
function bullets(text: string, label: RegExp): string[] {
  const at = text.search(label);
  if (at < 0) return [];
  const out: string[] = [];
  for (const line of text.slice(at).split("\n").slice(1)) {
    if (line.startsWith("- ")) out.push(line.slice(2).trim().replace(/^"(.*)"$/, "$1"));
    else if (line.trim() !== "" && out.length > 0) break;
  }
  return out;
}

function criteriaOf(text: string, history?: string[]): EscalationCriterion[] {
  return decideEscalation({ text, history }).criteria;
}

describe("CRITERIA and knowledge/partners/when-to-engage-a-partner.md agree", () => {
  it("every criterion's heading is a ## heading of the playbook", () => {
    for (const key of KEYS) expect(H2, key).toContain(CRITERIA[key].heading);
  });

  it("the playbook defines exactly the criteria the code applies (five)", () => {
    const documented = H2.filter((h) => /^Criterion \d+:/.test(h));
    expect(documented).toHaveLength(5);
    expect([...documented].sort()).toEqual(KEYS.map((k) => CRITERIA[k].heading).sort());
  });

  it("every criterion has a distinct, non-empty reason", () => {
    const reasons = KEYS.map((k) => CRITERIA[k].reason);
    for (const r of reasons) expect(r.length).toBeGreaterThan(20);
    expect(new Set(reasons).size).toBe(reasons.length);
  });

  // Criteria 1-4 are decided on the message text: the playbook's own examples are the test cases.
  const textCriteria = KEYS.filter((k) => k !== "low_confidence_repeat");
  const qualifying = textCriteria.flatMap((key) => bullets(section(CRITERIA[key].heading), /\*\*Qualifies:\*\*/).map((b) => [key, b] as const));
  const nearMisses = textCriteria.flatMap((key) =>
    bullets(section(CRITERIA[key].heading), /\*\*Does not qualify[^*]*\*\*/).map((b) => [key, b] as const),
  );

  it("the playbook lists qualifying examples and near-misses for each criterion", () => {
    for (const key of textCriteria) {
      expect(qualifying.filter(([k]) => k === key).length, key).toBeGreaterThanOrEqual(3);
      expect(nearMisses.filter(([k]) => k === key).length, key).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(qualifying)("%s qualifies: %s", (key, example) => {
    expect(criteriaOf(example)).toContain(key);
  });

  it.each(nearMisses)("%s near-miss does not qualify: %s", (key, example) => {
    expect(criteriaOf(example)).not.toContain(key);
  });
});

describe("decideEscalation: Criterion 1, custom integration with a system of record", () => {
  it.each([
    "Can we build an agent that creates purchase requisitions in SAP from Teams messages?",
    "We need a two-way sync between Zendesk tickets and our Azure OpenAI triage bot",
    "Our bot should automatically update ServiceNow incidents with a suggested fix",
    "We want GPT to write case summaries back into Service Cloud automatically",
    // Asked as "can I use …", writing into the system is still partner work (the criteria page: any write).
    "hello, can i use copilot to read supplier invoices pdf and put the data in SAP? we get around 3000 a month",
  ])("qualifies: %s", (text) => {
    expect(criteriaOf(text)).toContain("custom_integration");
  });

  it.each([
    "How do I use the SAP connector in ChatGPT?",
    "Which permissions does a read-only Salesforce Connected App need?",
    "Can I export a Workday report and ask ChatGPT Enterprise to summarise it?",
    "How do I switch on Now Assist summaries in ServiceNow?",
    "how do i hook zendesk up to the approved AI tool, is there a connector or do i need to raise a ticket w IT",
  ])("near-miss: %s", (text) => {
    expect(criteriaOf(text)).not.toContain("custom_integration");
  });

  it("takes the system of record from earlier messages of the thread", () => {
    const text = "We want it to write the summaries back automatically";
    expect(criteriaOf(text)).not.toContain("custom_integration");
    expect(criteriaOf(text, ["How do we connect our AI assistant to Zendesk?"])).toContain("custom_integration");
  });
});

describe("decideEscalation: Criterion 2, regulated or highly sensitive data", () => {
  it.each([
    "We want to summarise service tickets that include patient names and MRNs for our US hospital customers",
    "Can AI score lease applications for H&R Financial Services?",
    "Analyse sickness absence data for the whole Wroclaw shared service centre",
    // Data in bulk without a record count: an export, a table, a monthly flow, a model over it.
    "Workday export with salaries, can I upload it to ChatGPT Enterprise to find anomalies vs last month? File has PESEL numbers.",
    "Is Snowflake Cortex approved? We want to run LLM functions over the Zendesk ticket table; it has member IDs and dates of birth.",
    "Can I use Copilot in Excel to build a model that predicts default on our lease book?",
    // Analysing many people's records is bulk however it is asked: trends, anomalies, per department, a salary list.
    "can I use AI to analyse our incident reports for trends? they contain names of injured employees and medical details",
    "can I put payslip data into M365 Copilot to spot month-over-month anomalies?",
    "kan copilot bij workday data? headcount en verzuim per afdeling",
    "Is allowed to put employee salary list into ChatGPT Enterprise for make summary by cost center?",
  ])("qualifies: %s", (text) => {
    expect(criteriaOf(text)).toContain("sensitive_data");
  });

  it.each([
    "What counts as PHI?",
    "May I paste a patient name into ChatGPT?",
    "Am I allowed to put PHI from a hospital service ticket into Copilot?",
    "Summarise anonymised failure counts per device model for the hospital segment",
    "Can I ask Copilot about my own leave balance?",
    "<@U02LM8QZ7> and I are arguing 😂 can agents paste screenshots of ServiceNow tickets into ChatGPT if we blur the patient name?",
    "can i paste one supplier invoice with an IBAN into ChatGPT to read the PO number?",
    "Can I use Copilot to tidy up the incident report I wrote about my own injury last week?",
    "copilot showed someone a salary spreadsheet in an answer?!? how is that even possible",
  ])("near-miss (policy question, anonymised data, own record): %s", (text) => {
    expect(criteriaOf(text)).not.toContain("sensitive_data");
  });
});

describe("decideEscalation: Criterion 3, multi-team, multi-country or organisation-wide rollout", () => {
  it.each([
    "We want to roll out Microsoft 365 Copilot to 2,000 people across the Netherlands, Germany, Poland and the UK",
    "We're planning to roll out ChatGPT Enterprise to 250 users in finance",
    "Rolling out Copilot company-wide next quarter",
    "Deploying ChatGPT Enterprise in Germany and Poland",
  ])("qualifies: %s", (text) => {
    expect(criteriaOf(text)).toContain("large_rollout");
  });

  it.each([
    "Copilot will be rolled out across the company next quarter",
    "We want to roll it out to all staff across the company",
  ])("qualifies whatever the tense or word order of 'roll out': %s", (text) => {
    expect(criteriaOf(text)).toContain("large_rollout");
  });

  it("qualifies when the rollout needs works council consultation (the rule names it)", () => {
    expect(criteriaOf("Our Copilot rollout needs works council consultation with the German Betriebsrat")).toContain("large_rollout");
  });

  it.each([
    "We're planning to roll out ChatGPT Enterprise to 249 users in finance",
    "I want to pilot Copilot with my own team of 12 people in Rotterdam",
    "How do I get a ChatGPT Enterprise seat for myself?",
    "I'm running a one-hour prompt training for 30 colleagues in Manchester",
    "Understood. And if the works council says no, can we still run the pilot in NL and PL only?",
  ])("near-miss: %s", (text) => {
    expect(criteriaOf(text)).not.toContain("large_rollout");
  });
});

describe("extractFacts: languages are not countries", () => {
  it.each([
    ["We're rolling out training modules and translating them into PL, DE, NL and ES", 0],
    ["we're rolling out content in EN/NL/DE to our team of 3", 0],
    // One country: the office's (Kraków, Poland), not the two languages.
    ["We're rolling out the trainings in German and Polish to the Kraków office", 1],
    ["We're rolling out Copilot to our German and Dutch sites", 2],
    ["We're rolling out lead scoring across DE/NL/UK/US", 4],
    ["We're rolling out Copilot in Germany and Poland", 2],
  ])("%s: %d countries", (text, countries) => {
    expect(extractFacts(text).countries).toBe(countries);
  });

  it("a rollout whose only spread is the languages of its material is no multi-country rollout", () => {
    expect(criteriaOf("We're rolling out new onboarding modules for our L&D team of 6 and translating them into DE, NL and PL")).not.toContain("large_rollout");
    expect(criteriaOf("We're rolling out new onboarding modules to our teams in Germany, the Netherlands and Poland")).toContain("large_rollout");
  });
});

describe("decideEscalation: the criteria the thread was recommended a partner on", () => {
  it("hold for a follow-up however many turns ago their facts were said", () => {
    const r = decideEscalation({
      text: "ok and what does it cost?",
      history: ["we want AI to write invoices into SAP for 300 users in DE and PL", "and how long would that take?"],
      threadCriteria: ["custom_integration", "large_rollout"],
      intent: "question",
    });
    expect(r.recommended).toBe(true);
    expect(r.criteria).toEqual(expect.arrayContaining(["custom_integration", "large_rollout"]));
    // Without them, the last question alone carries nothing.
    expect(decideEscalation({ text: "ok and what does it cost?", history: ["we want AI to write invoices into SAP for 300 users in DE and PL", "and how long would that take?"], intent: "question" }).recommended).toBe(false);
  });

  it("never carry criterion 5 or an unknown criterion, and never make small talk a partner case", () => {
    const r = decideEscalation({ text: "ok and what does it cost?", threadCriteria: ["low_confidence_repeat", "made_up"], intent: "question" });
    expect(r.criteria).toEqual([]);
    expect(decideEscalation({ text: "thanks!", threadCriteria: ["custom_integration"], intent: "smalltalk" }).recommended).toBe(false);
  });
});

describe("extractFacts: a number in a product's name counts no one", () => {
  it.each([
    "how many M365 copilot licenses do we have left and how do i request one for a user",
    "we want Microsoft 365 Copilot licenses for our sales team",
    "does Office 365 E5 include copilot seats?",
  ])("%s", (text) => {
    expect(extractFacts(text).users).toBeUndefined();
    expect(decideEscalation({ text, intent: "question" }).criteria).not.toContain("large_rollout");
  });

  it.each([
    ["Microsoft 365 Copilot for 400 users in sales", 400],
    ["about 1,200 employees on M365", 1200],
    ["(250 users)", 250],
  ])("a head count beside it is still read: %s", (text, users) => {
    expect(extractFacts(text).users).toBe(users);
  });
});

describe("decideEscalation: an adoption check-in is not itself a rollout", () => {
  it("a check-in for one team that spans countries or sites does not escalate on criterion 3", () => {
    const text = "Hello, I lead AR team in Kraków (19 people, we collect for NL, DE, UK, ES) and we are introducing Copilot. Could you run an adoption check-in for us?";
    expect(decideEscalation({ text }).criteria).toContain("large_rollout");
    expect(decideEscalation({ text, intent: "checkin" }).criteria).not.toContain("large_rollout");
  });

  it("check-ins for the whole organisation, or for 250 people or more, still do", () => {
    for (const text of [
      "I want monthly adoption check-ins for every team in all five countries as part of the company-wide rollout, can you set that up?",
      "Please run an ADKAR check-in for the 400 technicians in DE and NL who got Copilot last month",
    ]) expect(decideEscalation({ text, intent: "checkin" }).criteria).toContain("large_rollout");
  });
});

describe("decideEscalation: the intent model's reading that a message asks how things work", () => {
  it("keeps a rule question self-service even when its wording rules miss it; a planned project still escalates", () => {
    const question = "our unit handles patient records, what does the AI policy say about PHI in chatgpt";
    expect(decideEscalation({ text: question, questionProbability: 0.1 }).criteria).toContain("sensitive_data");
    expect(decideEscalation({ text: question, questionProbability: 0.8 }).criteria).toEqual([]);
    const plan = "We would like to roll out an AI assistant that reads patient records for 400 nurses";
    expect(decideEscalation({ text: plan, questionProbability: 0.8 }).criteria).toContain("sensitive_data");
  });

  it("keeps a question about connecting to a system self-service, unless it has AI write into the system", () => {
    const reads = "if SFDC data already lands in Snowflake, can a GPT hook into it there for territory planning?";
    expect(decideEscalation({ text: reads, questionProbability: 0.1 }).criteria).toContain("custom_integration");
    expect(decideEscalation({ text: reads, questionProbability: 0.8 }).criteria).not.toContain("custom_integration");
    const writes = "could it write the dunning notes straight into SAP on the customer account?";
    expect(decideEscalation({ text: writes, questionProbability: 0.8 }).criteria).toContain("custom_integration");
  });
});

describe("decideEscalation: Criterion 4, explicit request for an expert, partner, SOW or budget", () => {
  it("the intent model's reading that a message asks for a partner counts as the request, where the phrases miss it", () => {
    const text = "we're planning an AI email engine for four markets. could you line us up with one of the firms in the programme?";
    expect(decideEscalation({ text, partnerRequestProbability: 0.2 }).criteria).not.toContain("explicit_request");
    expect(decideEscalation({ text, partnerRequestProbability: 0.8 }).criteria).toContain("explicit_request");
    // Asking how the partner programme works stays a question, whatever the model leans to.
    expect(decideEscalation({ text: "How do partner tiers work?", partnerRequestProbability: 0.9 }).criteria).not.toContain("explicit_request");
  });

  it.each([
    "Can you connect me with a partner who knows SAP and AI?",
    "We have about €60,000 budget for this; who can build it?",
    "Can a partner send us a statement of work for a pilot?",
    "I need a consultant to help us design a service-report assistant.",
    "Could we get a rough estimate from an implementation partner for the Copilot rollout?",
    "We need a partner for the SAP agent, can you find one?",
    // Other forms of the same ask: a third person's, outside help, a German compound.
    "my boss wants a consultancy to look at AI for the warehouse",
    "we want to roll out AI across the DC and need outside help. who do we go to?",
    "Wir brauchen einen Implementierungspartner für SAP Joule im Controlling. Wie läuft das?",
  ])("qualifies: %s", (text) => {
    expect(criteriaOf(text)).toContain("explicit_request");
  });

  it.each([
    "How do partner tiers work?",
    "How does the referral process work?",
    "How much does a Copilot licence cost?",
    "Who is the AI champion in the Chicago office?",
    "can ai-generated prices go straight into a customer quote or do we need a double check?",
    "can contractors and temps get chatgpt enterprise licenses? we have 20 agency techs in the US",
    "do we need a partner for a 30 person pilot? feels like overkill",
    "who's our contact for partner referrals now?",
    "who do i ask about AI training budget for my team",
    // What partners charge in general is a question about the programme (labelled so since sets H and I); a quote
    // for one's own project (above) is a request.
    "how much does a partner engagement usually cost, ballpark?",
    "How much do certified partners typically charge? Day rates or fixed price?",
    // Asking which needs a partner is asking whether the criteria apply (test/eval/README.md's convention).
    "we listed 23 use cases. Can you tell me which ones need a partner and which ones we can do ourselves?",
    "Just tell her what we're allowed to do and whether we need a partner. Thx",
    "is there already an approved solution or we need partner?",
    "do we need outside help for a 20 person pilot or can IT do it?",
    "before we get any partner, can we at least test with 50 tickets manually? anonymised ofc",
    // A statement of work named in a question about contracts or planning is not a request for one.
    "We are about to sign a SOW with a certified partner. Is there a framework agreement or do we need a tender?",
    "Can you give me a timeline template for an AI integration with a partner (request, review, SOW, build, go-live)?",
  ])("near-miss: %s", (text) => {
    expect(criteriaOf(text)).not.toContain("explicit_request");
  });
});

describe("decideEscalation: Criterion 5, repeated low confidence in the same thread", () => {
  const text = "How do we get a niche Databricks to SAP data flow working?";

  it("qualifies on the second low-confidence answer of a thread", () => {
    const r = decideEscalation({ text, lowConfidence: true, earlierLowConfidence: 1 });
    expect(r.criteria).toContain("low_confidence_repeat");
    expect(r.reasons).toContain(CRITERIA.low_confidence_repeat.reason);
    expect(r.recommended).toBe(true);
  });

  it("does not qualify on a single low-confidence answer, or when this answer is confident", () => {
    expect(decideEscalation({ text, lowConfidence: true, earlierLowConfidence: 0 }).criteria).not.toContain("low_confidence_repeat");
    expect(decideEscalation({ text, lowConfidence: true }).criteria).not.toContain("low_confidence_repeat");
    expect(decideEscalation({ text, lowConfidence: false, earlierLowConfidence: 3 }).criteria).not.toContain("low_confidence_repeat");
  });

  it.each(["out_of_scope", "smalltalk"])("%s messages never escalate, whatever they say", (intent) => {
    const r = decideEscalation({ text: "Can you connect me with a partner who knows SAP and AI?", lowConfidence: true, earlierLowConfidence: 2, intent });
    expect(r).toEqual({ recommended: false, criteria: [], reasons: [] });
  });
});

describe("decideEscalation: the decision as a whole", () => {
  it("a plain question escalates on nothing", () => {
    expect(decideEscalation({ text: "What is ADKAR?" })).toEqual({ recommended: false, criteria: [], reasons: [] });
  });

  it("lists every criterion that applies, each with its reason, in the same order", () => {
    const r = decideEscalation({
      text: "We need a partner to build a custom integration that writes AI summaries into Salesforce cases with patient data, for all field service teams across the company",
    });
    expect(r.criteria).toEqual(expect.arrayContaining(["custom_integration", "sensitive_data", "explicit_request"]));
    expect(r.reasons).toEqual(r.criteria.map((c) => CRITERIA[c].reason));
    expect(r.recommended).toBe(true);
  });
});

describe("escalation in a thread", () => {
  it("a follow-up keeps the criteria its thread's last question met", () => {
    const history = ["We're rolling Copilot out to 1,400 people in Germany, the Netherlands and the UK next quarter."];
    expect(criteriaOf(history[0]!)).toContain("large_rollout");
    expect(criteriaOf("ok, and what training do people need before their licence is switched on?", history)).toContain("large_rollout");
    // Without that thread, the same follow-up is an ordinary question.
    expect(criteriaOf("ok, and what training do people need before their licence is switched on?")).toEqual([]);
  });

  it("the employee saying an answer did not help counts as a failed answer, but only after a real answer", () => {
    const base = { text: "that didn't answer it, which grant is missing for the service principal?", history: ["how do I give the model access to the inference table?"] };
    expect(decideEscalation({ ...base, earlierAnswers: 1, lowConfidence: false }).criteria).toContain("low_confidence_repeat");
    // After small talk or an out-of-scope reply there was no answer to fail.
    expect(decideEscalation({ ...base, earlierAnswers: 0, lowConfidence: false }).criteria).not.toContain("low_confidence_repeat");
    // Two low-confidence answers without any complaint still qualify; one does not.
    expect(decideEscalation({ text: "and for Databricks?", history: ["x"], earlierAnswers: 1, earlierLowConfidence: 1, lowConfidence: true }).criteria).toContain("low_confidence_repeat");
    expect(decideEscalation({ text: "and for Databricks?", history: ["x"], earlierAnswers: 1, earlierLowConfidence: 0, lowConfidence: true }).criteria).not.toContain("low_confidence_repeat");
  });

  it("a policy question is not a project, unless it also plans one", () => {
    expect(criteriaOf("does it count as PHI if the photo only shows the device serial number?")).toEqual([]);
    expect(criteriaOf("Is it allowed to have AI pull card numbers out of customer emails? We'd like to set this up for the UK desk")).toContain("sensitive_data");
    expect(criteriaOf("how long does a works council consultation usually take in Germany?")).toEqual([]);
  });

  it("writing into a system of record is custom integration work; reading how a connector works is not", () => {
    expect(criteriaOf("have Azure OpenAI write the closure notes and save them straight into the ServiceNow work order")).toContain("custom_integration");
    expect(criteriaOf("sales wants the Snowflake lead scores to show up on the lead record in Salesforce every morning")).toContain("custom_integration");
    expect(criteriaOf("how do I turn on the Copilot connector for Salesforce?")).toEqual([]);
  });

  it("asking for a person to talk to is an explicit request, in many phrasings", () => {
    for (const text of [
      "do you know any partner firm that's good with SAP and generative AI? would like an intro",
      "can u hook me up w/ someone who does databricks stuff",
      "is there an expert I could speak to about our RAG evaluation?",
      "Budget's approved, about 60k EUR. Who can actually build it?",
      "Can you set up a call with a premier partner about a dispatch assistant?",
    ]) expect(criteriaOf(text), text).toContain("explicit_request");
    expect(criteriaOf("what partner tiers are there?")).toEqual([]);
  });
});

describe("escalation wording", () => {
  it("saying you do not want a partner is not a request for one", () => {
    expect(criteriaOf("I do NOT want a partner, just tell me which scopes the Slack bot needs")).not.toContain("explicit_request");
    expect(criteriaOf("what scopes does a slack bolt bot need to answer when someone mentions it?")).toEqual([]);
    expect(criteriaOf("do you know a good SAP + AI integrator you can put me in touch with?")).toContain("explicit_request");
    for (const text of [
      "I don't think we need a partner for this, just tell me the rules",
      "I'm not looking for a partner, I want to know the data rules",
      "Any experts in our company who use ChatGPT for Excel formulas?",
      "We have partners in sales who want to use Copilot",
    ]) expect(criteriaOf(text), text).not.toContain("explicit_request");
  });

  it("several named teams at once is a multi-team rollout; asking how long the works council takes is not", () => {
    expect(criteriaOf("how do we introduce ChatGPT Enterprise for the finance, HR and procurement teams in Rotterdam at the same time?")).toContain("large_rollout");
    expect(criteriaOf("wie lange dauert das normally with the Betriebsrat for a new AI tool?")).toEqual([]);
  });

  it("read-only access is not custom integration work; an 'open' adjective is not opening a ticket", () => {
    expect(criteriaOf("what permissions does a read-only Salesforce integration user need for our summary pilot?")).toEqual([]);
    expect(criteriaOf("I exported the open requisitions report from Workday - can I just ask ChatGPT Enterprise which ones look stale?")).toEqual([]);
    expect(criteriaOf("how would we push the lead scores from our Snowflake model into Salesforce opportunity fields every night?")).toContain("custom_integration");
  });
});

describe("partnerRouteLead: why it is partner work, in the criteria page's rules", () => {
  it("names the rule each criterion was met on, with the page's thresholds, and never reads the request back", () => {
    const lead = partnerRouteLead(["custom_integration", "large_rollout", "explicit_request"], ["AI should write the call notes into Salesforce for 400 reps in DE and NL"]);
    expect(lead).toBe(
      'This is work for a certified implementation partner: any write to a system of record is partner work (Criterion 1); a rollout that reaches at least 250 users and users in at least 2 countries (Criterion 3). Choose "Talk to a partner" to draft the request.',
    );
    expect(lead).not.toContain(CRITERIA.explicit_request.short);
  });

  it("takes the numbers from the thresholds it is given, and a fact from the thread's earlier question", () => {
    const lead = partnerRouteLead(["large_rollout"], ["we are rolling out copilot to 120 people in the finance, HR and procurement teams", "and who runs the training?"], { ...DEFAULT_THRESHOLDS, rolloutMinTeams: 2, rolloutMinUsers: 100 });
    expect(lead).toContain("a rollout that reaches at least 100 users and at least 2 teams (Criterion 3)");
  });

  it("falls back to the criterion in a few words when the messages state no number, and to the route alone for a bare request", () => {
    expect(partnerRouteLead(["large_rollout", "sensitive_data"], ["company-wide AI rollout with PHI"])).toContain(
      `${CRITERIA.large_rollout.short} (Criterion 3); ${CRITERIA.sensitive_data.short} (Criterion 2)`,
    );
    expect(partnerRouteLead(["custom_integration"], ["we need a custom connector between Jira and our model"])).toContain(`${CRITERIA.custom_integration.short} (Criterion 1)`);
    expect(partnerRouteLead(["explicit_request"], ["find me a partner"])).toMatch(/^A certified implementation partner can take this on\. Choose "Talk to a partner"/);
  });
});

describe("escalation in the company's working languages (German, Dutch, Polish)", () => {
  it("counts countries named in German, Dutch or Polish", () => {
    expect(extractFacts("KI für die Einsatzplanung, 48 Techniker in Süddeutschland und Österreich").countries).toBe(2);
    expect(extractFacts("we rollen dit uit in Nederland, Duitsland en België").countries).toBe(3);
    expect(extractFacts("zespoły w Polsce? nie, tylko Polska i Niemcy").countries).toBe(2);
    // "de" and "us" in lowercase are words, not country codes, in any language.
    expect(extractFacts("wir nutzen das in de Abteilung für us alle").countries).toBe(0);
  });

  it("reads salaries, absence and patient data in those languages as sensitive", () => {
    for (const text of [
      "mag ik salarisgegevens in copilot gebruiken om een afwijkingsrapport te maken? zo'n 300 medewerkers",
      "kan copilot bij workday data? headcount en verzuim per afdeling, alles uit WD",
      "czy mogę wrzucić export z WD z wynagrodzeniami do ChatGPT? ~1,200 rows",
      "wir wollen die Gehälter aus dem Workday-Export mit KI prüfen, alle 400 Mitarbeiter",
    ]) expect(criteriaOf(text), text).toContain("sensitive_data");
  });

  it("reads a write-back in those languages as integration work, and 'read only' as none", () => {
    expect(criteriaOf("czy możemy podłączyć azure openai do SAP i zapisywać wyniki z powrotem w S/4?")).toContain("custom_integration");
    expect(criteriaOf("we want AI to score suppliers and be writing results back to the S/4 vendor master")).toContain("custom_integration");
    expect(criteriaOf("kan ik Copilot koppelen aan ons incidentensysteem in ServiceNow? alleen lezen, niks terugschrijven")).not.toContain("custom_integration");
  });

  it("reads a head count in the words people use for their colleagues, in the company's languages", () => {
    for (const [text, users] of [
      ["we need a plan for 320 operators on three shifts", 320],
      ["ongeveer 280 medewerkers in het DC", 280],
      ["für rund 450 MA im Werk", 450],
      ["szkolenie dla 260 pracowników", 260],
      ["~300 participants last quarter", 300],
    ] as const) expect(extractFacts(text).users, text).toBe(users);
  });

  it("reads a team wanting an AI tool, or looking at one, as a plan: sensitive data in it is partner work even when asked as a question", () => {
    expect(criteriaOf("our underwriting team wants an AI model that pre-scores lease applications, what do we need?")).toContain("sensitive_data");
    expect(criteriaOf("we're looking at a vendor tool that reads patient intake forms, who needs to approve that?")).toContain("sensitive_data");
    expect(criteriaOf("what counts as patient data?")).not.toContain("sensitive_data");
  });

  it("reads a rollout planned in German, Dutch or Polish, teams counted with a word between, and N-site rollouts", () => {
    expect(criteriaOf("Wir wollen Copilot für 80 Leute in DE und AT einführen, was müssen wir beachten?")).toContain("large_rollout");
    expect(criteriaOf("we willen copilot uitrollen voor de DC's in NL en DE, hoe pakken we dat aan?")).toContain("large_rollout");
    expect(extractFacts("requests from 4 separate teams for the same chatbot").teams).toBe(4);
    expect(criteriaOf("what does a 6-site rollout of chatgpt need from us?")).toContain("large_rollout");
    // A check-in measures a team; three teams (the criteria page's threshold) are a programme.
    expect(decideEscalation({ text: "please run a check-in for the collections, billing and credit teams after the Copilot rollout", intent: "checkin" }).criteria).toContain("large_rollout");
    expect(decideEscalation({ text: "please run a check-in for my team of 14 in Rotterdam and Venlo after the Copilot rollout", intent: "checkin" }).criteria).not.toContain("large_rollout");
  });

  it("counts the countries that cities name: two cities of one country are one, of two countries two", () => {
    expect(extractFacts("18 planners in Madrid and Lisbon").countries).toBe(2);
    expect(extractFacts("about 300 people across Berlin, Hamburg and Munich").countries).toBe(1);
    expect(extractFacts("the AP teams in Wrocław and Manchester").countries).toBe(2);
    expect(criteriaOf("we want to roll out Copilot to the service desks in Kraków and Dublin")).toContain("large_rollout");
    expect(criteriaOf("we want to roll out Copilot to the service desks in Kraków and Warsaw, 40 people")).not.toContain("large_rollout");
  });

  it("reads the AI writing into a system of record as integration work however it is asked, and a person doing it as none", () => {
    for (const text of [
      "could copilot take the delivery notes from email and post them in S/4 for us?",
      "we'd like an agent that reads supplier PDFs and then enters the amounts into SAP, is that possible?",
      "kan een bot de bestellingen automatisch in SAP zetten?",
      "Gesprächsnotizen sollen von der KI direkt in Salesforce eingetragen werden, geht das?",
      "meeting summaries auto-logged into Salesforce for 12 reps: can we do that ourselves?",
    ]) expect(criteriaOf(text), text).toContain("custom_integration");
    for (const text of [
      "I spend fridays updating delivery dates in S/4 by hand, what could AI do for me?",
      "can we add the AI training course to our learning plan in Workday?",
      "my team wants training on copilot, can we book a session in workday?",
    ]) expect(criteriaOf(text), text).not.toContain("custom_integration");
  });

  it("reads a request for a partner in those languages, and a plan to work with one", () => {
    for (const text of [
      "Wir möchten KI im Recruiting einführen. Könnt ihr uns einen Partner vermitteln?",
      "we willen een externe partij inschakelen voor de planning",
      "potrzebujemy partnera do wdrożenia w SAP",
      "we want to pilot AI forecasting on our 2,300 SKUs with a partner, 3 months",
    ]) expect(criteriaOf(text), text).toContain("explicit_request");
    expect(criteriaOf("and if we do it through a partner, who picks the partner, us or the partner management office?")).not.toContain("explicit_request");
  });
});

describe("escalation: questions about a topic and proposals of a use", () => {
  it("naming adoption, training or licences across the company in a question is not planning a rollout", () => {
    for (const text of [
      "how are we measuring AI adoption company-wide? is it just license usage or also ADKAR scores per team",
      "For the exec board next month I need 3-4 numbers on AI adoption across the group. What do we actually measure today?",
    ]) expect(criteriaOf(text), text).not.toContain("large_rollout");
    expect(criteriaOf("we want to roll out Copilot to the finance teams in Poland, Germany and the UK next quarter")).toContain("large_rollout");
  });

  it("asking whether AI could do a task on sensitive data proposes that use; asking what a policy covers does not", () => {
    for (const text of [
      "EHS Rotterdam. Can AI read our incident reports and flag trends? They contain names of injured employees.",
      "Denial letters from payers: could AI draft the appeal letters? They include patient name, DOB, member ID.",
    ]) expect(criteriaOf(text), text).toContain("sensitive_data");
    expect(criteriaOf("what counts as PHI under our policy for service tickets?")).not.toContain("sensitive_data");
    expect(criteriaOf("can chatgpt help me make the weekly route plan for our drivers?? no patient names just zip codes")).not.toContain("sensitive_data");
  });
});

describe("escalation: sensitive data said to be absent", () => {
  it("a negated mention ('no PHI at all', 'that doesn't touch PHI', 'keine Gehaltsdaten') puts no sensitive data in scope", () => {
    for (const text of [
      "Chicago ops wants to use Gemini to summarise internal policy documents (no PHI at all). What else do we need?",
      "we want AI use cases for care coordination that don't touch PHI, scheduling scripts and staff training",
      "wir wollen KI für die Lohnabteilung einsetzen, aber ohne Gehaltsdaten, nur Regelwerke",
    ]) expect(criteriaOf(text), text).not.toContain("sensitive_data");
    // The negation removes only the mention it negates: salaries named elsewhere still count.
    expect(criteriaOf("we want AI to check all 400 salaries in the export, no bank details")).toContain("sensitive_data");
    expect(criteriaOf("we want AI to summarise the PHI in 2,000 service tickets")).toContain("sensitive_data");
  });
});

describe("escalation: credit decisions (criterion 2)", () => {
  it("reads credit decisioning and scoring lease, credit or SME applicants as credit decisions; underwriters are people, not data", () => {
    for (const text of [
      "we want an ML model to help with credit decisioning for the SME leasing book",
      "we're looking at a tool that scores SME applicants with AI, what do we need to do before a trial?",
      "our in-house azure openai app scores lease applicants, who reviews that?",
    ]) expect(criteriaOf(text), text).toContain("sensitive_data");
    for (const text of ["will AI replace underwriters, honestly", "my 2 most experienced underwriters refuse to try it, what now"]) {
      expect(criteriaOf(text), text).not.toContain("sensitive_data");
    }
    expect(criteriaOf("we want AI to support lease underwriting for 3,000 applications a year")).toContain("sensitive_data");
  });
});

describe("escalation: HR service cases (criterion 2, the decision table's ServiceNow row)", () => {
  it("reads AI on HR tickets or cases, and sick notes, as sensitive data; asking what one is does not use them", () => {
    for (const text of [
      "we want AI to auto-classify all incoming HR tickets in servicenow (thousands a month). how do we start?",
      "we want AI to draft replies to employee questions in ServiceNow, they include sick notes",
    ]) expect(criteriaOf(text), text).toContain("sensitive_data");
    expect(criteriaOf("what counts as an HR case in servicenow?")).not.toContain("sensitive_data");
  });
});

describe("escalation: a team wanting AI to do something plans a project", () => {
  it("'we want AI to …' and 'the team wants AI summaries of …' plan a use, so sensitive data in it counts even when asked as a question", () => {
    expect(criteriaOf("chicago team wants AI summaries of complaint calls. some calls describe a patient getting hurt. is that allowed at all")).toContain("sensitive_data");
    expect(criteriaOf("we want AI to summarise the claim denials from payers, is that allowed?")).toContain("sensitive_data");
    // Asking whether a rule allows something, with no plan, stays a question.
    expect(criteriaOf("is it allowed to mention a patient name in a complaint call summary?")).not.toContain("sensitive_data");
  });
});

describe("escalation: a question about what the works council requires", () => {
  it("stays a rule question even when it names the rollout it is about; a planned rollout with the works council does not", () => {
    for (const text of [
      "does the M365 copilot rollout need works council approval in both germany and NL, or is one consultation enough?",
      "Our Betriebsrat asks for a Betriebsvereinbarung before Copilot goes live for the 220 office staff. Is there a group-wide framework agreement already?",
    ]) expect(criteriaOf(text), text).not.toContain("large_rollout");
    expect(criteriaOf("does the works council need to approve the Copilot rollout to our 900 staff in Germany and NL?")).toContain("large_rollout");
    expect(criteriaOf("we are rolling out Copilot in Germany and the Netherlands and need to consult the Betriebsrat and the OR")).toContain("large_rollout");
  });
});

describe("escalation: criterion 1's core systems and write-back words", () => {
  it("reads writing into a billing, leasing or loan administration system or the service record as integration work", () => {
    for (const text of [
      "we want to auto-code claims with AI and push the codes into our billing system",
      "We'd like an Azure OpenAI tool that pre-scores applications and writes the recommendation straight into our loan administration system",
      "We want AI to draft service reports from tech notes and write them straight into the service records",
    ]) expect(criteriaOf(text), text).toContain("custom_integration");
    expect(criteriaOf("what is the retention period for the service record in the billing system?")).not.toContain("custom_integration");
  });

  it("reads AI categorising, tagging or routing tickets, a write-back and a mass update as integration work", () => {
    for (const text of [
      "integration q: want copilot to auto-categorise incoming snow incidents + suggest KB articles. ~9k tickets/month",
      "We'd like to connect Zendesk AI to our knowledge base and have it auto-tag + route tickets",
      "We want to use AI to clean material descriptions and then mass-update them in S/4",
      "We're planning write-back from a Copilot agent into S/4 for procurement",
    ]) expect(criteriaOf(text), text).toContain("custom_integration");
    expect(criteriaOf("how do I categorise a ticket in servicenow by hand?")).not.toContain("custom_integration");
  });
});

describe("escalation: the AI writing a message is not writing into a system", () => {
  it("AI writing emails, letters or replies from system data is not integration work; writing them back into a record is", () => {
    for (const text of [
      "can we use ai to write the dunning letters? it'd pull overdue amounts and contact names from S/4",
      "could AI write the reminder emails for us based on the account in S/4?",
      "can AI write my follow up mails from SFDC notes??",
    ]) expect(criteriaOf(text), text).not.toContain("custom_integration");
    for (const text of [
      "we want AI to draft the reminder email, send it, then write a note back into S/4 on the customer account",
      "we want the bot to draft replies as internal notes in Zendesk tickets automatically",
    ]) expect(criteriaOf(text), text).toContain("custom_integration");
  });
});

describe("escalation: a write said not to happen", () => {
  it("'nothing written back', 'no write-back', 'nic nie zapisujemy z powrotem' read as reading only, not integration work", () => {
    for (const text of [
      "can we connect chatgpt enterprise to the supplier risk tables in databricks to flag risky suppliers? read-only, nothing written back",
      "am i allowed to build a copilot studio agent that reads stock levels from S/4? nothing is written back",
      "the AR team wants Copilot to draft payment reminders from S/4 data, no write-back to the system",
      "zespół AR chce, żeby Copilot pisał przypomnienia z danych z S/4, ale nic nie zapisujemy z powrotem w systemie",
    ]) expect(criteriaOf(text), text).not.toContain("custom_integration");
    // Only the denied write is removed: another write in the same message still counts.
    expect(criteriaOf("we want a bot that creates incidents in ServiceNow automatically; nothing else is written back")).toContain("custom_integration");
    expect(criteriaOf("we want AI to read the service notes and write the summary back into the Salesforce case")).toContain("custom_integration");
  });
});

describe("escalation: asking who will do the work", () => {
  it("'who builds that?', 'who could help us build that?' ask for someone to do it; offering the choices asks whether one is needed", () => {
    for (const text of [
      "can the field service app get an AI helper built in? who builds that",
      "We want to fine-tune a model on 10 years of service tickets to predict part failures. Who could help us build that properly?",
      "we want to self-host an open-weights model for code assist. who helps with that, partner?",
    ]) expect(criteriaOf(text), text).toContain("explicit_request");
    for (const text of [
      "we want a custom forecasting model. who builds that — us, IT, or a partner?",
      "who does the security review for an AI pilot?",
    ]) expect(criteriaOf(text), text).not.toContain("explicit_request");
  });
});

describe("escalation: internal AI champions", () => {
  it("asking for an AI champion to help the team is not a request for a partner (the criteria page's near-miss)", () => {
    expect(criteriaOf("who's the AI champion for the wrocław SSC now? need someone to sit with my team for an hour")).not.toContain("explicit_request");
    expect(criteriaOf("our champions are stretched, we need an external partner to run the training")).toContain("explicit_request");
  });
});

describe("escalation: a follow-up to a check-in request", () => {
  it("does not inherit a rollout from a team's check-in request earlier in the thread; a follow-up to a rollout does", () => {
    const checkin = "Moin! Bitte ein ADKAR check-in for Sales DACH, 48 people in Munich, Frankfurt, Düsseldorf. We rolled out the SFDC Einstein pilot 6 weeks ago";
    expect(criteriaOf("Danke! can the report also be in German for the sales directors?", [checkin])).not.toContain("large_rollout");
    const rollout = "we want to roll out Copilot to the finance teams in Poland, Germany and the UK next quarter";
    expect(criteriaOf("and can the training also be in German?", [rollout])).toContain("large_rollout");
  });
});


describe("escalation: asking for use-case ideas", () => {
  it("ideas of what AI could do for a role choose no use case yet: criteria 1 to 3 wait for one", () => {
    for (const text of [
      "what could AI do for our benefits team? we look after 2,000 employees in 4 countries",
      "ideas for using AI in credit underwriting that risk won't block?",
      "any use cases for care coordinators? we phone patients about their equipment all day",
      "where could AI help me? I run HR for 700 people in Warsaw and Kraków",
      "what can our payroll team use AI for? we process salaries for 1,200 staff every month",
      "Welche Use Cases für die Lohnabrechnung gibt es? Wir rechnen Gehälter für DE und AT ab",
      "wat zijn goede use cases voor AI bij verzuim? we hebben 3 vestigingen in NL en BE",
      "pomysły dla działu płac? liczymy wynagrodzenia dla PL i NL",
    ]) expect(criteriaOf(text), text).toEqual([]);
    for (const text of [
      "we want to roll out Copilot to 600 people in Berlin and Hamburg. where could AI help first?",
      "could AI draft the credit memos for our 400 lease applications a month?",
      "use cases for our 3 sites in DE and PL? and can you connect me with a partner to build the first one",
    ]) expect(criteriaOf(text), text).not.toEqual([]);
  });

  it("an ideas question that already says what the AI would do with regulated data is a use case that processes it (criterion 2)", () => {
    for (const text of [
      "what could AI do for our underwriters, like scoring the lease applications automatically?",
      "what could AI do for HR if it had access to everyone's sick notes and medical leave records?",
      "any use cases for AI on our US hospital service tickets? there's a lot of patient info in them",
    ]) expect(criteriaOf(text), text).toContain("sensitive_data");
    // The same team's ideas question without the AI touching the data waits for a use case.
    expect(criteriaOf("any use cases for our US hospital service team? they talk to patients all day")).toEqual([]);
  });
});

describe("escalation: asking whether a partner is needed", () => {
  const asks = (text: string) => decideEscalation({ text, partnerRequestProbability: 0.9 }).criteria;
  it("a partner named only in a question whether one is needed is no request, even when the intent model reads one", () => {
    for (const text of [
      "do we need a partner for a 15 person pilot or is that overkill",
      "our planners want AI to suggest reorder points from S/4 history. in-house or partner?",
      "could we build it ourselves on Azure OpenAI, or get a partner?",
      "is there an approved way to let copilot query snowflake, or do I need to go through a partner?",
      "Can our team build the FAQ bot in-house, or does it need a security review and a partner?",
      "Hat schon jemand Copilot an SAP angebunden? Oder geht das nur über einen Partner?",
      "hebben we een partner nodig?",
      "czy potrzebujemy partnera do tego?",
    ]) expect(asks(text), text).not.toContain("explicit_request");
  });
  it("a request beside the question, or a bare 'partner?' after a plan, still counts", () => {
    for (const text of [
      "we want a pricing model trained on 8 years of quotes. that's custom ML I guess — partner?",
      "in-house or partner? we have €50k budget, who can build it",
      "I think we need a partner for this, can you connect me?",
    ]) expect(asks(text), text).toContain("explicit_request");
  });
});

describe("escalation: a budget said to be small", () => {
  it("'budget is tight' offers no budget for partner work; a stated budget still does", () => {
    for (const text of [
      "can my team set up a couple of custom GPTs for onboarding ourselves? budget is tight",
      "Budget is limited. can we build the FAQ assistant with Copilot Studio ourselves?",
    ]) expect(criteriaOf(text), text).not.toContain("explicit_request");
    expect(criteriaOf("we have a budget of €40k for this, who can build it?")).toContain("explicit_request");
  });
});

describe("escalation: a partner engagement supposed, not asked for", () => {
  it("'if we engage a partner, does procurement run a tender?' asks how the programme works; asking for one still counts", () => {
    for (const text of [
      "If we hire one of the certified partners, does legal still need to review their contract template?",
      "if we bring in a consultant for the pilot, who signs the NDA?",
    ]) expect(criteriaOf(text), text).not.toContain("explicit_request");
    expect(criteriaOf("we want to bring in a certified partner for the pilot, who signs the NDA?")).toContain("explicit_request");
  });
});

describe("escalation: Zendesk ticket text processed in bulk", () => {
  it("AI run over the Zendesk tickets in bulk has possible PHI in scope; one ticket, or de-identified text, does not", () => {
    for (const text of [
      "is it ok to run Cortex LLM functions over the zendesk ticket table to tag complaint types?",
      "we'd like to load three years of Zendesk tickets into a vector DB for a support search bot",
      "can we train a classifier on our zendesk tickets to predict escalations?",
    ]) expect(criteriaOf(text), text).toContain("sensitive_data");
    for (const text of [
      "can I ask ChatGPT to summarise this one zendesk ticket for my handover?",
      "we want to run LLM functions over the zendesk ticket text after the de-identification step",
    ]) expect(criteriaOf(text), text).not.toContain("sensitive_data");
  });
});

describe("escalation: help on the asker's own site", () => {
  it("someone on my site or in my office who can help is a champion's job, not a partner request; an outside firm still is", () => {
    for (const text of [
      "is there someone on my site who can help me with chatgpt",
      "is there anyone in my office who can help me with copilot",
      "gibt es jemanden vor Ort, der mir mit Copilot helfen kann? who can help me",
    ]) expect(criteriaOf(text), text).not.toContain("explicit_request");
    expect(criteriaOf("is there an outside firm who can help us on our site with the Copilot rollout?")).toContain("explicit_request");
    expect(criteriaOf("who can help me build a Salesforce integration?")).toContain("explicit_request");
  });
});
