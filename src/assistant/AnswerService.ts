import type { Clock } from "../clock.ts";
import { systemClock } from "../clock.ts";
import { silentLogger, type Logger } from "../logging.ts";
import { diversify } from "../retrieval/fusion.ts";
import { DEFAULT_PER_DOCUMENT, type KnowledgeIndex, rankedPlaybooks, type SearchHit } from "../retrieval/KnowledgeIndex.ts";
import type { Store, Turn } from "../store/Store.ts";
import type { Chunk } from "../retrieval/chunking.ts";
import { answerMarkdown, replyBody } from "./answer-text.ts";
import { terms, words } from "../retrieval/text.ts";
import { askedFor, askedUseCaseOrder, composeAnswer, type ComposeInput, composeUseCaseAnswer, type LeadSureness, MAX_POINTS, namePlaybooks, openingSentences, shippedOpening, toCitation } from "./composer.ts";
import type { OpeningWeights } from "./opening-ranker.ts";
import type { TranslationTable } from "./opening-translation.ts";
import { type OpeningNeighbours, sentenceKey } from "./opening-neighbours.ts";
import { retrievalConfidence, specificCoverage } from "./confidence.ts";
import type { Answer, AnswerEngine, AnswerStream, AskRequest, Citation, Intent, Reply, Statement } from "./contract.ts";
import { SuggestedPartnerSchema } from "./contract.ts";
import { combinedPrediction, EncodedIntentModel, needsEncoder } from "./intent-encoder.ts";
import { type Verdict, VERDICT_WORDS, verdictOf } from "./verdict.ts";
import { CRITERIA, decideEscalation, PARTNER_WORD, parseThresholds, partnerRouteLead, type EscalationThresholds } from "./escalation.ts";
import { contextualQuery, isFollowUp, namesSystem, newlyNamedSystem } from "./follow-up.ts";
import { CHECKIN, DOMAIN_WORDS, PERSONAL_WRITING, POLITE, REQUESTS_A_CHECKIN, SMALLTALK } from "./intent.ts";
import { defaultIntentModel, INTENTS, type IntentModel, type IntentPrediction } from "./intent-model.ts";
import { REDACTION_KINDS, REDACTION_PLACEHOLDERS, type RedactionKind, redactText } from "./redaction.ts";
import { cleanRequest } from "./request.ts";
import { ANSWERED_IN_ENGLISH, messageLanguage } from "./language.ts";
import { defaultGlossary } from "../retrieval/glossary.ts";
import { asksForPerson, namesPerson, NO_PERSON_NOTE } from "./person-asked.ts";
import { notApprovedNote, UNLISTED_TOOL_QUESTION, UNLISTED_TOOL_SECTION, UNLISTED_TOOL_VOCABULARY, unlistedAiTools } from "./unlisted-tools.ts";
import { AI_OR_PROGRAMME, decideScope, DEFAULT_CONFIDENCE_THRESHOLD, DOMAIN_INFLECTED, type ScopeDecision } from "./scope.ts";
import { type CaveatSignals, needsCaveat } from "./caveat.ts";

const CRITERION_HEADINGS = new Set(Object.values(CRITERIA).map((c) => c.heading));

/** The LLM side the service can use; implemented by src/assistant/llm/LlmAnswerer.ts. */
export interface LlmPort {
  answer(input: LlmInput): Promise<{ text: string; cited: number[] }>;
  stream(input: LlmInput): { chunks: AsyncIterable<string>; done: Promise<{ text: string; cited: number[] }> };
  classifyIntent(text: string): Promise<Intent>;
}

export interface LlmInput {
  question: string;
  passages: SearchHit[];
  history: { role: "user" | "assistant"; text: string }[];
}

export interface AnswerServiceOptions {
  index: KnowledgeIndex;
  store?: Store;
  llm?: LlmPort;
  logger?: Logger;
  clock?: Clock;
  /** Below this confidence a relevant answer carries a plain caveat (it is not refused). */
  confidenceThreshold?: number;
  /** Weight of the learned playbook prior in search (PRIOR_WEIGHT by default). */
  priorWeight?: number;
  /** Weight of the sentence encoder in search, when the index has one attached (SEMANTIC_WEIGHT by default). */
  semanticWeight?: number;
  /** Weight of the learned section prior in search (SECTION_WEIGHT by default). */
  sectionWeight?: number;
  /** Weight of the sections' own questions in search (QUESTION_WEIGHT by default). */
  questionWeight?: number;
  /** The intent model; the one trained on the shipped labelled messages by default. */
  intentModel?: IntentModel;
  /** Weights of the offline opening's score (src/assistant/training/opening-weights.json by default). */
  openingWeights?: OpeningWeights;
  /** The offline opening's question-to-answer translation model (the shipped table by default; `null`: none). */
  openingTranslation?: TranslationTable | null;
  /** The labelled questions that vote for the offline opening (the shipped ones by default; `null`: none). */
  openingNeighbours?: OpeningNeighbours | null;
  /** Sees the offline composer's candidate openings with their features (for `eval --fit-opening`). */
  onOpeningCandidates?: ComposeInput["onCandidates"];
  /**
   * The intent model over the question's sentence-encoder vector (the shipped weights by default; `null`: words
   * only). Used only when the index has that encoder attached.
   */
  encodedIntentModel?: EncodedIntentModel | null;
  /**
   * Names certified partners for an escalation (the partner directory's matcher); without one the escalation
   * answer offers the Partner Management Office.
   */
  matchPartners?: (need: { text: string; criteria: string[]; systems: string[] }) => Promise<Answer["escalation"]["partners"]>;
}

export const MAX_QUESTION_CHARS = 4000;
/**
 * Weight of the learned playbook prior in search. Chosen by leaving one blind set out at a time (the prior trained
 * without it, top-1 playbook measured on it): 2 beat 0.5 on all four sets (A 0.673 → 0.692, B 0.597 → 0.631,
 * C 0.727 → 0.762, D 0.667 → 0.764). On questions in employees' words the classifier knows the playbook better
 * than word overlap does; retrieval still orders the sections within it. 2 → 2.5 in the eleventh session, measured
 * the same way on A–J, K–S, V–ZC (each group's messages left out of the prior) and ZN, with the prior's L2 at 3e-3:
 * openings stating the fact +14, right playbook in the top three +11, first citation +15 of 3,624 (3 was below 2.5).
 */
export const PRIOR_WEIGHT = 2.5;
/**
 * Weight of the sentence encoder's query-to-heading similarity in search, when an encoder is attached (chosen on
 * held-out sets A and B: right playbook in the top three 0.795 → 0.840 and 0.752 → 0.826; see README).
 */
export const SEMANTIC_WEIGHT = 1.5;
/**
 * Weight of the learned section prior in search (P(section | question, playbook), src/retrieval/SectionPrior.ts): it
 * reorders sections within each playbook, beside the fused score normalised to the best hit's. Chosen on the read sets
 * K, L and M (not in its training data; opening states the fact, 412 questions): 0 → 170, 1 → 173, 2 → 175, 4 → 175.
 * Right playbook in the top three and cited first are unchanged by construction (see reorderWithinPlaybooks).
 */
export const SECTION_WEIGHT = 2;
const HISTORY_TURNS = 8;
/**
 * Weight of the sections' own questions in search (SearchOptions.questionWeight). With the playbooks' 1,496 questions
 * (tenth session), read sets K to ZC and ZN and the development set opened with the fact 1,819 times of 2,339 without
 * them, 1,850 at 0.15, 1,847 at 0.3, 1,841 at 0.45, 1,842 at 0.6 and 1,841 at 1; the right playbook in the top 3
 * 2,710 → 2,721 of 2,747. With 3,376 questions (fourteenth session), on the read sets A to ZN with the playbook
 * prior and the intent model learned without each group: opening 2,786 at 0.3, 2,792 at 0.5 and 2,784 at 0.8 of 3,624;
 * right playbook in the top 3 3,355, 3,347 and 3,339; so 0.3 stays.
 */
export const QUESTION_WEIGHT = 0.3;
/** The search weights an answer searches with by default (the evaluation's top-3 check searches with the same). */
export const ANSWER_SEARCH_WEIGHTS = { priorWeight: PRIOR_WEIGHT, semanticWeight: SEMANTIC_WEIGHT, sectionWeight: SECTION_WEIGHT, questionWeight: QUESTION_WEIGHT } as const;
/**
 * More sections of the best passage's playbook the opening may come from (search keeps at most two per playbook): those
 * scored at least SIBLING_SHARE of the best, at most MAX_SIBLINGS of them. Twentieth session: 8 instead of 3 moved the
 * read sets' openings 2,872 → 2,888 of 3,624, but `eval --fit-opening`'s folds (everything learned left out) 2,303 →
 * 2,267 of 3,764: the read sets' questions train the translation model, which finds their fact sentences among more
 * candidates from memory, while on words it has not seen more candidates are more to choose wrongly from.
 */
const SIBLING_SHARE = 0.5;
const MAX_SIBLINGS = 3;

let shippedEncoded: EncodedIntentModel | null | undefined;
/** The shipped encoder weights, read once per process (null: none shipped). */
function shippedEncodedIntent(): EncodedIntentModel | null {
  if (shippedEncoded === undefined) shippedEncoded = EncodedIntentModel.load() ?? null;
  return shippedEncoded;
}

/** The playbook that states the escalation criteria (and their numbers). */
const CRITERIA_PLAYBOOK = "partners/when-to-engage-a-partner.md";

const CAPABILITIES: { label: string; text: string }[] = [
  { label: "Ask", text: "about AI at Halden & Rowe: policies, tools, governance, change management. Answers cite the partner playbooks." },
  { label: "Find use cases", text: "for your role or team (e.g. _what could AI do for accounts payable?_)." },
  { label: "Integration help", text: "with Salesforce, SAP, Workday, ServiceNow, Microsoft 365 and more." },
  { label: "Talk to a partner", text: "when a need is too big for a playbook: I route it to a certified implementation partner." },
];

/**
 * The section a check-in request's lead is cited to: who runs the ADKAR assessment and how (with `/pilot checkin`).
 * A test keeps it in the shipped corpus.
 */
export const CHECKIN_SECTION = { path: "change/adkar.md", heading: "Who runs the ADKAR assessment, and with what" };

/** Said after an answer to a message that also told the bot what to do or asked for what it never gives. */
export const LEFT_OUT_INSTRUCTIONS =
  "I left out the part of your message that told me how to behave or asked for something I never share (my instructions, secrets, other people's data), and answered the rest.";

/**
 * Said after an answer to a message with personal data pasted in it ("can i send this customer list to copilot? eg
 * jan.devries@…, +31 6 …"), naming what was left out: the bot searched without it and keeps it nowhere.
 */
export function leftOutPersonalData(kinds: readonly RedactionKind[]): string {
  const names = kinds.map((k) => PERSONAL_DATA_WORDS[k]);
  const listed = names.length <= 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `I left the ${listed} in your message out of my search and did not keep ${names.length > 1 ? "them" : "it"}; there is no need to paste personal data here.`;
}

/** What each kind of redacted personal data is called, as the answer and the search name it. */
const PERSONAL_DATA_WORDS: Readonly<Record<RedactionKind, string>> = {
  email: "email address",
  phone: "phone number",
  card: "card number",
  iban: "bank account number",
  national_id: "national ID number",
  secret: "secret",
};
/** The redaction's placeholders ("[EMAIL]", "[PHONE]" …) by the name inside their brackets, each read back as its kind. */
const KIND_OF_PLACEHOLDER = new Map(REDACTION_KINDS.map((kind) => [REDACTION_PLACEHOLDERS[kind].slice(1, -1), kind]));
const PERSONAL_DATA_PLACEHOLDER = new RegExp(String.raw`\[(${[...KIND_OF_PLACEHOLDER.keys()].join("|")})\]`, "g");
/** The words that announce a placeholder ("my email is [EMAIL]", "tel: [PHONE]"), left out of the search with it. */
const PERSONAL_DATA_LABEL = new RegExp(
  String.raw`\b(?:(?:my|our|the)\s+)?(?:e-?mail|phone|mobile|tel|number|card|iban|account|bsn|ssn|token|key)(?:\s+(?:address|number|no\.?))?\s*(?:is|:|=)?\s*(?=${PERSONAL_DATA_PLACEHOLDER.source})`,
  "gi",
);

/**
 * Asking whether data may go somewhere ("can i send this list to copilot? eg …", "ok to paste these into chatgpt"): the
 * pasted data is what the question is about, so its kinds are searched for ("email address", "phone number"), which
 * finds the rule for them, rather than left out as noise.
 */
const ASKS_ABOUT_THE_DATA = /\b(?:send|paste|upload|share|put|feed|give|enter|copy|use|process|summari[sz]e|analy[sz]e)\b[^?.!]{0,60}\b(?:this|these|that|those|the|a|my|our)\b|\b(?:ok|okay|allowed|fine|safe) to\b/i;

/**
 * Whether the offline answer opens with the partner route: the message asks for a partner, read two ways (the intent
 * model's intent, and criterion 4's rule: "who can help us?"), and the criteria recommend one. Not when the thread was
 * told already (by any earlier answer) and the follow-up asks something of its own about the project ("and how long
 * would that take?", "who signs it off?", "what tier do they need to be?", which got the route a third time): that is
 * answered, with the partner offer beside it. One that names partners again is asking for the route.
 */
function routes(plan: Plan): boolean {
  const asksForPartner = plan.intent === "partner_request" || plan.escalation.criteria.includes("explicit_request");
  if (!asksForPartner || !plan.escalation.recommended) return false;
  const routedBefore = plan.history.some((t) => t.role === "assistant" && t.meta?.partnerRoute === true);
  const asksOwnQuestion = routedBefore && (askedFor(plan.text) !== "other" || ASKS_AT_START.test(plan.text) || /\?\s*$/.test(plan.text)) && !PARTNER_WORD.test(plan.text);
  return !asksOwnQuestion;
}

/** Said before a follow-up's answer that is the thread's last answer again. */
export const SAME_AS_BEFORE = "My answer is the same as before; nothing in the playbooks changes it.";

/** Passages a follow-up's own words find alone that join its candidates (see planMessage). */
const OWN_WORDS_PASSAGES = 2;

/** A short follow-up that asks whether the thread's last answer was a yes or a no ("so that's a no?", "so I can't then?"). */
const CONFIRMS =
  /^\W*(?:(?:so|ok(?:ay)?|right|wait|hmm+|just to (?:confirm|be clear)|to confirm)[\s,.:]*)*(?:(?:that'?s|thats|that is|it'?s|its|this is|is (?:that|it)|so it'?s)\s+)?(?:a\s+)?(?:no|yes|nope|yep|yeah|hard no|no[- ]go|go)(?:\s+then)?\s*[?!.]*\s*$|^\W*(?:(?:so|ok(?:ay)?)[\s,]*)?(?:i|we|they)\s+(?:can'?t|cannot|can|may not|may|shouldn'?t|should not|am not allowed to|are not allowed to|aren'?t allowed to|am allowed to|are allowed to)(?:\s+(?:use it|do it|do that|use that|then))*\s*[?!.]*\s*$/i;

/** "Who …" opening a clause ("who signs off?", "…, and who owns it?"), not "reps who live in Salesforce". */
const ASKS_WHO = /(?:^|[.?!,;:(]\s*|\b(?:and|but|so|or|also)\s+)(?:who|whom|which team)\b/i;
/** How or where to hand in an idea or request, or which form to use, in the company's working languages. */
const ASKS_HOW_TO_SUBMIT = /\b(?:how|where) (?:do|can|should|would) (?:i|we) (?:submit|propose|suggest|log|raise|send in|register)\b|\bprocess for (?:submitting|proposing|suggesting)\b|\b(?:is there|any) (?:a |an )?(?:form|intake)\b|\b(?:jak|gdzie) (?:\S+ )?zgło\w*|\bformularz\w*|\bwie (?:reiche|melde|schlage) (?:ich|wir)\b|\bwo (?:reiche|melde) (?:ich|wir)\b|\bformular\b|\bhoe (?:dien|meld) (?:ik|we)\b|\bwaar (?:dien|meld) (?:ik|we)\b|\bformulier\b/i;

/** A reply's first paragraph that is not a note (notes are in italics). */
function firstParagraph(body: string): string | undefined {
  return body.split("\n\n").find((p) => !p.startsWith("_"));
}

/** A verdict said before the opening sentence ("**No.** "), as answer-text.ts writes it. */
const SAID_VERDICT = new RegExp(`^\\*\\*(${Object.values(VERDICT_WORDS).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\*\\* `);

/** A reply's opening statement as shown, without the verdict before it (the same rule, however it was asked). */
function openingOf(body: string): string | undefined {
  return firstParagraph(body)?.replace(SAID_VERDICT, "");
}

/** The verdict an earlier answer's text opened with, if any. */
function verdictSaidIn(body: string): Verdict | undefined {
  const said = SAID_VERDICT.exec(firstParagraph(body) ?? "")?.[1];
  return (Object.keys(VERDICT_WORDS) as Verdict[]).find((v) => VERDICT_WORDS[v] === said);
}

/** The thread's last answer (the bot's latest turn), where what it said and recommended is kept. */
/** Whether a passage or a citation is in a playbook's section of this heading, at any depth ("… › heading"). */
function inSection(place: { path: string; section: string }, path: string, heading: string): boolean {
  return place.path === path && (place.section === heading || place.section.endsWith(`› ${heading}`));
}

/** Whether a passage or a citation is in the section of the rule for tools off the approved list. */
const inUnlistedToolSection = (place: { path: string; section: string }) => inSection(place, UNLISTED_TOOL_SECTION.path, UNLISTED_TOOL_SECTION.heading);

function lastAnswerIn(history: readonly Turn[]): Turn | undefined {
  return history.findLast((t) => t.role === "assistant");
}

/** Said after an answer to one part of a message whose other part is none of PartnerPilot's business. */
export const LEFT_OUT_ERRAND = "I answered the part of your message about AI at Halden & Rowe; the rest is not something I can help with.";

/**
 * The parts of a message that asks a second thing ("…, also can I …?", "… lol. btw does copilot …", "quick q:"), each of
 * at least four words and about AI or the programme; none when it asks one thing. Only such a joiner splits a message:
 * "when is payroll this month? 25th is a sunday" is one errand in two sentences.
 */
export function messageParts(text: string): string[] {
  const parts = text
    .split(/(?:[,;.!?]\s*|\s)(?=(?:and )?(?:also|btw|by the way|another thing|quick q(?:uestion)?|p\.?s\.?)\b)/i)
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 4);
  return parts.length >= 2 ? parts.filter((p) => AI_OR_PROGRAMME.test(p)) : [];
}

/**
 * The questions of a message that asks several ("when do we need a DPIA? and who signs it off", "1) … 2) …", "(a) …
 * (b) …"), each of at least four words; none when it asks one. At most five: a longer list is a document, answered as one.
 */
export function questionParts(text: string): string[] {
  const parts = text
    .split(/(?<=\?)\s+|\s*(?:^|\s)(?:\(?[a-e1-5]\)|[1-5]\.)\s+|\n+\s*(?:[-*•]\s+)?/)
    .map((p) => p.trim())
    .filter((p) => p.split(/\s+/).length >= 4 && ASKS_SOMETHING.test(p));
  return parts.length >= 2 && parts.length <= 5 ? parts : [];
}

/**
 * A part of a message that asks something: a question mark, or a question word or request at its start ("and who signs it
 * off", "pls list the steps", "wer genehmigt das"). What follows a question without asking ("who runs the AI Hub? half
 * the links are dead", "… my pdf keeps failing") tells the situation: composed alone as a question of its own, it
 * brought a point about whatever shared its words (the public-code filter of GitHub Copilot for "links are dead").
 */
const ASKS_SOMETHING =
  /\?|^\W*(?:(?:and|also|plus|btw|but|or|so|then|und|en|i|oraz|a)\s+)*(?:who|whom|whose|what|whats|how|when|where|which|why|can|could|should|may|must|do|does|did|is|are|will|would|any|pls|please|tell|explain|list|give|show|need|wer|was|wie|wann|wo|welche[nrs]?|warum|darf|dürfen|kann|können|muss|müssen|gibt|hoe|wat|wanneer|waar|welke|waarom|mag|kan|moet|moeten|zijn|jak|kto|co|czy|kiedy|gdzie|ile|który|która|które|dlaczego|proszę)\b/i;

/** Points an answer to several questions may have: one for each further question, and the first's best after them. */
const MAX_POINTS_WITH_PARTS = 3;

const CHECKIN_LEAD =
  "I can run an ADKAR adoption check-in for your team: a change manager starts one with `/pilot checkin` (or *New check-in* on my App Home), each person gets a one-minute check-in by DM, and you get a report with the team's barrier point and what to do next.";

/**
 * The words playbooks use for the kind of fact asked: "how long does a review take?" is answered by a section
 * headed "timelines" that lists business days, which the question's own words ("long", "take") never reach.
 */
const ASKED_VOCABULARY: [RegExp, string][] = [
  [/\bhow (?:long|soon|quickly|fast)\b|\bhow many (?:days|weeks|months)\b|\blead time\b|\bturnaround\b/i, "timelines duration business days weeks"],
  [/\bhow much (?:does|do|is|will|would)\b[^?]*\b(?:cost|charge|pay)\b|\bwhat (?:does|do|will) (?:it|this|that|a \w+) cost\b|\bprice\b/i, "cost price per month"],
  // "how do i get chatgpt": "get" is a stopword, so the question was only "chatgpt", and opened with the rule against
  // personal accounts rather than how to request a seat.
  [/\b(?:(?:how|where) (?:do|can|could|would|should) (?:i|we|my team|our team|new (?:hires|starters|joiners)|people)|how to) (?:get|obtain|apply for|sign up for) (?:a |an |the |our )?(?:(?:chat ?gpt(?: enterprise)?|(?:m365 |microsoft 365 )?copilot(?! studio))\b|seats?\b|licen[cs]es?\b|ai (?:tools?|access|accounts?)\b)/i, "request access"],
];

export function withAskedVocabulary(query: string): string {
  const added = ASKED_VOCABULARY.filter(([asked]) => asked.test(query)).map(([, words]) => words);
  return added.length ? `${query} ${added.join(" ")}` : query;
}

/** The hits with this chunk's first, scored as the best (added when search did not return it). */
function withChunkFirst(hits: SearchHit[], chunk: SearchHit["chunk"]): SearchHit[] {
  const own = hits.find((h) => h.chunk.id === chunk.id);
  const best = Math.max(own?.score ?? 0, hits[0]?.score ?? 0);
  const first: SearchHit = own ? { ...own, score: best } : { chunk, score: best, termCoverage: 0 };
  return [first, ...hits.filter((h) => h.chunk.id !== chunk.id)].slice(0, Math.max(hits.length, 1));
}

/** The hits of the integration playbook(s) a system name belongs to (by id or alias) moved first, in their order. */
function preferPlaybooksOf(hits: SearchHit[], playbooks: KnowledgeIndex["playbooks"], system: string): SearchHit[] {
  const own = new Set(
    playbooks.filter((pb) => pb.path.startsWith("integrations/") && (pb.id.toLowerCase().split("-").includes(system) || (pb.aliases ?? []).some((a) => a.toLowerCase() === system))).map((pb) => pb.path),
  );
  if (own.size === 0 || !hits.some((h) => own.has(h.chunk.path))) return hits;
  return [...hits.filter((h) => own.has(h.chunk.path)), ...hits.filter((h) => !own.has(h.chunk.path))];
}

/** How a message to the bot may open: a greeting, or the bot (or a tool) addressed by name ("copilot, …", "pilot can you …"). */
const GREETING = String.raw`hi|hey|hello|hola|hoi|pls|please|yo|quick one`;
/** A reply's lead-in before the ask itself ("cool, can u write me …", "ok so just book …"). */
const LEAD_IN = String.raw`ok(?:ay)?|so|cool|great|nice|alright|right|thanks|thx|ty|fine|perfect`;
const ADDRESSED_TO = String.raw`(?:github |m365 |microsoft )?copilot|chat ?gpt|gemini|pilot|bot`;
/**
 * A message that hands PartnerPilot a piece of work ("write me a polite email…", "translate this…", "summarise the
 * attached PDF", "fix this VBA macro"): an imperative at the start, after a greeting or "can you" at most. On the
 * blind out-of-scope set N it matched 19 of 25 such tasks; on the labelled sets, 39 out-of-scope messages and one
 * in-scope one (J's "can you draft the key messages for the CEO town hall on AI?"). "Build an agent that…" is a
 * project, not a task, and is not matched; nor is work PartnerPilot does do ("can you make a check-in for my team?",
 * a partner referral, a use-case list).
 */
const TASK_FOR_THE_BOT = new RegExp(String.raw`^(?:\W*(?:${GREETING}|${LEAD_IN}|${ADDRESSED_TO})\b[\s,!:-]*)*(?:(?:can|could|would) (?:you|u)(?: or (?:chat ?gpt|copilot|gemini))? (?:pls |please )?|pls |please )?(?:write|draft|rewrite|re-write|proofread|summari[sz]e|translate|make(?: up)?|create|fix|debug|convert|generate|compose|format)\s+(?:me\s+|us\s+)?(?:a|an|this|the|my|our|some|\d+)\b|^\W*ask (?:chat ?gpt|copilot|gemini|claude) (?:which|what|to|for|how|if|whether|when|where|who)\b`, "i");
/**
 * Asking the bot to act somewhere for you ("can you book meeting room 4.12", "can u update the opp amount in SFDC",
 * "just approve my request #4471"): PartnerPilot takes no action in other systems. On every labelled set but the
 * held-out ones it matches 39 out-of-scope messages and no in-scope one (check-ins and partner requests excepted).
 */
const ACTION_FOR_THE_BOT = new RegExp(String.raw`^(?:\W*(?:${GREETING}|${LEAD_IN}|${ADDRESSED_TO})\b[\s,!:-]*)*(?:my boss said it'?s ok,? so )?(?:(?:can|could|would) (?:you|u) (?:pls |please |just )?|pls |please |just )(?:update|send|release|pull|approve|set|book|cancel|delete|reset|unlock|log|raise|open|order|change|assign|grant|add me|remove|move|post|submit|file|forward|share)\b`, "i");
const ACTION_REFUSAL =
  "I can't do things in other systems for you (book, order, update, approve, reset): I answer questions about adopting AI at Halden & Rowe. Please do it in the system itself, or ask the IT service desk or the system's owners.";
const TASK_REFUSAL =
  "I don't do that work myself: I answer questions about adopting AI at Halden & Rowe. If you want an AI tool to do it, ask me which tools are approved for it, which data you may use with them, or how to get a seat.";

/**
 * Something broken right now ("jira is down", "502 on every board", "Salesforce logs me out every 5 minutes", "login
 * loops back to Okta"): an incident for the IT service desk, not a question about adopting AI, whichever system it
 * names. On every labelled set but the held-out ones (A–M, N and the development sets) it matches 19 out-of-scope
 * messages and no in-scope one.
 */
const IT_INCIDENT =
  /\b(?:is|are|'s|s) down\b|\bdown for (?:me|anyone|everyone|us)\b|\b50[234]\b|\blogs? me out\b|\bloops? back\b|\bnot signed in\b|\b(?:won'?t|wont|doesn'?t|does not|can'?t|cant|cannot) connect\b|\bsuspended\b|\bkeeps? crashing\b|\bbroken (?:since|again|for (?:me|us|everyone|anyone|all of us))\b|\b(?:sync|login|sso|connection|connector|integration) (?:is |has )?(?:broken|failing|failed)\b(?! (?:because|when|if)\b)|\bspinning wheel\b|\bpassword (?:has )?expired\b|\breset (?:my|the|their|his|her|a user'?s?) (?:[\w-]+ ){0,2}(?:password|passcode|pin|mfa|2fa|authenticator)\b|\bforgot (?:my )?(?:[\w-]+ )?(?:password|pin)\b|\blocked out\b/i;
const INCIDENT_REFUSAL =
  "That sounds like something broken right now, which the IT service desk fixes: raise an incident in ServiceNow, or call the service desk if you can't get in. I answer questions about adopting AI at Halden & Rowe: which tools and data are allowed, integrations, use cases and partners.";

/**
 * Where an errand refused as out of scope does belong, so the refusal points somewhere ("my payslip for june is wrong,
 * who fixes it" was told only what PartnerPilot does). Only the desks every employee has; no team the playbooks do not
 * name is invented. First match wins.
 */
export const ERRAND_DESKS: readonly { asks: RegExp; goTo: string }[] = [
  {
    asks: /\b(?:payslips?|pay ?slips?|payroll|salary|salaries|wages?|overtime|bonus(?:es)?|pension|benefits?|holiday (?:days|balance|allowance)|vacation days|annual leave|leave (?:balance|request)|sick (?:leave|note|day)|parental leave|gehalt\w*|lohn\w*|urlaub\w*|salaris\w*|loonstrook\w*|vakantiedagen|wynagrodz\w*|urlop\w*)\b/i,
    goTo: "pay, leave and benefits are HR's, so your HR contact or the HR team can sort that out.",
  },
  {
    asks: /\b(?:laptops?|vpn|wi-?fi|printers?|monitors?|headsets?|passwords?|mfa|2fa|log ?in|sign ?in|outlook|teams meeting|email account|phone (?:is|won'?t|doesn'?t)|install(?:ing)? (?:software|an app|a program))\b/i,
    goTo: "devices, accounts and access are the IT service desk's: raise a request in ServiceNow.",
  },
  {
    asks: /\b(?:expenses?|expense claims?|reimburse\w*|receipts?|travel booking|book (?:a )?(?:flight|hotel|train)|per diem)\b/i,
    goTo: "expenses and travel follow the finance team's expense process, so ask Finance or your manager.",
  },
  {
    asks: /\b(?:meeting rooms?|desk booking|book (?:a )?desk|parking|office access|access badge|building access)\b/i,
    goTo: "rooms, desks and the building are for facilities or your office's reception.",
  },
];

/** A team's own check-in scores or results, or the report of one that ran. */
const ASKS_FOR_OWN_RESULTS =
  /\b(?:my|our|the team's|my team's|our team's)\b[^.?!,]{0,40}\b(?:scores?|scored|results?|barrier point|report)\b|\b(?:how did|how has|how have) (?:my|our|the) (?:\w+ )?(?:team|people|group)\b|\b(?:see|get|show)\b[^.?!]{0,20}\b(?:the |our |my )?(?:check-?in )?(?:results?|scores?|report)\b/i;
/** A question asked of the bot: a question mark, or a question word opening the message. */
const ASKING_ABOUT = /\?|^\W*(?:\w+[,:]?\s+){0,3}?(?:what|who|how|when|where|which|why|can|could|may|must|should|is|are|do|does)\b/i;

/** A word that makes a message without a question mark ask something. */
const ASKS = /\b(?:who|what|how|when|where|which|why|can|could|should|may|must|do|does|is|are)\b/i;
/** A message that opens with a question frame, after a greeting or "ok" at most: "how do i get chatgpt", "hey where do I find …". */
const ASKS_AT_START =
  /^\W*(?:(?:hi|hey|hello|hiya|ok(?:ay)?|so|quick q(?:uestion)?|qq)\b[\s,!:.-]*)*(?:how (?:do|does|can|could|should|would|to|long|much|many|often)|what(?:'s| is| are| do| does| can| should| happens)|whats|where (?:do|does|can|is|are|should)|when (?:do|does|can|is|are|will|should)|who (?:do|does|can|is|are|should|approves|decides|owns)|which|can (?:i|we|my|our)|could (?:i|we)|may (?:i|we)|is (?:it|there|this|that|my|our)|are (?:we|there)|do (?:i|we)|does|should (?:i|we))\b/i;
/** A question about the bot itself ("what's your favourite colour?", "hey what can you do?"): small talk's own questions. */
const ABOUT_THE_BOT = /\b(?:you|your|u|ur|yours)\b/i;
/** "What" that asks nothing: "that's what I needed", "exactly what we wanted". */
const RELATIVE_WHAT = /\b(?:that'?s|that is|this is|it'?s|exactly|just) (?:what|how)\b/gi;
/** A question word alone, after a lead-in at most: "ok how", "so why?", "and when". */
const BARE_ASK = /^\W*(?:(?:ok(?:ay)?|so|and|but|then|right|hm+)[\s,]+)?(?:how|why|where|when|which(?: one)?|what(?: then| now)?|who(?: then)?)\W*$/i;
/** The thread's question asked again of something else: "same question but for Poland", "same for the UK team?". */
const ASKED_AGAIN = /\bsame (?:question|q|thing|answer|rules?)\b|^\W*same (?:for|in|with)\b/i;
/** The intent model's P(small talk) from which a question of several words is answered with a greeting. */
const SURE_SMALLTALK = 0.6;

/**
 * A follow-up is composed for its own words and the thread's question it carries ("and for the EU side?" + "is Zendesk
 * AI approved for US support?"); the carried words weigh this much of their IDF, so the sentence that answers what the
 * follow-up adds wins over the one that answered the thread already. Read sets cross-fitted: openings 2,872 → 2,874
 * of 3,624 (0.25: 2,872; 1, as before: 2,872).
 */
const CARRIED_WORD_WEIGHT = 0.5;

/**
 * How many of the nearest labelled questions may bring their answers' passages, and at most how many passages. The
 * fact's sentence was among the candidates for 407 fewer of 3,400 labelled questions than it had a fact; for 138 of
 * them one of the three nearest other-fold questions had been answered by a sentence stating it. With the passages
 * brought (weights refitted), `eval --fit-opening`'s folds 2,476 → 2,498 of 3,764 (development and A–J 1,060 → 1,062,
 * K–S 624 → 622, V–ZC 704 → 724, ZN 88 → 90); read sets cross-fitted 2,909 → 2,965 of 3,624, first citation 3,192 →
 * 3,203; development first citation 514 → 504 of 548.
 */
const SUGGESTED_FROM = 3;
const MAX_SUGGESTED = 2;

/** Each chunk list's opening sentences (as sentenceKey reads them) to their chunk, built once per index. */
const chunksBySentence = new WeakMap<readonly Chunk[], Map<string, Chunk>>();
function openingChunks(chunks: readonly Chunk[]): Map<string, Chunk> {
  let map = chunksBySentence.get(chunks);
  if (!map) {
    map = new Map();
    for (const chunk of chunks) for (const s of openingSentences(chunk)) if (!map.has(sentenceKey(s))) map.set(sentenceKey(s), chunk);
    chunksBySentence.set(chunks, map);
  }
  return map;
}

/** Prepared answer before it is stored: the parts common to the streamed and the plain path. */
interface Plan {
  /** The cleaned request (Slack markup, invisible characters, override clause removed). */
  text: string;
  /** What was searched: the request without personal data, completed from the thread for follow-ups. */
  query?: string;
  /** The question the offline answer is composed for: the query without the words added for the kind of fact asked. */
  composeQuery?: string;
  /** The message's own words when composeQuery carries the thread's question too (a follow-up). */
  ownWords?: string;
  intent: Intent;
  confidence: number;
  scope?: ScopeDecision;
  hits: SearchHit[];
  /** For use-case questions: catalog entries that match, best first. */
  useCaseHits?: SearchHit[];
  /** More sections of the best passage's playbook, for the offline composer's choice of opening. */
  siblings?: SearchHit[];
  /** The thread moved to another system ("and for Workday?"): the offline opening comes from that system's playbook. */
  openFromBestPlaybook?: boolean;
  /** The message asks to have the thread's last answer confirmed ("so that's a no?"); see `offline`. */
  confirms?: boolean;
  /** For a use-case follow-up ("which of those is lowest risk?"): the ids the thread's last answer listed. */
  keepUseCases?: string[];
  /** The message had an instruction to the bot, or an ask for what it never gives, beside its question (dropped). */
  overrideRemoved?: boolean;
  /** The message was refused as a whole, and this plan answers one of its parts (see `plan`). */
  errandRemoved?: boolean;
  /** The kinds of personal data found in the message and left out (email, phone …), in order of first mention. */
  personalData?: RedactionKind[];
  /**
   * AI products the question asks about that no playbook names (never empty; absent when there are none): the answer
   * is the rule for tools off the approved list.
   */
  unlistedTools?: string[];
  escalation: Answer["escalation"];
  history: Turn[];
  signals?: Answer["signals"];
  /** What the offline answer's caveat was decided on (see Answer.caveatSignals). */
  caveatSignals?: CaveatSignals;
  /** The playbooks search ranked first (see Answer.searched). */
  searched?: string[];
  /** Set when the reply is fixed (refusal, small talk, offline); otherwise the LLM writes it. */
  fixed?: { reply: Reply; citations: Citation[] };
}

/**
 * The assistant: the cleaned request, intent (learned), scope and refusal (calibrated), retrieval, the reply
 * (LLM with validated citations, or the offline composer), the escalation decision and thread memory. Surfaces
 * (CLI, Slack) only call ask/askStream and render the typed reply.
 */
export class AnswerService implements AnswerEngine {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly threshold: number;
  private readonly intentModel: IntentModel;
  private readonly thresholds: EscalationThresholds;
  private readonly encodedIntent?: EncodedIntentModel;
  /** The labelled questions that vote for the offline opening and bring their answers' passages (none: undefined). */
  private readonly neighbours: OpeningNeighbours | undefined;
  /** Each playbook's path and title, for sentences that refer to a playbook by its file. */
  private readonly playbookTitles: ReadonlyMap<string, string>;

  constructor(private readonly options: AnswerServiceOptions) {
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.threshold = options.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
    this.intentModel = options.intentModel ?? defaultIntentModel(options.index.modelCacheDir);
    const encoded = options.encodedIntentModel === undefined ? shippedEncodedIntent() : options.encodedIntentModel;
    if (encoded) this.encodedIntent = encoded;
    // Read the opening's model now: a broken file fails the start, not an answer.
    if (!options.openingWeights || options.openingTranslation === undefined) shippedOpening();
    this.neighbours = options.openingNeighbours === undefined ? shippedOpening().neighbours : (options.openingNeighbours ?? undefined);
    // Train the playbook prior now (once per index), not inside the first employee's answer.
    if ((options.priorWeight ?? PRIOR_WEIGHT) > 0) options.index.playbookPrior();
    if ((options.sectionWeight ?? SECTION_WEIGHT) > 0) options.index.sectionPrior();
    // The criteria page states the numbers once; the decision reads them from there.
    this.playbookTitles = new Map(options.index.playbooks.map((p) => [p.path, p.title]));
    this.thresholds = parseThresholds(options.index.playbooks.find((p) => p.path === CRITERIA_PLAYBOOK)?.body);
  }

  async ask(request: AskRequest): Promise<Answer> {
    const plan = await this.plan(request);
    let body = plan.fixed;
    if (!body) {
      try {
        const reply = await this.options.llm!.answer(this.llmInput(plan));
        body = this.fromLlm(reply, this.passages(plan));
      } catch (err) {
        this.logger.warn({ err: (err as Error).message }, "LLM answer unavailable; using the offline composer");
        body = this.offline(plan, true);
      }
    }
    return this.finish(request, plan, body);
  }

  askStream(request: AskRequest): AnswerStream {
    let resolveResult!: (r: Answer) => void;
    let rejectResult!: (e: unknown) => void;
    const result = new Promise<Answer>((res, rej) => {
      resolveResult = res;
      rejectResult = rej;
    });
    result.catch(() => undefined);
    const self = this;
    async function* chunks(): AsyncGenerator<string> {
      try {
        const plan = await self.plan(request);
        let body = plan.fixed;
        let streamed = "";
        if (!body && self.options.llm) {
          try {
            const stream = self.options.llm.stream(self.llmInput(plan));
            for await (const piece of stream.chunks) {
              streamed += piece;
              yield piece;
            }
            body = self.fromLlm(await stream.done, self.passages(plan));
          } catch (err) {
            self.logger.warn({ err: (err as Error).message }, "LLM stream failed; using the offline composer");
            body = self.offline(plan, true);
          }
        }
        body ??= self.offline(plan, false);
        const final = await self.finish(request, plan, body);
        // What streams is the reply's body: the partner offer and the Sources are the surface's to render.
        const text = replyBody(final.reply);
        if (streamed && text.startsWith(streamed)) {
          if (text.length > streamed.length) yield text.slice(streamed.length);
        } else if (!streamed) {
          for (const part of text.split(/(?<=\n\n)/)) yield part;
        }
        resolveResult(final);
      } catch (err) {
        rejectResult(err);
        throw err;
      }
    }
    return { chunks: chunks(), result };
  }

  /**
   * The plan for a message; one refused as none of PartnerPilot's business is planned again for each of its parts
   * ("need to book a meeting room for tomorrow 2pm, also can I use copilot to take notes in that meeting?", "who won the
   * match lol. also quick q does copilot work on my iphone"), and the first part that is answered answers it, with a
   * note that the rest was left out.
   */
  private async plan(request: AskRequest): Promise<Plan> {
    const history = request.conversationId && this.options.store ? await this.options.store.recentTurns(request.conversationId, HISTORY_TURNS) : [];
    const whole = await this.planMessage(request, history);
    if (whole.fixed?.reply.kind !== "refusal" || whole.fixed.reply.reason !== "out_of_scope") return whole;
    for (const part of messageParts(whole.text)) {
      const planned = await this.planMessage({ ...request, text: part }, history);
      if (planned.fixed && planned.fixed.reply.kind !== "answer" && planned.fixed.reply.kind !== "use_cases") continue;
      if (planned.intent === "out_of_scope" || planned.intent === "smalltalk") continue;
      return { ...planned, errandRemoved: true };
    }
    return whole;
  }

  private rank(query: string): Promise<SearchHit[]> {
    return this.options.index.rank(query, {
      priorWeight: this.options.priorWeight ?? ANSWER_SEARCH_WEIGHTS.priorWeight,
      semanticWeight: this.options.semanticWeight ?? ANSWER_SEARCH_WEIGHTS.semanticWeight,
      sectionWeight: this.options.sectionWeight ?? ANSWER_SEARCH_WEIGHTS.sectionWeight,
      questionWeight: this.options.questionWeight ?? ANSWER_SEARCH_WEIGHTS.questionWeight,
    });
  }

  private async planMessage(request: AskRequest, history: Turn[]): Promise<Plan> {
    const raw = request.text.trim();
    const empty = { recommended: false, criteria: [], reasons: [], partners: [] };
    // A message refused before anything reads it: no search, no intent, no escalation.
    const refused = (text: string, reason: Extract<Reply, { kind: "refusal" }>["reason"], message: string): Plan => ({
      text,
      intent: "out_of_scope",
      confidence: 0,
      hits: [],
      escalation: empty,
      history,
      fixed: { reply: { kind: "refusal", reason, message, closestTopics: [] }, citations: [] },
    });
    if (raw.length > MAX_QUESTION_CHARS) {
      return refused(
        "",
        "too_long",
        `That message is ${raw.length.toLocaleString("en")} characters; I can take questions up to ${MAX_QUESTION_CHARS.toLocaleString("en")}. Please ask the question itself in a sentence or two (attach long documents in the thread instead).`,
      );
    }
    const cleaned = cleanRequest(raw);
    // Typos corrected to the playbooks' words ("copliot", "licnese"): every reader below, search, intent, scope and the
    // opening, sees the word the playbooks use (src/retrieval/spelling.ts).
    const text = this.options.index.correctSpelling(cleaned.text);
    if (text.length === 0) {
      return { text, intent: "smalltalk", confidence: 1, hits: [], escalation: empty, history, fixed: { reply: this.greeting(), citations: [] } };
    }
    if (cleaned.attack) {
      return refused(text, "instructions", "I can't give out my instructions, secrets or other people's data, and I can't change my rules. I answer questions about adopting AI at Halden & Rowe from the partner playbooks.");
    }
    // "Write me an email…", "summarise the attached PDF": work for an AI tool, not a question about adopting one. The
    // reply says where that work is done instead of answering from whatever passage shares a word with it.
    // Check-ins, partner referrals and use cases are work PartnerPilot does itself, however they are asked for.
    const oursToDo = CHECKIN.test(text) || /\b(?:partners?|referrals?|use[- ]?cases?)\b/i.test(text);
    if (TASK_FOR_THE_BOT.test(text) && !PERSONAL_WRITING.test(text) && !oursToDo) return refused(text, "out_of_scope", TASK_REFUSAL);
    if (IT_INCIDENT.test(text)) return refused(text, "out_of_scope", INCIDENT_REFUSAL);
    if (ACTION_FOR_THE_BOT.test(text) && !oursToDo) return refused(text, "out_of_scope", ACTION_REFUSAL);
    const previousQuestions = history.filter((t) => t.role === "user").map((t) => t.text);
    // Personal data (an email, a phone number) is not what the question is about: search without it.
    const redacted = redactText(text);
    const personalData = [...new Set([...redacted.matchAll(PERSONAL_DATA_PLACEHOLDER)].map((m) => KIND_OF_PLACEHOLDER.get(m[1]!)!))];
    const aboutTheData = personalData.length > 0 && ASKS_ABOUT_THE_DATA.test(redacted);
    const typed = redacted
      .replace(PERSONAL_DATA_LABEL, " ")
      .replace(PERSONAL_DATA_PLACEHOLDER, (_, name: string) => (aboutTheData ? ` ${PERSONAL_DATA_WORDS[KIND_OF_PLACEHOLDER.get(name)!]} ` : " "));
    const lastAnswer = lastAnswerIn(history);
    const previousIntent = lastAnswer?.meta?.intent as Intent | undefined;
    const inThread = previousIntent !== undefined && previousIntent !== "out_of_scope" && previousIntent !== "smalltalk";
    // "so that's a no?", "so I can't use it?" asks to have the thread's last answer confirmed: it is answered as that
    // question was, so the same rule opens it again, said to be the same, with the verdict it had. Searched in its own
    // few words with the thread's question, it opened with a neighbouring rule that read like the answer had turned.
    const lastQuestion = previousQuestions.at(-1);
    const confirms = inThread && lastQuestion !== undefined && CONFIRMS.test(typed);
    const searchable = confirms ? lastQuestion : typed;
    const followUp = inThread && (isFollowUp(text) || text.split(/\s+/).length <= 8);
    const { index } = this.options;
    // An AI product no playbook names ("is perplexity ok?"): the policy's rule for every tool off the approved list
    // answers it, searched for in the rule's own words and its section put first (see unlisted-tools.ts).
    // A product the rule itself names ("Standalone AI assistants such as Gemini, Claude, Perplexity and DeepSeek are not
    // approved either") is still a tool off the list, which the rule answers: named nowhere else ("is perplexity ok to
    // use for market research?"), search had opened with the sentence on deep research in the approved tools.
    const unlistedTools = unlistedAiTools(searchable, (name) => index.namesOutside(name, inUnlistedToolSection));
    const unlistedRule = unlistedTools.length ? this.sectionChunk(UNLISTED_TOOL_SECTION.path, UNLISTED_TOOL_SECTION.heading, UNLISTED_TOOL_SECTION.rule) : undefined;
    // A confirmation is read as the question it confirms, in that question's own thread.
    const inContext = confirms ? contextualQuery(searchable, previousQuestions.slice(0, -1)) : inThread ? contextualQuery(searchable, previousQuestions) : searchable;
    // The words for the kind of fact asked reach search only: the answer's sentences are chosen by the question's own
    // words ("how long does that usually take?" in a works-council thread opened with "Lite review, 5 business days",
    // which shares "business days" with the added words, not the 8–12 weeks of the works council's lead time). Read
    // sets: openings 2,852 → 2,860 of 3,624, first citation 3,180 → 3,184; development first citation 518 → 521.
    const asked = withAskedVocabulary(inContext);
    const query = unlistedRule ? `${asked} ${UNLISTED_TOOL_VOCABULARY}` : asked;
    // One search serves both the answer (the top six, diversified as usual) and, for use-case questions, the
    // catalog entries among every fused candidate.
    const searched = await this.rank(query);
    // "And for Salesforce?" asks the thread's question of another system: that system's own integration playbook
    // answers first when it has a passage on it, rather than the general page the thread started from. Only a short
    // follow-up is that ellipsis; a longer one that names a system asks something of its own.
    const switchedTo = inThread && words(searchable).length <= 3 ? newlyNamedSystem(searchable, previousQuestions) : undefined;
    const ranked = switchedTo ? preferPlaybooksOf(searched, index.playbooks, switchedTo) : searched;
    const diversified = diversify(ranked, (h) => h.chunk.path, DEFAULT_PER_DOCUMENT, 6);
    const hits = unlistedRule ? withChunkFirst(diversified, unlistedRule) : diversified;
    // The company's vocabulary spelled out once, for every signal below (search expands the raw query itself).
    const expandedQuery = index.expandAliases(query);
    const expandedText = index.expandAliases(text);
    const confidence = retrievalConfidence(expandedQuery, hits, (t) => index.idf(t), (c) => index.termsOf(c));

    const prediction = await this.predictIntent(expandedText);
    let intent: Intent = prediction.intent;
    // A greeting in reply to a real question reads as the bot not listening: a message of several words that asks
    // something is small talk only when the model is sure; otherwise its likeliest other intent is taken (and the
    // scope decision below still refuses what is not PartnerPilot's business).
    // In a thread, a follow-up that asks something ("and in the UK is it the same?", "and if it has to be built into
    // zendesk who do we ask") is never small talk; "ok thanks!" still is.
    // So are a bare question word ("ok how", "so why?") and the thread's question asked again of something else ("same
    // question but for the team in poland"), which were answered "You're welcome!" and with a greeting.
    const asksInThread =
      followUp && ((text.split(/\s+/).length >= 4 && (/\?/.test(text) || (isFollowUp(text) && ASKS.test(text.replace(RELATIVE_WHAT, " "))))) || BARE_ASK.test(text) || ASKED_AGAIN.test(text));
    // "how do i get chatgpt" (no question mark, one content word) read as small talk and got the greeting: a message
    // that opens by asking how, what, where or whether is a question unless it is one of the greetings' own
    // questions ("how are you?", "what can you do?").
    const opensWithAsk = ASKS_AT_START.test(text) && !SMALLTALK.test(text) && !POLITE.test(text) && !ABOUT_THE_BOT.test(text);
    if (intent === "smalltalk" && (asksInThread || opensWithAsk || (prediction.probabilities.smalltalk < SURE_SMALLTALK && /\?/.test(text) && words(text).length >= 4))) {
      intent = INTENTS.filter((i) => i !== "smalltalk").reduce((best, i) => (prediction.probabilities[i] > prediction.probabilities[best] ? i : best), "question" as Intent);
    }
    // A short follow-up in a thread ("and for Workday?", "which is lowest risk?") keeps the thread's intent
    // unless the model is sure it is something else.
    // After a list of use cases, a follow-up that asks who, how long, whether or how ("and who reviews them before
    // publishing?") asks about them, which the playbooks answer: keeping the list's intent showed the same list again.
    const asksAboutTheList = previousIntent === "use_cases" && askedFor(text) !== "other" && !askedUseCaseOrder(text);
    const keepsThread = followUp && previousIntent !== undefined && prediction.probabilities[intent] < 0.75 && intent !== "smalltalk" && !asksAboutTheList;
    if (keepsThread || confirms || (followUp && previousIntent === "use_cases" && askedUseCaseOrder(text))) intent = previousIntent!;
    // "What do I do with the results?", "can a check-in be done remotely?": a question about check-ins is answered
    // from the playbooks; only asking for one to be run ("can you set up a check-in for …", "… bitte") is a request.
    // Asking for a team's own scores or results ("how did my team score?", "can I see the results already?") is asking
    // for the check-in's report, which the check-in flow has.
    if (intent === "checkin" && !REQUESTS_A_CHECKIN.test(text) && !ASKS_FOR_OWN_RESULTS.test(text) && ASKING_ABOUT.test(text)) intent = "question";
    // A business system named without anything of AI or the programme is a question about using the system.
    const domain = (DOMAIN_WORDS.test(expandedText) || DOMAIN_INFLECTED.test(text)) && AI_OR_PROGRAMME.test(expandedText);
    // In another language, about AI or our systems, the words the glossary does not know are that language's, not
    // the question's subject.
    const otherLanguage = domain && defaultGlossary().matches(query).length >= 2;
    const coverage = specificCoverage(expandedQuery, hits, (t) => index.idf(t), (c) => index.termsOf(c), (t) => index.knows(t), { skipUnknown: otherLanguage });
    // A follow-up leans on its thread ("ok, and if the Hamburg works council hasn't signed by 15 Aug, can Munich go
    // first?"): whether it is PartnerPilot's business is read from it with the thread's question too, whichever
    // reading is more in scope.
    const threadOutOfScope = followUp && query !== searchable ? (await this.predictIntent(expandedQuery)).outOfScope : 1;
    const scopeSignals = {
      outOfScopeIntent: Math.min(prediction.outOfScope, threadOutOfScope),
      confidence,
      ...(coverage !== undefined ? { specificCoverage: coverage } : {}),
      domain,
      inThread,
    };
    let scope = decideScope({ ...scopeSignals, intent, threshold: this.threshold });
    // The playbooks answer a question about an unlisted AI product: with the rule for tools off the approved list.
    if (unlistedRule && scope.action !== "answer") scope = { ...scope, action: "answer" };
    if (scope.action === "refuse_out_of_scope") intent = "out_of_scope";
    else if (intent === "out_of_scope") {
      // The calibrated decision keeps it in scope: take the likeliest in-scope intent (something to answer, not a greeting).
      intent = INTENTS.filter((i) => i !== "out_of_scope" && i !== "smalltalk").reduce((best, i) => (prediction.probabilities[i] > prediction.probabilities[best] ? i : best), "question" as Intent);
    }
    // Whether a product may be used is a question for the policy, not a greeting or a use-case list.
    if (unlistedRule && (intent === "smalltalk" || intent === "use_cases")) intent = "question";
    // "Who signs off on using AI for the board's forecast commentary?" asks for a team, not for ideas: a question
    // that asks who is answered from the playbooks, never with a list of use cases (labelled, 8 of 602 who-questions
    // of the read sets ask for use cases).
    if (intent === "use_cases" && ASKS_WHO.test(searchable)) intent = "question";
    // So is a question about how or where to hand in an idea ("jak zgłosić nowy pomysł na użycie AI? jest jakiś
    // formularz?"): the intake process answers it, not a list of other teams' use cases.
    if (intent === "use_cases" && ASKS_HOW_TO_SUBMIT.test(searchable)) intent = "question";
    if (this.options.llm && intent !== "out_of_scope" && intent !== "smalltalk") {
      intent = await this.options.llm.classifyIntent(text).catch((err: Error) => {
        this.logger.debug({ err: err.message }, "LLM intent failed validation; using the learned classifier");
        return intent;
      });
    }
    const earlierAnswers = history.filter((t) => t.role === "assistant" && !["smalltalk", "out_of_scope"].includes(String(t.meta?.intent)));
    // Criterion 5 counts answers that did not help: the playbooks did not cover the question (a caveated answer
    // to a weakly matched question is still an answer).
    const earlierLowConfidence = earlierAnswers.filter((t) => t.meta?.notCovered === true).length;
    const lowConfidence = scope.action === "refuse_not_covered";
    const decision = decideEscalation({
      text,
      history: previousQuestions,
      // Only a message that leans on its thread continues the project; a long new question starts its own.
      ...(followUp && Array.isArray(lastAnswer?.meta?.criteria) ? { threadCriteria: lastAnswer.meta.criteria as string[] } : {}),
      earlierLowConfidence,
      earlierAnswers: earlierAnswers.length,
      lowConfidence,
      intent,
      thresholds: this.thresholds,
      partnerRequestProbability: prediction.probabilities.partner_request,
      questionProbability: prediction.probabilities.question,
    });
    // Someone who asks for a partner is answered with the partner route, even when the playbooks do not cover
    // their project: "not covered" would read as a refusal of exactly what they asked for.
    if (scope.action === "refuse_not_covered" && decision.criteria.includes("explicit_request")) scope = { ...scope, action: "answer_with_caveat" };
    let partners: Answer["escalation"]["partners"] = [];
    if (decision.recommended && this.options.matchPartners) {
      const systems = [...new Set(hits.slice(0, 3).flatMap((h) => h.chunk.systems))];
      // The need is the thread's, not the follow-up's words alone: "and how long would that take?" names no system,
      // country or head count, and matched on whatever its own search cited, so the firms changed between turns of
      // one conversation about the same project. Every question of the thread is read, so a fact added later ("it's
      // DE and PL") narrows the match and nothing said earlier is forgotten.
      const need = inThread ? [...previousQuestions, searchable].join("\n") : searchable;
      // A follow-up that names no system keeps the firms the thread was shown: with no system in the thread's words
      // either, the match stands in the systems of what each turn's search cited, which differ from turn to turn.
      const shown = followUp && !namesSystem(searchable) ? SuggestedPartnerSchema.array().min(1).safeParse(lastAnswer?.meta?.partners) : undefined;
      partners = shown?.success
        ? shown.data
        : await this.options.matchPartners({ text: need, criteria: decision.criteria, systems }).catch((err: Error) => {
            this.logger.warn({ err: err.message }, "partner matching failed; offering the Partner Management Office");
            return [];
          });
    }
    const escalation = { recommended: decision.recommended, criteria: decision.criteria, reasons: decision.reasons, partners };
    // The escalation criteria are the bot's own rules: they reach the employee as the partner offer, and only
    // answer a question that is about partners or escalation.
    const aboutPartners = intent === "partner_request" || /\b(partners?|escalat\w*|referrals?|consultants?|integrators?|criteria)\b/i.test(text);
    // The criteria's own sections, for a question that is not about partners, are never a passage of its answer.
    const mayAnswer = (chunk: Chunk) => aboutPartners || !CRITERION_HEADINGS.has(chunk.section);
    const answerHits = hits.filter((h) => mayAnswer(h.chunk));
    const signals = { ...scopeSignals, outOfScope: scope.outOfScope };
    const planHits = answerHits.length > 0 ? answerHits : hits;
    const top = planHits[0];
    // Sections of the best playbook that diversification left out, ranked close to the best (see ComposeInput).
    const siblings = top
      ? ranked
          .filter((h) => h.chunk.path === top.chunk.path && !planHits.includes(h) && h.score >= top.score * SIBLING_SHARE && mayAnswer(h.chunk))
          .slice(0, MAX_SIBLINGS)
      : [];
    // Passages the nearest labelled questions were answered from, as the siblings are chosen: never the criteria's own
    // sections for a question not about partners.
    const suggested = top ? this.suggestedPassages(inContext, ranked, [...planHits, ...siblings], mayAnswer) : [];
    // A follow-up's own words are searched on their own too: with the thread's question carried, "who do I ask for an
    // exception then?" after "can I use Cursor?" found the coding-assistant rules again and never the policy's
    // exceptions passage, whose one rare word the follow-up had. Its best passages join the candidates (the opening
    // is still chosen by the learned score). Only a follow-up that asks something of its own (who, how long, whether,
    // how): "and for Salesforce?" asks the thread's question of another system, and alone its words found who owns
    // Salesforce. Set ZW's 37 follow-ups: openings 18 → 20; read sets cross-fitted 2,969 → 2,967 of 3,624.
    if (inContext !== searchable && askedFor(searchable) !== "other") {
      const shown = [...planHits, ...siblings, ...suggested];
      const own = await this.rank(withAskedVocabulary(searchable));
      suggested.push(...own.filter((h) => mayAnswer(h.chunk) && !shown.some((p) => p.chunk.id === h.chunk.id)).slice(0, OWN_WORDS_PASSAGES));
    }
    const plan: Plan = { text, query, composeQuery: inContext, ...(inContext !== searchable ? { ownWords: searchable } : {}), intent, confidence, scope, signals, searched: rankedPlaybooks(hits), hits: planHits, siblings: [...siblings, ...suggested], escalation, history, ...(switchedTo ? { openFromBestPlaybook: true } : {}), ...(confirms ? { confirms: true } : {}), ...(unlistedRule ? { unlistedTools } : {}), ...(cleaned.overrideRemoved ? { overrideRemoved: true } : {}), ...(personalData.length ? { personalData } : {}) };
    if (intent === "use_cases") {
      // Use-case questions are answered from the catalogs' entries, searched among all chunks, not only the top six.
      plan.useCaseHits = ranked.slice(0, 24).filter((h) => h.chunk.useCase);
      if (followUp && previousIntent === "use_cases") {
        const ids = lastAnswer?.meta?.useCases;
        if (Array.isArray(ids)) {
          plan.keepUseCases = ids.map(String);
          // The use cases of the last answer are re-ordered, so they must be among the candidates.
          const known = new Set(plan.useCaseHits.map((h) => h.chunk.useCase!.id));
          const missing = plan.keepUseCases.filter((id) => !known.has(id));
          if (missing.length) plan.useCaseHits.push(...index.chunks.filter((c) => c.useCase && missing.includes(c.useCase.id)).map((chunk) => ({ chunk, score: 0, termCoverage: 0 })));
        }
      }
    }
    if (intent === "smalltalk") plan.fixed = { reply: this.greeting(text), citations: [] };
    else if (intent === "out_of_scope") plan.fixed = { reply: this.refusal("out_of_scope", hits, text), citations: [] };
    else if (scope.action === "refuse_not_covered") plan.fixed = { reply: this.refusal("not_covered", hits), citations: [] };
    else if (!this.options.llm) plan.fixed = this.offline(plan, false);
    return plan;
  }

  /**
   * The learned intent: the word model, averaged with the sentence-encoder model when the word model is unsure and
   * the index has the encoder those weights were fitted for (intent-encoder.ts).
   */
  private async predictIntent(text: string): Promise<IntentPrediction> {
    const words = this.intentModel.predict(text);
    const encoded = this.encodedIntent;
    if (!encoded || this.options.index.sentenceEncoder?.id !== encoded.encoder) return words;
    if (!needsEncoder(words)) return words;
    const vector = await this.options.index.encode(text);
    return vector ? combinedPrediction(words, encoded.probabilities(vector)) : words;
  }

  /** The passages the model is given, in order: its [n] markers are resolved against this same list. */
  private passages(plan: Plan): SearchHit[] {
    return plan.useCaseHits && plan.useCaseHits.length >= 2 ? plan.useCaseHits.slice(0, 6) : plan.hits;
  }

  private llmInput(plan: Plan): LlmInput {
    return {
      question: plan.text,
      passages: this.passages(plan),
      history: plan.history.map((t) => ({ role: t.role, text: t.text })),
    };
  }

  private fromLlm(reply: { text: string; cited: number[] }, hits: SearchHit[]): { reply: Reply; citations: Citation[] } {
    // Keep only the passages the model cited, renumbered in order of first use.
    const order: number[] = [];
    for (const m of reply.text.matchAll(/\[(\d+)\]/g)) {
      const n = Number(m[1]);
      if (n >= 1 && n <= hits.length && !order.includes(n)) order.push(n);
    }
    const text = reply.text.trim().replace(/\[(\d+)\]/g, (all, n: string) => {
      const i = order.indexOf(Number(n));
      return i >= 0 ? `[${i + 1}]` : all;
    });
    return { reply: { kind: "model", text }, citations: order.map((n) => toCitation(hits[n - 1]!)) };
  }

  /**
   * The general offline answer from the plan's passages (the question embedded only when it is composed). `seen`:
   * whether the opening's candidates are reported (`onOpeningCandidates`): only for the answer's own question.
   */
  private composeFromPassages(plan: Plan, question: string, seen = true): ReturnType<typeof composeAnswer> {
    const { index } = this.options;
    const similarity = index.sentenceSimilarity(question);
    const own = plan.ownWords !== undefined && question === plan.composeQuery ? new Set(terms(plan.ownWords)) : undefined;
    return composeAnswer({
      question,
      ...(own ? { askedIn: plan.ownWords! } : {}),
      ...(similarity ? { similarity } : {}),
      hits: plan.hits,
      idf: own && own.size > 0 ? (t) => index.idf(t) * (own.has(t) ? 1 : CARRIED_WORD_WEIGHT) : (t) => index.idf(t),
      chunksOf: (p) => index.chunksOf(p),
      siblings: plan.siblings,
      ...(plan.openFromBestPlaybook ? { openFromBestPlaybook: true } : {}),
      ...(routes(plan) ? { routed: true } : {}),
      ...(this.options.openingWeights ? { openingWeights: this.options.openingWeights } : {}),
      ...(this.options.openingTranslation !== undefined ? { translation: this.options.openingTranslation } : {}),
      neighbours: this.neighbours ?? null,
      ...(this.options.onOpeningCandidates && seen ? { onCandidates: this.options.onOpeningCandidates } : {}),
    });
  }

  private offline(plan: Plan, llmFailed: boolean): { reply: Reply; citations: Citation[] } {
    // About an unlisted AI product, the answer is the policy's rule for it and the tools that are approved instead,
    // whatever else the question's words would have picked from the section.
    const question = plan.unlistedTools ? UNLISTED_TOOL_QUESTION : (plan.composeQuery ?? plan.query ?? plan.text);
    const answer = this.withEachQuestion(plan, this.offlineFor(plan, llmFailed, question));
    // A follow-up is often answered by the very reply the thread just had ("and if I only use it to write the rejection
    // emails, not for ranking?": the same rule still applies). Said again without a word on it, it reads as not having
    // been listened to; so it says the answer stands, whenever the same sentence opens it (the points around it may
    // differ, now that a follow-up's sentences are chosen in its own words). Read sets: opening with the next best sentence instead
    // moved openings 2,855 → 2,852 and first citations 3,183 → 3,177 (the labelled fact of such follow-ups is the same
    // rule); leaving out the points the thread had just read, 2,854 and 3,180 (the fact was often a point).
    const previous = lastAnswerIn(plan.history);
    if (previous && answer.reply.kind === "answer" && !answer.reply.note && openingOf(previous.text) === openingOf(replyBody(answer.reply))) {
      // "so that's a no?" is asking for the verdict the thread was given: it stands with the rule.
      const verdict = answer.reply.verdict ?? verdictSaidIn(previous.text);
      const reply = { ...answer.reply, note: SAME_AS_BEFORE, ...(verdict ? { verdict } : {}) };
      // Asked to confirm it, the answer is the verdict and the rule it stands on: the points and steps were just read
      // in the thread, and said again in full the reply read as not having been listened to.
      if (!plan.confirms) return { ...answer, reply };
      const { steps: _steps, ...short } = { ...reply, points: [] };
      return { ...answer, reply: short, citations: keepCitedSources(short, answer.citations) };
    }
    // The playbooks are quoted as written, in English; a German or Dutch reader is told so in their language.
    const language = messageLanguage(plan.text);
    const inEnglish = language ? ANSWERED_IN_ENGLISH[language] : undefined;
    if (inEnglish && (answer.reply.kind === "answer" || answer.reply.kind === "use_cases")) {
      return { ...answer, reply: { ...answer.reply, inEnglish } };
    }
    return answer;
  }

  /**
   * A message that asks several things ("when do we need a DPIA? and who signs it off", "(a) … (b) …") is answered for
   * the first by the composed answer; each other question's own best sentence among the same passages follows as a
   * point of its own, ahead of the points about the first, so no question is dropped. No search is added: the passages
   * were found for the whole message.
   */
  private withEachQuestion(plan: Plan, answer: { reply: Reply; citations: Citation[] }): { reply: Reply; citations: Citation[] } {
    if (answer.reply.kind !== "answer" || answer.reply.partnerRoute || plan.unlistedTools || plan.intent === "checkin") return answer;
    const parts = questionParts(plan.text);
    if (parts.length < 2) return answer;
    const reply = { ...answer.reply };
    let citations = [...answer.citations];
    const said = new Set([reply.lead.text, ...reply.points.map((p) => p.text), ...(reply.steps?.items ?? [])]);
    const leadSource = citations[(reply.lead.cites[0] ?? 0) - 1];
    const added: Statement[] = [];
    for (const part of parts) {
      const composed = this.composeFromPassages(plan, part, false);
      if (!composed || said.has(composed.reply.lead.text)) continue;
      const source = composed.citations[(composed.reply.lead.cites[0] ?? 0) - 1];
      // The question the lead answers already: its section opened the answer.
      if (!source || (leadSource && source.path === leadSource.path && source.section === leadSource.section)) continue;
      said.add(composed.reply.lead.text);
      added.push({ text: composed.reply.lead.text, cites: [citeSection(citations, source)] });
    }
    if (added.length === 0) return answer;
    reply.points = [...added, ...reply.points].slice(0, Math.max(MAX_POINTS_WITH_PARTS, added.length));
    citations = keepCitedSources(reply, citations);
    return { reply, citations };
  }

  private offlineFor(plan: Plan, llmFailed: boolean, question: string): { reply: Reply; citations: Citation[] } {
    const { index } = this.options;
    const composed =
      (plan.useCaseHits && composeUseCaseAnswer(index.expandAliases(question), plan.useCaseHits, (t) => index.idf(t), plan.keepUseCases)) ??
      this.composeFromPassages(plan, question);
    if (!composed) return { reply: this.refusal("not_covered", plan.hits), citations: [] };
    const reply = { ...composed.reply };
    if (reply.kind === "answer" && plan.intent === "checkin") {
      // A request to run a check-in is answered with how to run one; the ADKAR passages follow as context.
      reply.points = [{ ...reply.lead }, ...reply.points].slice(0, 3);
      reply.lead = { text: CHECKIN_LEAD, cites: [] };
    }
    let citations = composed.citations;
    if (reply.kind === "answer" && plan.unlistedTools) citations = this.withAskedPoint(reply, citations, plan);
    if (reply.kind === "answer" && plan.intent === "checkin") citations = this.citeCheckInSection(reply, citations);
    if (reply.kind === "answer" && routes(plan)) {
      // What the criteria were met on: this message and every question of the thread before it.
      const asked = [...plan.history.filter((t) => t.role === "user").map((t) => t.text), plan.text];
      citations = this.openWithPartnerRoute(reply, citations, plan.escalation.criteria, asked);
    }
    const opensWithToolRule = reply.kind === "answer" && plan.unlistedTools !== undefined && citations[0]?.path === UNLISTED_TOOL_SECTION.path;
    if (llmFailed) reply.note = "The language model did not answer in time, so this answer is assembled directly from the playbooks.";
    else if (opensWithToolRule) reply.note = notApprovedNote(plan.unlistedTools!);
    // The partner route is the answer itself, whatever the playbooks say about the project: no "partly covered".
    // The rule for unlisted tools answers exactly what was asked, however weakly the product's name matched.
    const doubt = reply.kind === "answer" ? this.caveatSignals(plan, citations[0]?.path, composed.sureness) : undefined;
    if (doubt) plan.caveatSignals = doubt;
    if (reply.kind === "answer" && doubt && !reply.partnerRoute && !opensWithToolRule && needsCaveat(doubt)) {
      reply.caveat = "Only partly covered by the playbooks: check this answers your question, or ask #ai-help.";
      // In doubt, what another section would have opened with comes first among the points: a reader whose question
      // the opening missed often finds it there.
      if (composed.rival) citations = withFirstPoint(reply, citations, composed.rival, MAX_POINTS);
    }
    // A question for a person ("who is the AI champion for finance in Wrocław?") that the answer names no one for, its
    // in-doubt point included: said first, so the role, team or channel that follows is not read as a dodge or as the
    // name asked for. Read sets cross-fitted: openings level (2,768 of 3,492).
    if (reply.kind === "answer" && !reply.note && !reply.partnerRoute && asksForPerson(plan.ownWords ?? plan.text) && !namesPerson([reply.lead.text, ...reply.points.map((p) => p.text)].join(" "))) reply.note = NO_PERSON_NOTE;
    // "Can I …?" answered by a rule gets its yes or no first, in the message's own words (a follow-up's, not the
    // thread's question); not over the partner route, a check-in or a weak match, where the lead is no verdict.
    // Nor over a use case's entry ("Trade show briefing packs: Do not upload the scanned lead list …"), which says what one
    // team does with AI and how, not what is allowed: read off where the catalog says a use case stands, verdicts were
    // right 2 times of 6 on held-out sets, 2 of them opposite (twenty-sixth session).
    const leadSource = reply.kind === "answer" ? citations[(reply.lead.cites[0] ?? 0) - 1] : undefined;
    const useCaseEntry = reply.kind === "answer" && leadSource?.path.startsWith("usecases/") === true && /^[^:.]{3,80}: /.test(reply.lead.text);
    if (reply.kind === "answer" && !reply.partnerRoute && !reply.caveat && plan.intent !== "checkin" && leadSource && !useCaseEntry) {
      const verdict = verdictOf(plan.ownWords ?? plan.text, reply.lead.text);
      if (verdict) reply.verdict = verdict;
    }
    return { reply: this.withPlaybookNames(reply), citations };
  }

  /**
   * A playbook that a sentence refers to by file ("… are in governance/tools-and-seats.md") is named by its title, as a
   * reader knows it ('… are in the "AI tools and seats" playbook'): the file path is the index's name for it.
   */
  private withPlaybookNames(reply: Reply): Reply {
    if (reply.kind !== "answer") return reply;
    const named = (statement: Statement): Statement => ({ ...statement, text: namePlaybooks(statement.text, this.playbookTitles) });
    return {
      ...reply,
      lead: named(reply.lead),
      points: reply.points.map(named),
      ...(reply.steps ? { steps: { ...reply.steps, items: reply.steps.items.map((item) => namePlaybooks(item, this.playbookTitles)) } } : {}),
    };
  }

  /** What the caveat is decided on (see caveat.ts): the plan's retrieval and scope, the cited playbook's prior, the opening's win. */
  private caveatSignals(plan: Plan, citedPath: string | undefined, sureness: LeadSureness | undefined): CaveatSignals {
    // P(playbook | question) of the learned prior, as search saw it (none when search ran without the prior).
    const citedPrior = citedPath === undefined ? undefined : plan.hits.find((h) => h.chunk.path === citedPath)?.prior;
    return {
      confidence: plan.confidence,
      ...(plan.signals?.specificCoverage !== undefined ? { specificCoverage: plan.signals.specificCoverage } : {}),
      outOfScope: plan.scope?.outOfScope ?? 0,
      weakMatch: plan.scope?.action === "answer_with_caveat",
      bestPrior: Math.max(0, ...plan.hits.map((h) => h.prior ?? 0)),
      ...(citedPrior !== undefined ? { citedPrior } : {}),
      inThread: plan.signals?.inThread ?? false,
      ...(sureness ? { leadScore: sureness.score, leadMargin: sureness.margin } : {}),
    };
  }

  /**
   * Someone who asks for a partner is answered with the route first, cited to the criterion that makes it partner
   * work; what the playbooks say about the project follows as points. Returns the citations, the criterion's
   * section added last when the passages lacked it (the playbooks the answer draws on stay first).
   */
  private openWithPartnerRoute(reply: Extract<Reply, { kind: "answer" }>, citations: Citation[], criteria: string[], messages: string[]): Citation[] {
    reply.points = [{ ...reply.lead }, ...reply.points].slice(0, 3);
    reply.partnerRoute = true;
    const basis = this.criterionSection(criteria);
    const cited = [...citations];
    reply.lead = { text: partnerRouteLead(criteria, messages, this.thresholds), cites: basis ? [citeSection(cited, toCitation({ chunk: basis, score: 0, termCoverage: 0 }))] : [] };
    return keepCitedSources(reply, cited);
  }

  /**
   * An answer about an unlisted AI product opens with the rule for it; what the message's own words would have opened
   * with, from another section ("… the dataset has supplier bank details in it": bank details are Restricted data),
   * follows as the first point, so the rest of the question is not dropped.
   */
  private withAskedPoint(reply: Extract<Reply, { kind: "answer" }>, citations: Citation[], plan: Plan): Citation[] {
    const asked = this.composeFromPassages(plan, plan.query ?? plan.text);
    const source = asked?.citations[(asked.reply.lead.cites[0] ?? 0) - 1];
    if (!asked || !source || inUnlistedToolSection(source)) return citations;
    const point = asked.reply.lead.text;
    if ([reply.lead, ...reply.points].some((p) => p.text === point)) return citations;
    return withFirstPoint(reply, citations, { text: point, source }, Math.max(reply.points.length, 1));
  }

  /**
   * A check-in request's lead (what the bot does) is cited to the ADKAR playbook's section on who runs the assessment
   * and how, listed first among the Sources; the passages' own sources follow, renumbered.
   */
  private citeCheckInSection(reply: Extract<Reply, { kind: "answer" }>, citations: Citation[]): Citation[] {
    const basis = this.sectionChunk(CHECKIN_SECTION.path, CHECKIN_SECTION.heading);
    if (!basis) return citations;
    const first = citations.find((c) => c.path === basis.path && c.section === basis.section) ?? toCitation({ chunk: basis, score: 0, termCoverage: 0 });
    // The section first, the others in their order after it; each old number maps to where its citation now stands.
    const reordered = [first, ...citations.filter((c) => c !== first)];
    const at = (cites: number[]) => [...new Set(cites.map((n) => reordered.indexOf(citations[n - 1]!) + 1))];
    reply.lead = { ...reply.lead, cites: [1] };
    if (reply.steps) reply.steps = { ...reply.steps, cites: at(reply.steps.cites) };
    reply.points = reply.points.map((p) => ({ ...p, cites: at(p.cites) }));
    // The composed lead moved into the points and the last point fell off: a source only it cited goes too.
    return keepCitedSources(reply, reordered);
  }

  /** The criteria page's section for the first criterion met (the request itself only when nothing else is). */
  private criterionSection(criteria: readonly string[]): SearchHit["chunk"] | undefined {
    const ordered = [...criteria.filter((c) => c !== "explicit_request"), ...criteria.filter((c) => c === "explicit_request")];
    const headings = ordered.filter((c): c is keyof typeof CRITERIA => c in CRITERIA).map((c) => CRITERIA[c].heading);
    for (const heading of headings) {
      const chunk = this.sectionChunk(CRITERIA_PLAYBOOK, heading);
      if (chunk) return chunk;
    }
    return undefined;
  }

  /**
   * The passages whose sentences answered the labelled questions nearest this one, when search did not bring them
   * (at most MAX_SUGGESTED, with the score search gave them, 0 when it gave none): the composer weighs them with the
   * rest, the neighbours' vote among its features.
   */
  private suggestedPassages(question: string, ranked: SearchHit[], have: SearchHit[], allowed: (chunk: Chunk) => boolean): SearchHit[] {
    const neighbours = this.neighbours;
    if (!neighbours) return [];
    const chunkOf = openingChunks(this.options.index.chunks);
    const out: SearchHit[] = [];
    for (const key of neighbours.suggest(question, SUGGESTED_FROM)) {
      const chunk = chunkOf.get(key);
      if (!chunk || !allowed(chunk) || have.some((h) => h.chunk.id === chunk.id) || out.some((h) => h.chunk.id === chunk.id)) continue;
      out.push(ranked.find((h) => h.chunk.id === chunk.id) ?? { chunk, score: 0, termCoverage: 0 });
      if (out.length >= MAX_SUGGESTED) break;
    }
    return out;
  }

  /**
   * A playbook's section by its heading, at any depth ("… › heading"): its passage, or, as a long section is indexed
   * in parts, the part `containing` a text (the first part when none does or no text is given).
   */
  private sectionChunk(path: string, heading: string, containing?: string): SearchHit["chunk"] | undefined {
    const parts = this.options.index.chunksOf(path).filter((c) => inSection(c, path, heading));
    return (containing ? parts.find((c) => c.text.includes(containing)) : undefined) ?? parts[0];
  }

  private async finish(request: AskRequest, plan: Plan, body: { reply: Reply; citations: Citation[] }): Promise<Answer> {
    // Said only beside an answer: a refusal or a greeting has answered nothing the dropped part could be missed from.
    const answered = body.reply.kind !== "refusal" && body.reply.kind !== "greeting";
    const leftOut =
      answered && plan.overrideRemoved
        ? LEFT_OUT_INSTRUCTIONS
        : answered && plan.errandRemoved
          ? LEFT_OUT_ERRAND
          : answered && plan.personalData?.length
            ? leftOutPersonalData(plan.personalData)
            : undefined;
    const result: Answer = {
      intent: plan.intent,
      answer: answerMarkdown(body.reply, plan.escalation, body.citations, leftOut),
      citations: body.citations,
      confidence: plan.confidence,
      escalation: plan.escalation,
      ...(leftOut ? { leftOut } : {}),
      reply: body.reply,
      question: plan.text,
      ...(plan.signals ? { signals: plan.signals } : {}),
      ...(plan.caveatSignals ? { caveatSignals: plan.caveatSignals } : {}),
      ...(plan.searched ? { searched: plan.searched } : {}),
    };
    const store = this.options.store;
    if (store && request.conversationId) {
      const at = this.clock();
      // Stored text is the cleaned request, redacted: the store outlives the conversation, other surfaces read
      // it, and the model sees it as history (an override clause never reaches it that way either).
      await store.appendTurn({ conversationId: request.conversationId, role: "user", text: redactText(plan.text), userId: request.userId, at });
      await store.appendTurn({
        conversationId: request.conversationId,
        role: "assistant",
        text: replyBody(body.reply),
        at,
        meta: {
          intent: result.intent,
          confidence: result.confidence,
          paths: result.citations.map((c) => c.path),
          escalation: result.escalation.recommended,
          ...(result.escalation.recommended ? { criteria: result.escalation.criteria } : {}),
          ...(result.escalation.partners.length ? { partners: result.escalation.partners } : {}),
          ...(body.reply.kind === "answer" && body.reply.partnerRoute ? { partnerRoute: true } : {}),
          notCovered: body.reply.kind === "refusal" && body.reply.reason === "not_covered",
          ...(body.reply.kind === "use_cases" ? { useCases: body.reply.useCases.map((u) => u.id) } : {}),
        },
      });
    }
    return result;
  }

  private greeting(text = ""): Reply {
    if (/^(thanks?|thx|ty|cheers|bedankt|danke|merci|great|perfect|awesome|got it|ok|cool|nice)/i.test(text)) {
      return { kind: "greeting", text: "You're welcome! Ask me anything else about using AI at Halden & Rowe.", capabilities: [] };
    }
    return { kind: "greeting", text: "Hi! I'm PartnerPilot, the AI-adoption assistant. I can help you:", capabilities: CAPABILITIES };
  }

  /** A refusal says plainly why, names the closest covered topics and offers people. */
  private refusal(reason: "out_of_scope" | "not_covered", hits: SearchHit[], text = ""): Reply {
    if (reason === "out_of_scope") {
      const desk = ERRAND_DESKS.find((d) => d.asks.test(text));
      return {
        kind: "refusal",
        reason,
        message:
          `That's outside what I can help with: ${desk ? `${desk.goTo} ` : ""}I answer questions about adopting AI at Halden & Rowe, from the company's partner playbooks. Ask me about AI tools and rules, use cases for your role, integrations, or finding a certified partner.`,
        closestTopics: [],
      };
    }
    const topics = [...new Map(hits.map((h) => [h.chunk.path, h.chunk])).values()].slice(0, 3);
    return {
      kind: "refusal",
      reason,
      message:
        "I couldn't find this in the partner playbooks, so I won't guess. You can rephrase the question, ask a person in #ai-help, or choose *Talk to a partner* to reach a certified implementation partner.",
      closestTopics: topics.map((c) => ({ title: c.title, path: c.path, section: c.section })),
    };
  }
}

/** The number `source`'s section has among `citations`, added at the end when it is not there yet (one entry per section). */
function citeSection(citations: Citation[], source: Citation): number {
  const at = citations.findIndex((c) => c.path === source.path && c.section === source.section);
  return at >= 0 ? at + 1 : citations.push(source);
}

/** `point` as the answer's first point, its section cited, at most `max` points; the Sources kept to those still cited. */
function withFirstPoint(reply: Extract<Reply, { kind: "answer" }>, citations: Citation[], point: { text: string; source: Citation }, max: number): Citation[] {
  const cited = [...citations];
  reply.points = [{ text: point.text, cites: [citeSection(cited, point.source)] }, ...reply.points].slice(0, max);
  return keepCitedSources(reply, cited);
}

/**
 * The citations some statement of the reply still cites, renumbered in their order: a point the partner route
 * pushed out of the reply must not leave its source listed with nothing pointing at it.
 */
export function keepCitedSources(reply: Extract<Reply, { kind: "answer" }>, citations: Citation[]): Citation[] {
  const used = new Set([...reply.lead.cites, ...(reply.steps?.cites ?? []), ...reply.points.flatMap((p) => p.cites)]);
  const kept = citations.map((_, i) => i + 1).filter((n) => used.has(n));
  if (kept.length === citations.length) return citations;
  const renumber = new Map(kept.map((n, i) => [n, i + 1]));
  const at = (cites: number[]) => cites.map((n) => renumber.get(n)!);
  reply.lead = { ...reply.lead, cites: at(reply.lead.cites) };
  if (reply.steps) reply.steps = { ...reply.steps, cites: at(reply.steps.cites) };
  reply.points = reply.points.map((p) => ({ ...p, cites: at(p.cites) }));
  return kept.map((n) => citations[n - 1]!);
}
