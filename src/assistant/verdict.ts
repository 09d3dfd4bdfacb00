/**
 * The short answer to a yes/no question about a rule ("can I paste customer emails into ChatGPT Enterprise?", "do we
 * need a security review for this?"): read off the rule that opens the answer, so the employee sees "No." or "Yes, with
 * conditions." before the sentence that says why. Pure: the question and the opening sentence in, a verdict or nothing
 * out; nothing is said when the question is not a yes/no question or the opening states no rule plainly.
 */

import { namesOtherAiTool, namesUnapprovedAiTool } from "./products.ts";

export type Verdict = "yes" | "no" | "conditional" | "depends";

/** Greetings and fillers a question may start with. */
const LEAD_IN = String.raw`^(?:[^\p{L}\p{N}]+|(?:so|and|but|hey|hi|hiya|hello|hallo|morning|yo|ok|okay|also|quick q(?:uestion)?|quick one|qq|rule question|honest question|sorry)\b)*`;
/** What "is it …?" asks of a thing: allowed, approved, ok. */
const OK_WORD = String.raw`(?:allowed|permitted|approved|ok|okay|fine|acceptable|legal|a no-?go|no-?go|sanctioned|(?:switched|turned) (?:on|off)|enabled|disabled|blocked|banned)`;
/**
 * A yes/no question about what is allowed or possible: "can I / may we / could agents / can AI …", "is it ok / allowed
 * to …", "am I allowed …", "is Gemini ok to use??", "is that something we're allowed to …", "cursor allowed or only gh
 * copilot", "Cortex AI functions: allowed on the supply chain schema?", "could you confirm whether PHI may be entered …".
 * Only the message's first question counts, as the opening answers it.
 */
const MAY_I = new RegExp(
  [
    String.raw`${LEAD_IN}(?:can|may|could) (?!you\b)[\w'’/.-]+\b`,
    String.raw`(?:${LEAD_IN}|[,;:—–-] |\b(?:but|so|or) )(?:am i|are we|are they|is it|is this|is that|are you) (?:\w+ )?(?:allowed|permitted|ok|okay|fine|legal|safe to)\b`,
    String.raw`${LEAD_IN}(?:is|are) [^?]{1,60}? ${OK_WORD}\b`,
    String.raw`\b(?:is|are) (?:it|that|this) (?:[\w'’]+ ){0,3}?${OK_WORD}\b`,
    String.raw`\b${OK_WORD}(?: (?:to use|for us|here|for (?:this|that)|or (?:not|no)))?\s*[?!]*\s*$`,
    String.raw`(?:^|[,:—–-] )[\w\s'’/.-]{0,40}?(?:allowed|permitted|approved|acceptable|sanctioned|a no-?go)\b(?=(?: [\w'’/.-]+){0,10}\s*\?|\s+or\b)`,
    String.raw`\b(?:confirm|tell me|check|know|wondering|wonder) (?:whether|if)\b[^?]*?\b(?:can|may|allowed|permitted|ok)\b`,
    // "is that something we can just do ourselves …?"
    String.raw`\b(?:is|are) (?:it|that|this|these|those) (?:something|sth|smth|things?) (?:we|i|they|my team|our team) (?:can|could|may|are allowed to|am allowed to)\b`,
    // German, Dutch and Polish: "darf ich …", "kann ich …", "mag ik …", "kunnen we …", "czy mogę …", "czy wolno …".
    String.raw`${LEAD_IN}(?:darf|dürfen|kann|können|mag|mogen|kan|kunnen) (?:ich|wir|man|ik|we|wij|je|jij)\b`,
    String.raw`${LEAD_IN}(?:czy )?(?:mogę|możemy|można|wolno)(?![\p{L}\p{N}])`,
  ].join("|"),
  "iu",
);
/** "Do we need a DPIA?", "is a security review required?", "does this need works council approval?": whether a step is required. */
const MUST_I = new RegExp(
  String.raw`${LEAD_IN}(?:(?:do|does|would|will) (?:[\w'’]+ ){1,3}?(?:still |really |even |also |actually |first )?(?:need|have to|require)\b|(?:is|are) (?:an? |the )?(?:\w+ ){0,3}(?:required|mandatory|needed|necessary)\b)`,
  "iu",
);

/** A word that asks which, what, who, how or where: before the yes/no words, the question asks for that instead ("which regions are we allowed to deploy to?"). */
const WH_WORD = /\b(?:which|what|whats|who|whom|whose|how|where|when|why)\b(?! if\b)/i;

/** Words that say a rule denies, which the composer's opening also reads (its `permissionDenied` feature). */
export const DENIAL_WORDS = String.raw`not allowed|not permitted|never|must not|may not|do not|don't|prohibited|forbidden|cannot|can't|is off|are off|blocked|not approved`;
/**
 * The rule denies: "Do not …", "never", "not allowed", "switched off", "not approved", "cannot"; for the verdict, also
 * what is not available or licensed, "no personal …" accounts or data, "off-limits", "banned".
 */
const DENIES = new RegExp(
  String.raw`\b(?:${DENIAL_WORDS}|can not|not available|not (?:yet )?(?:licensed|purchased|enabled|supported|an approved)|(?:switched|turned) off|no (?:personal|consumer|customer|patient|employee|real)\b|out of bounds|off[- ]limits|banned)\b`,
  "i",
);
/** The rule allows: "are allowed", "may", "can be used", "is fine", "approved for". */
const ALLOWS =
  /\b(?:(?:is|are) (?:\w+ )?(?:allowed|permitted|fine|ok|okay|approved|available)|(?:you|employees|staff|everyone|teams?|agents?|people|users|managers?) (?:may|can)\b|may (?:be )?(?:use|used|paste|share|upload)|can (?:be )?(?:use|used)|approved for|is the approved)\b/i;
/**
 * The rule holds only under a condition: "only if / after / with", "unless", "once", "before you paste", "needs approval",
 * "requires a review", "must first", "as long as", "provided".
 */
const CONDITION =
  /\b(?:(?:data|content|information|accounts?|users?|tools?) only\b|only (?:if|after|when|with|once|for|in|on|through|via|where|by|within|from|as)|unless|provided|as long as|on condition|subject to|once|(?<!\bas )if (?:you|they|the|it|a|an|your)|after (?:\w+ ){0,4}(?:approv\w*|review\w*|sign[- ]?off|agreement|assessment|request)|before (?:you |they |we |it |the |a |an |any )?(?:\w+ ){0,3}(?:paste|pasting|use|using|upload|share|sharing|send|connect|go(?:es)? live|going live|launch|roll|start|enable|enabling|put)\w*|requires?|needs? (?:\w+ ){0,4}(?:approv\w*|review|agreement|sign[- ]?off|consent|dpia|request|licen[cs]e|seat|ticket|assessment)|must (?!not\b|never\b)|has to|have to|with (?:\w+ ){0,3}(?:approval|sign[- ]?off|consent|agreement|a dpia))\b/i;
/** The rule says the step is required: "is required", "must", "needs", "requires". */
const REQUIRED = /\b(?:(?:is|are) (?:always )?(?:required|mandatory|needed)|must|requires?|needs?|has to|have to|always)\b/i;
/** The rule says the step is not required: "not required", "no … needed", "does not need". */
const NOT_REQUIRED = /\b(?:(?:is|are) not (?:required|mandatory|needed)|not (?:required|needed|necessary)|(?:does|do)(?: not|n't) (?:need|require)|no (?:\w+ ){0,3}(?:is |are )?(?:required|needed)|without (?:a |an )?(?:\w+ ){0,2}(?:review|approval))\b/i;

/** Whether the question asks yes or no about a rule, and which kind: may I, or must I. */
export function yesNoQuestion(question: string): "may" | "must" | undefined {
  const first = firstQuestion(question);
  const wh = WH_WORD.exec(first)?.index ?? Infinity;
  // "Is it already approved, and what do we need for a test?" asks yes or no first; "For Azure OpenAI: which regions
  // are we allowed to deploy to?" asks for the members of a kind.
  const must = MUST_I.exec(first);
  if (must && must.index + must[0].length <= wh) return "must";
  const may = MAY_I.exec(first);
  if (may && may.index + may[0].length <= wh) return "may";
  return undefined;
}

/**
 * The verdict the opening rule gives on the question, or undefined when it gives none plainly. For "may I": a rule that
 * denies without a way out is "no", one with a condition "conditional", one that allows without one "yes", one that
 * allows a case and denies another "depends". For "must I": a rule that says the step is required is "yes", one that
 * says it is not is "no".
 */
export function verdictOf(question: string, opening: string): Verdict | undefined {
  const asked = yesNoQuestion(question);
  if (!asked) return undefined;
  const asking = firstQuestion(question);
  // An item of a list of what is not allowed names one case: "no" when it names what was asked about ("is otter ok for
  // meeting notes?" and "Not allowed: AI meeting note-takers Otter.ai …"), nothing when it names something else ("can
  // copilot read invoice PDFs?" and "Not allowed: Reading or changing vendor bank details"), nor to "do we need …?".
  if (/^not allowed:/i.test(opening)) return asked === "may" && sharesAWord(asking, opening, COMMON) ? "no" : undefined;
  // And an item of a list of what is allowed ("Allowed: Copilot in Excel summarising variances …"): "yes" for the case it names.
  if (/^allowed:/i.test(opening)) return asked === "may" && sharesAWord(asking, opening, COMMON) ? "yes" : undefined;
  // The rule is the opening's first sentence: what follows gives reasons and alternatives ("… is available to every
  // employee for tasks that do not need a seat"), not conditions of the rule.
  // A label before it ("Zendesk's built-in AI. Ticket summaries … are switched off …") is no sentence of the rule.
  // A label names what the rule is about: one the question does not name ("ChatGPT Enterprise." before a rule on its
  // Salesforce connector, for "can we turn on Einstein GPT in Salesforce?") says the rule is about something else.
  const [head = "", next] = opening.replace(/\s*\[\d+\]/g, "").split(/(?<=[.!?])\s+(?=[A-Z"“(])/);
  const labelled = next !== undefined && head.split(/\s+/).length <= 5;
  if (labelled && !sharesAWord(upToFirstQuestion(question), head)) return undefined;
  const rule = labelled ? next : head;
  // An exclusive rule ("GitHub Copilot Business is the only approved coding assistant"): no for a question about another
  // tool ("can i use cursor instead?"). Nothing otherwise: a question naming the tool it approves may ask about another
  // beside it in words no list knows ("the Databricks AI assistant, or is only GitHub Copilot approved?").
  const only = ONLY_APPROVED.exec(rule);
  if (only && asked === "may") return namesOtherAiTool(asking, only[1]!) ? "no" : undefined;
  if (asked === "must") {
    // The rule must be about the step asked for: "do we need a DPIA for a portal chatbot?" is not answered "Yes." by
    // "Customers must be told when they are talking to an AI system".
    if (!namesTheStep(asking, rule)) return undefined;
    if (NOT_REQUIRED.test(rule)) return "no";
    // "Any other AI tool is not approved until it passes a security review": the review is required.
    if (UNTIL_PASSED.test(rule)) return "yes";
    if (REQUIRED.test(rule) && !DENIES.test(rule)) return CONDITION.test(rule.replace(REQUIRED, " ")) ? "conditional" : "yes";
    return undefined;
  }
  // Each clause is read on its own: "Public, Internal and Confidential data are allowed; Restricted data is not allowed
  // unless …" allows one case and denies another, so the answer depends on which the asker's is; so does "Team-level
  // results are shown only when at least 5 people answered, and individual answers are never shown".
  const clauses = rule.split(/;\s+|,? and (?=(?:\w+ ){0,4}(?:is|are|may|must|can|never|do not)\b)/).map((clause) => ({ denies: DENIES.test(clause), allows: ALLOWS.test(clause) && !DENIES.test(clause), conditional: CONDITION.test(clause) }));
  const denies = clauses.some((c) => c.denies);
  const allows = clauses.some((c) => c.allows);
  const conditional = clauses.some((c) => c.conditional);
  // "Is that allowed w/o legal review?" asks whether a condition can be skipped: a rule with conditions does not say
  // whether the one asked about is among them, and "Yes, with conditions." would read as yes.
  if (conditional && SKIPS_A_STEP.test(asking)) return undefined;
  if (denies && (allows || clauses.some((c) => c.conditional && !c.denies))) return "depends";
  // Restricted data asked about ("put leasing customers' credit data into a model") is not allowed by a rule that does
  // not name it: a validation rule's "before use" is no licence for credit files.
  const restrictedAsked = restrictedNamed(asking);
  if ((conditional || allows) && !denies && restrictedAsked.size && ![...restrictedNamed(rule)].some((t) => restrictedAsked.has(t))) return undefined;
  // An AI tool that is not approved, asked about by name ("can I use Gemini to translate a customer letter?"), is not
  // allowed by a rule that does not name it: the rule for customer letters is no licence for Gemini.
  if ((conditional || allows) && !denies && namesUnapprovedAiTool(asking, rule)) return undefined;
  if (conditional) return "conditional";
  if (denies) return "no";
  if (allows) return "yes";
  return undefined;
}

/** What "do we need …?" asks for: the words after the need ("a DPIA", "works council approval") or before "required". */
const STEP_AFTER = /\b(?:need|needs|require|requires|have to|has to)\s+(?:to\s+)?(?:(?:an?|the|any|our|some|their|its|still|first|also|really|even)\s+)*((?:[\p{L}\p{N}'’/-]+\s*){1,4})/iu;
const STEP_BEFORE = /\b(?:is|are)\s+(?:an?\s+|the\s+|any\s+)?((?:[\p{L}\p{N}'’/-]+\s+){1,4})(?:still\s+|really\s+|also\s+)?(?:required|mandatory|needed|necessary)\b/iu;
/** A formal requirement a question may ask about by name: a review, an approval, an assessment, a body to consult. */
const REQUIREMENT = /\b(?:reviews?|approvals?|sign[- ]?offs?|assessments?|consultations?|agreements?|councils?|betriebsrat|ondernemingsraad|partners?|licen[cs]es?|seats?|trainings?|courses?|tickets?|contracts?|dpas?|audits?|validations?|tests?|pilots?|labels?|disclosures?|registrations?|requests?|forms?)\b/i;
/** An acronym names a requirement too ("a DPIA", "an LIA"). */
const ACRONYM = /\b[A-Z]{3,5}s?\b/;

/** Words of a step that say nothing of which step it is. */
const STEP_FILLER = new Set(["for", "this", "that", "these", "those", "it", "us", "we", "before", "after", "when", "if", "our", "with", "from", "into", "on", "in", "of", "and", "or", "to", "be", "do", "get", "go", "first", "still", "any", "some", "kind", "sort", "type", "thing", "something", "anything", "formal", "separate", "new", "extra", "additional", "own", "team", "project", "rollout", "roll", "out", "use", "using"]);

/**
 * Whether the rule names the step the question asks whether it needs: a word of it the rule has (by its first five
 * letters, "approval" / "approve"); true when the question's step cannot be read.
 */
function namesTheStep(question: string, rule: string): boolean {
  const step = (STEP_AFTER.exec(question) ?? STEP_BEFORE.exec(question))?.[1];
  // Only a step named as a formal requirement is checked: "do I have to tell the customer?" is answered by "… does not
  // need an AI label" in other words.
  if (!step || !(REQUIREMENT.test(step) || ACRONYM.test(step))) return true;
  const key = (w: string) => w.toLowerCase().slice(0, 5);
  const wanted = (step.match(/[\p{L}\p{N}]{3,}/gu) ?? []).filter((w) => !STEP_FILLER.has(w.toLowerCase()));
  if (!wanted.length) return true;
  const ruleKeys = new Set((rule.match(/[\p{L}\p{N}]{3,}/gu) ?? []).map(key));
  return wanted.some((w) => ruleKeys.has(key(w)));
}

/** "X is the only approved …", "X is the only coding assistant approved …": the rule approves one thing of a kind and no other. */
const ONLY_APPROVED = /^(.{3,80}?) (?:is|are) (?:the only (?:approved|allowed|permitted|sanctioned|supported)|the only [\w -]{3,40}? (?:approved|allowed|permitted))\b/i;

/**
 * Data of the Restricted class, as the data-privacy playbook defines it ("special-category personal data, PHI, payment
 * card data, national identification numbers, credit files, bulk HR data and unreleased financial results"), in the
 * words people ask with ("patient names", "PESEL", "salary and sick leave", "the board pack").
 */
const RESTRICTED_DATA =
  /\brestricted\b|\bphi\b|\bpatients?\b|\bhealth\b|\bmedical\b|\bdiagnos\w*|\bspecial[- ]category\b|\b(?:religio|ethnic|biometric|genetic|sexual orientation|trade union)\w*|\b(?:payment|credit|debit) card\b|\bcard (?:numbers?|data)\b|\b(?:bsn|pesel|ssn|steuer-?id)\b|\bsocial security\b|\bnational (?:insurance|id\w*)\b|\bpassports?\b|\bcredit (?:files?|decisions?|data|reports?|scores?|scoring|checks?|history)\b|\b(?:salar(?:y|ies)|payroll|sick(?:ness)?|absences?|grievances?|disciplinar\w*|performance reviews?|hr cases?)\b|\b(?:hr|employee) (?:data|records|files)\b|\bcriminal\b|\bhipaa\b|\bunreleased\b|\bnot (?:yet )?(?:public|published)\b|\b(?:q[1-4]|quarter(?:ly)?|half-year|annual|year-end|group) (?:results|figures|numbers)\b|\bearnings\b|\bboard (?:packs?|papers?|decks?|materials?)\b|\bbank (?:details|accounts?)\b/gi;
/** The Restricted data a text names, health data under one name ("patient records" and "PHI" are the same data). */
function restrictedNamed(text: string): Set<string> {
  const found = text.match(RESTRICTED_DATA) ?? [];
  return new Set(found.map((t) => (/phi|patient|health|medical|hipaa|diagnos/i.test(t) ? "phi" : t.toLowerCase())));
}

/** A question that proposes to do without a step ("without a review", "w/o legal", "skip the DPIA"). */
const SKIPS_A_STEP = /\b(?:without|w\/o|w\/out|skip(?:ping)?|bypass(?:ing)?|no need (?:for|to))\b/i;

/** "… not approved until it passes a security review": what the rule waits for is required. */
const UNTIL_PASSED = /\buntil (?:it|they|the \w+|you) (?:pass(?:es)?|completes?|gets?|receives?|has|have) (?:an? |the )?(?:\w+ ){0,2}(?:review|approval|assessment|dpia|sign[- ]?off)\b/i;

/** Words too common in questions about AI to say which case a list item is ("use", "data", the company's own tools). */
const COMMON = new Set(["use", "using", "used", "allowed", "okay", "work", "data", "tool", "tools", "chatgpt", "copilot", "enterprise", "microsoft", "with", "from", "into", "that", "this", "they", "them", "there", "what", "when", "have", "need", "just", "like", "does", "read", "write", "team", "company", "people", "also", "only", "some", "about", "would", "could", "should", "your", "their", "other", "thing", "stuff"]);

/**
 * Whether the question names something the text names: a word of four letters or more they share, beyond `common`
 * ones (for a list item: a product, a kind of data, an act, not "use" or "data").
 */
function sharesAWord(question: string, text: string, common: ReadonlySet<string> = new Set()): boolean {
  const words = (t: string) => t.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu) ?? [];
  const own = new Set(words(question).filter((w) => !common.has(w)));
  return words(text).some((w) => own.has(w));
}

/** The message up to the end of its first question (or the whole message when it has no question mark). */
function firstQuestion(text: string): string {
  // Abbreviations end no sentence: "Are we allowed to use AI in the credit decision, e.g. scoring?".
  const upTo = upToFirstQuestion(text.replace(/<@[A-Z0-9]+>/g, " ").replace(/\b(e\.g|i\.e|etc|approx|vs|incl|esp)\./gi, "$1").replace(/\s+/g, " ").trim());
  // The question's own sentence: "We run 40 reps in DACH. Can we give them Copilot?" asks from "Can".
  return upTo.split(/(?<=[.!])\s+|\n/).at(-1) ?? upTo;
}

/** The text up to the end of its first question mark, context before it included (all of it when it has none). */
function upToFirstQuestion(text: string): string {
  const end = text.indexOf("?");
  return end >= 0 ? text.slice(0, end + 1) : text;
}

/** How a surface says the verdict before the rule. */
export const VERDICT_WORDS: Record<Verdict, string> = { yes: "Yes.", no: "No.", conditional: "Yes, with conditions.", depends: "It depends." };
