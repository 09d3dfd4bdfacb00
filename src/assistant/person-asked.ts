/**
 * "Who is the AI champion for finance in Wrocław?", "who's the exec sponsor for Sales?", "wer ist unser Ansprechpartner im
 * AI Enablement Office?": a question for a person. The playbooks name a role, a team or a channel for most of these
 * (the champions' channel, "a senior sponsor at director level", the Privacy Office) and almost never a name; an answer
 * that gives the role without saying so reads as if it dodged the question, or as if the role were the name asked for.
 */

/** Roles a person holds, as people ask for them (English, Dutch, German, Polish). */
const PERSON_ROLE =
  "(?:ai[- ])?(?:champ(?:ion)?s?|championem|sponsor(?:s|em)?|hrbps?|hr business partners?|contact(?: person)?|contactpersoon|ansprechpartner(?:in)?|point of contact|spoc|person|persoon|osob[aąy])";

const ASKS_FOR_PERSON = new RegExp(
  [
    // "who is the AI champion for …", "who's our contact at the Partner Management Office", "who would be the sponsor"
    `\\bwho(?:'?s|\\s+is|\\s+are|\\s+would be|\\s+will be)\\s+(?:the\\s+|my\\s+|our\\s+|a\\s+|an\\s+)?(?:[\\p{L}&/-]+\\s+){0,3}?${PERSON_ROLE}\\b`,
    // "which person exactly", "need a name", "the name of the sponsor"
    "\\bwhich person\\b",
    "\\b(?:need|want|give me|get) (?:a|the|their|his|her) names?\\b",
    "\\bname of (?:the|my|our) (?:[\\p{L}-]+\\s+){0,2}?(?:champion|sponsor|contact|person)\\b",
    // Dutch, German, Polish
    `\\bwie is (?:de|onze|mijn|het)\\s+(?:[\\p{L}-]+\\s+){0,3}?${PERSON_ROLE}`,
    `\\bwer ist (?:der|die|unser|unsere|mein|meine)\\s+(?:[\\p{L}-]+\\s+){0,3}?${PERSON_ROLE}`,
    `\\bkto jest\\s+(?:[\\p{L}-]+\\s+){0,3}?${PERSON_ROLE}`,
    `\\bkto jest (?:naszym|moim) `,
  ].join("|"),
  "iu",
);

/** True when the message asks who a person is, rather than which team does something or who approves it. */
export function asksForPerson(text: string): boolean {
  return ASKS_FOR_PERSON.test(text);
}

/**
 * A person named in the answer: a named head ("Priya Nair (head of the AI Enablement Office)", "(head: Priya Nair)")
 * or an office only one person holds ("the Chief Operating Officer", "the COO").
 */
const NAMES_PERSON = /\b(?:Chief [A-Z][a-z]+(?: [A-Z][a-z]+)? Officer|COO|CEO|CFO|CIO|CISO|CTO)\b|\(head(?: of [^)]*)?:?\s*[A-Z][a-z]+ [A-Z][a-z]+\)|\b[A-Z][a-z]+ [A-Z][a-z]+ \(head of\b|\bhead(?:ed)? (?:of [^,.;]+ )?(?:is|by) [A-Z][a-z]+ [A-Z][a-z]+/;

export function namesPerson(text: string): boolean {
  return NAMES_PERSON.test(text);
}

/** Said before an answer to a question for a person that names none: what follows is the role, team or channel. */
export const NO_PERSON_NOTE = "The playbooks don't name the person you asked for; this is what they say.";
