/**
 * The language a message is written in, when it is one of the company's other working languages, and what the answer
 * says about it: the playbooks are written in English, so an offline answer quotes them in English, and a German or
 * Dutch reader is told why in their own language rather than left to wonder whether they were understood.
 */
import { defaultGlossary } from "../retrieval/glossary.ts";

/** Glossary words of one language a message needs, and their share of its words, to be read as written in it. */
const MIN_MATCHES = 3;
const MIN_SHARE = 0.25;

/**
 * The glossary's language ("de", "nl", "pl", "fr", "es") the message is written in, or undefined for English and for
 * an English message with a greeting or a few words of another language in it ("Guten Tag. At H&R Financial Services
 * we consider …", "Kosten, approvals, Betriebsrat: what's the path?").
 */
export function messageLanguage(text: string): string | undefined {
  const words = text.match(/[\p{L}]+/gu)?.length ?? 0;
  if (words === 0) return undefined;
  const counts = new Map<string, number>();
  for (const m of defaultGlossary().matches(text)) counts.set(m.language, (counts.get(m.language) ?? 0) + 1);
  const [language, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!language || count! < MIN_MATCHES || count! / words < MIN_SHARE) return undefined;
  return language;
}

/** Said before an offline answer to a message in another language, in that language. */
export const ANSWERED_IN_ENGLISH: Readonly<Record<string, string>> = {
  de: "Antwort auf Englisch, der Sprache der Playbooks.",
  nl: "Antwoord in het Engels, de taal van de playbooks.",
  pl: "Odpowiedź po angielsku, w języku playbooków.",
  fr: "Réponse en anglais, la langue des playbooks.",
  es: "Respuesta en inglés, el idioma de los playbooks.",
};
