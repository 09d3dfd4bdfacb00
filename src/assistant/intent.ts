import type { Intent } from "./contract.ts";

/**
 * Offline intent classifier: ordered rules over the message wording, with retrieval signals as tie-breakers.
 * Rules are deliberately about the *kind* of request (a greeting, a personal errand, an ask for a partner, a
 * "what could AI do for my team"), not about particular questions.
 */

/** Attempts to change the bot's role or extract its instructions. */
export const INSTRUCTION_ATTACK =
  /\b(ignore|disregard|forget|override|bypass)\b.{0,40}\b(instructions?|rules|prompts?|guidelines|polic(?:y|ies)|previous|above|system)\b|\b(reveal|show|print|repeat|tell me|what(?:'s| is| are))\b.{0,30}\b(system prompt|your (?:instructions|prompt|rules|configuration))\b|\byou are (?:now|no longer)\b|\b(?:pretend|act|behave) (?:to be|as|like) (?:an? )?(?!partner)\w+|\bjailbreak\b|\bDAN\b|\bdeveloper mode\b|^\s*(?:system|assistant)\s*:/im;

const SMALLTALK =
  /^(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|thanks?(?: you)?(?: so much| a lot)?|thx|ty|cheers|bedankt|danke|dzięki|merci|ok(?:ay)?(?: cool| thanks)?|cool|great|nice|perfect|awesome|got it|bye|see you|help|who are you|what are you|what can you do|what do you do|how does this work|are you a bot|are you human|how are you)[\s!.?,:)]*(?:(?:pilot|partnerpilot|bot|there|team)[\s!.?]*)?$/i;

const OUT_OF_SCOPE_TASKS =
  /\b(weather|forecast|temperature outside|football|soccer|champions league|world cup|premier league|nba|nfl|score of the|who won|stock price|share price|bitcoin|crypto|lottery|recipe|cook(?:ing)?|restaurant|canteen|lunch menu|movie|netflix|song|lyrics|horoscope|dating|vacation|holiday plans?|book (?:me )?(?:a |an )?(?:flight|hotel|taxi|table|room|train)|order (?:me )?(?:a |some )?(?:pizza|food|lunch)|(?:tell|write) (?:me )?(?:a )?(?:joke|poem|story|song|haiku|limerick)|poem|haiku|snake game|video game|homework|my (?:personal )?tax(?:es)?|tax return|mortgage|diagnos\w+|symptoms?|medication|my doctor|capital of|how tall|how old is|translate (?:this|the following)|birthday (?:message|card))\b/i;

/** Writing personal content for the user is not the bot's job (it helps them adopt AI, it is not their ghostwriter). */
const PERSONAL_WRITING =
  /\b(?:write|draft|compose|generate)\b.{0,25}\b(?:my|a|an)\b.{0,25}\b(?:performance review|self[- ]assessment|cover letter|resignation|love letter|wedding speech|birthday|essay|cv|resume|linkedin post about me)\b/i;

const CHECKIN =
  /\b(check[- ]?ins?|pulse (?:survey|check)|adoption survey|adkar (?:scores?|results?|survey)|team (?:scores?|results?)|barrier point|(?:check[- ]?in|survey) (?:reminders?|results?|questions?|report))\b/i;

const PARTNER_ASK =
  /\b((?:find|recommend|refer|connect|introduce|put) (?:me|us) (?:to |with )?(?:a |an |one of the |some )?(?:certified |external |outside |implementation )?(?:partners?|consultan\w+|experts?|integrators?|specialists?|firms?|agency)|(?:need|want|like|looking for|get|hire|bring in|engage|talk to|speak (?:to|with)|have|recommend) (?:\w+ ){0,2}(?:certified |external |outside |implementation |an? |some |one of the )?(?:partners?|consultan\w+|experts?|integrators?|specialists?|outside firm|agency|human|person|someone|somebody)\b|statement of work|\bsow\b|(?:send|get|give) (?:us |me )?(?:a )?(?:proposal|quote|estimate)|who can (?:build|implement|do (?:this|it) for us)|(?:someone|somebody) (?:to|who can) (?:build|implement|call|help us (?:build|implement))|talk to a partner|which (?:certified )?partner (?:would|should|can|do)|partner (?:referral|intro)|escalate (?:this|to a partner))/i;

const PROCESS_QUESTION =
  /^(?:how (?:does|do|long|much|are)|what (?:are|is|does|happens|do)|which (?:tiers?|certifications?)|when do|is there a|do partners|does the partner|what's the (?:difference|process)|where can i (?:see|find))\b/i;

const USE_CASES =
  /\b(use[- ]?cases?|(?:what|how) (?:can|could|should|would|might) (?:ai|gpt|chatgpt|copilot|genai|gen ai|llms?|an llm|the assistant)\b|ideas? (?:for|on|of) (?:using |how )?|where (?:can|could|should|does|would) (?:ai|gpt|chatgpt|copilot|genai)|(?:how|where) (?:can|could|should) (?:i|we|my team|our team|my department) (?:use|start using|apply|leverage) (?:ai|gpt|chatgpt|copilot|genai)|(?:ai|genai|copilot|chatgpt) (?:for|in) (?:my |our |the )?(?:team|role|job|department|recruiting|sales|marketing|finance|legal|procurement|hr|support|engineering|supply chain|warehouse|it ops|accounts payable)|what (?:should|could|can) (?:i|we|my team|our team) (?:automate|use ai for)|(?:quick wins?|low[- ]hanging fruit)|(?:save|saving) (?:me |us )?(?:time|hours))\b/i;

const SYSTEM_NAMES =
  /\b(salesforce|service cloud|sales cloud|sfdc|einstein|agentforce|sap|s\/?4(?:\s?hana)?|s4|hana|btp|joule|workday|servicenow|now assist|zendesk|jira|confluence|rovo|atlassian|sharepoint|onedrive|teams|outlook|exchange|microsoft 365|m365|office 365|graph|copilot studio|google (?:workspace|drive|docs|sheets)|gmail|gemini|snowflake|cortex|databricks|unity catalog|bigquery|slack|okta|entra|azure ad|active directory|scim|sso|saml|oidc|api|apis|webhooks?|connectors?|plugins?|function calling|tool calling|rag|embeddings?|vector (?:store|database|db)|mcp)\b/i;

const INTEGRATION_VERBS =
  /\b(connect\w*|integrat\w+|hook\w* (?:up|into)|plug\w* into|link\w*|sync\w*|pull\w*|push\w*|write[- ]?back|read (?:from|our|the)|access\w*|set ?up|setup|configur\w+|provision\w*|enabl\w+|turn(?:ed)? on|switch(?:ed)? on|install\w*|wire|api|token|oauth|permissions?|scopes?|service (?:user|account)|authenticat\w+|log ?in|sign[- ]?on|automat\w+|feed|index\w*|query|queries|export\w*|import\w*)\b/i;

export interface IntentSignals {
  /** Folder of the best retrieved playbook (e.g. "integrations"), when retrieval ran. */
  topFolder?: string;
  /** Retrieval confidence 0..1. */
  confidence?: number;
  /** True when the question mentions nothing the playbooks know about. */
  offTopic?: boolean;
}

/** Classifies one message. */
export function classifyIntent(text: string, signals: IntentSignals = {}): Intent {
  const t = text.trim();
  if (INSTRUCTION_ATTACK.test(t)) return "out_of_scope";
  if (SMALLTALK.test(t)) return "smalltalk";
  if (PERSONAL_WRITING.test(t)) return "out_of_scope";
  if (OUT_OF_SCOPE_TASKS.test(t) && !/\b(ai|gpt|chatgpt|copilot|llm|prompt\w*|partner|playbook)\b/i.test(t)) return "out_of_scope";
  if (CHECKIN.test(t)) return "checkin";
  if (PARTNER_ASK.test(t) && !PROCESS_QUESTION.test(t)) return "partner_request";
  if (USE_CASES.test(t)) return "use_cases";
  if (SYSTEM_NAMES.test(t) && INTEGRATION_VERBS.test(t)) return "integration";
  if (signals.offTopic) return "out_of_scope";
  if (signals.topFolder === "integrations" && SYSTEM_NAMES.test(t)) return "integration";
  if (signals.topFolder === "usecases" && /\b(team|role|job|department|we|my)\b/i.test(t) && /\b(ai|automate|help)\b/i.test(t)) {
    return "use_cases";
  }
  return "question";
}
