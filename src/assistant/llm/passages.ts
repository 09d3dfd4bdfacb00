import type { SearchHit } from "../../retrieval/KnowledgeIndex.ts";
import { redactText } from "../redaction.ts";
import { InvalidCitationError } from "./errors.ts";

/** Neutralises anything that looks like the passage delimiters, so quoted text cannot close the data block. */
function defuse(text: string): string {
  return text.replace(/<(\/?)(passages?)\b/gi, "‹$1$2");
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `[n] Title › Section` (just the title when the chunk is the document's lead). */
export function passageHeading(hit: SearchHit, n: number): string {
  const { title, section } = hit.chunk;
  const name = section ? `${oneLine(title)} › ${oneLine(section)}` : oneLine(title);
  return `[${n}] ${defuse(redactText(name))}`;
}

/**
 * The passages block of the answer prompt: numbered [1]..[n] in retrieval order, each in its own
 * `<passage id="n">` element, redacted, with delimiter look-alikes inside the text defused.
 */
export function formatPassages(hits: readonly SearchHit[]): string {
  return hits
    .map((hit, i) => {
      const n = i + 1;
      const body = defuse(redactText(hit.chunk.text.trim()));
      return `<passage id="${n}">\n${passageHeading(hit, n)}\n${body}\n</passage>`;
    })
    .join("\n\n");
}

const MARKER = /\[(\d{1,4}(?:\s*[,;]\s*\d{1,4})*)\](?!\()/g;

/** Every passage number cited by `[n]`, `[n, m]` markers, in order of appearance (with repeats). */
export function citationMarkers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MARKER)) {
    for (const part of m[1]!.split(/[,;]/)) out.push(Number(part.trim()));
  }
  return out;
}

/** Removes citation markers (used on earlier assistant turns, whose numbers refer to other passages). */
export function stripCitationMarkers(text: string): string {
  return text.replace(MARKER, "").replace(/[ \t]+([.,;:!?])/g, "$1");
}

/**
 * The distinct passage numbers a reply cites, ascending. Throws InvalidCitationError when there is no
 * marker at all or a marker is outside 1..passageCount.
 */
export function validateCitations(text: string, passageCount: number): number[] {
  const markers = citationMarkers(text);
  if (markers.length === 0) {
    throw new InvalidCitationError(`The reply cites no passage (expected [n] markers, 1..${passageCount})`, [], passageCount);
  }
  const invalid = [...new Set(markers.filter((n) => !Number.isInteger(n) || n < 1 || n > passageCount))];
  if (invalid.length > 0) {
    throw new InvalidCitationError(
      `The reply cites ${invalid.map((n) => `[${n}]`).join(", ")} but only passages [1]..[${passageCount}] were given`,
      invalid,
      passageCount,
    );
  }
  return [...new Set(markers)].sort((a, b) => a - b);
}
