/**
 * A query-side glossary: common German, Dutch, Spanish, Polish and French words and short phrases mapped to the
 * English words the playbooks use. Employees of the European plants and offices often ask partly or wholly in
 * their own language ("darf ich ChatGPT auf dem Handy benutzen?"), and every model here (BM25, the word vectors,
 * the playbook prior, the intent model, the scope decision) only knows English. The glossary appends the
 * English words to the message and keeps the original ones, the same way the company aliases are spelled out
 * (KnowledgeIndex.expandAliases applies both), so "darf ich … Handy benutzen" is also searched and classified
 * as "may allowed … phone mobile use".
 *
 * The data is one JSON file per language in ./glossary/ (see README.md there). Each has:
 * - `words`: entries that apply wherever they occur. Only words that cannot be read as English go here.
 * - `inContext`: words that are also English words or too short to trust alone (German "was", Dutch "hoe",
 *   Spanish "meter", German "Handy"): applied only when the same message also has a `words` entry or a
 *   `markers` word of the same language.
 * - `markers`: unmistakable function words of the language ("ich", "czy", "jullie") that add nothing themselves
 *   but establish the context for `inContext` words.
 * - `caseSensitive`: entries matched only as written (French/Spanish "IA" in capitals, never the letters "ia").
 *
 * A key is one or more words; matching is on whole words, Unicode-aware, case-insensitive and accent-tolerant
 * (the key and the message are both folded: "Lizenz für" = "lizenz fur", "mogę" = "moge", "ł" = "l", "ß" = "ss").
 * A key word may end with `*` (any ending: inflections, "lizenz*" matches "Lizenzen") or start with `*` (any
 * beginning: German compounds, "*vertrag*" matches "Leasingverträgen"). An English message is left exactly as
 * it is: the glossary test checks every key against the playbooks' own English vocabulary.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { foldAccents } from "./text.ts";

export const GLOSSARY_DIR = fileURLToPath(new URL("./glossary/", import.meta.url));

const GlossaryFileSchema = z
  .object({
    language: z.string().min(2),
    name: z.string(),
    words: z.record(z.string(), z.string()).default({}),
    inContext: z.record(z.string(), z.string()).default({}),
    markers: z.array(z.string()).default([]),
    caseSensitive: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type GlossaryFile = z.infer<typeof GlossaryFileSchema>;

/** How an entry is applied: always, only beside another word of its language, or never (it only sets the context). */
type Kind = "word" | "inContext" | "marker";

/** One key word: matched exactly, by its beginning (`abc*`), by its end (`*abc`) or anywhere inside (`*abc*`). */
interface KeyWord {
  text: string;
  prefix: boolean;
  suffix: boolean;
}

interface Entry {
  language: string;
  kind: Kind;
  /** The key as written in the file (for tests and diagnostics). */
  source: string;
  words: KeyWord[];
  english: string;
  caseSensitive: boolean;
}

/** One glossary entry found in a message. */
export interface GlossaryMatch {
  language: string;
  /** The key as written in the glossary file. */
  source: string;
  /** The message's words it matched, as written. */
  matched: string;
  english: string;
  kind: Kind;
}

/** Folds a word for matching: accents off, as the tokenizer folds them (text.ts foldAccents), optionally lower case. */
export function foldWord(word: string, lower = true): string {
  const s = foldAccents(word);
  return lower ? s.toLowerCase() : s;
}

/** The message's words (runs of letters and digits, any script), as written. Hyphens and apostrophes separate words. */
function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

function parseKey(key: string, lower: boolean): KeyWord[] {
  return key
    .trim()
    .split(/[\s\-'’]+/)
    .filter(Boolean)
    .map((w) => ({ text: foldWord(w.replace(/\*/g, ""), lower), prefix: w.endsWith("*"), suffix: w.startsWith("*") }));
}

function wordMatches(key: KeyWord, word: string): boolean {
  if (key.prefix && key.suffix) return word.includes(key.text);
  if (key.prefix) return word.startsWith(key.text);
  if (key.suffix) return word.endsWith(key.text);
  return word === key.text;
}

/**
 * The compiled glossary: entries indexed by what their first word can be looked up by, so a message costs a few
 * map look-ups per word (the playbook prior expands thousands of training texts at start-up).
 */
export class Glossary {
  private readonly exact = new Map<string, Entry[]>();
  private readonly prefixes = new Map<string, Entry[]>();
  private readonly suffixes = new Map<string, Entry[]>();
  private readonly infixes: Entry[] = [];
  private readonly caseSensitive = new Map<string, Entry[]>();
  private readonly prefixLengths = new Set<number>();
  private readonly suffixLengths = new Set<number>();
  readonly entries: readonly Entry[];

  constructor(files: GlossaryFile[]) {
    const entries: Entry[] = [];
    for (const f of files) {
      const add = (kind: Kind, key: string, english: string, caseSensitive = false) => {
        const words = parseKey(key, !caseSensitive);
        // Every key word must be something the message tokeniser can produce: letters and digits only.
        if (words.length === 0 || words.some((w) => !/^[\p{L}\p{N}]+$/u.test(w.text))) throw new Error(`glossary ${f.language}: bad key ${JSON.stringify(key)}`);
        entries.push({ language: f.language, kind, source: key, words, english: english.trim(), caseSensitive });
      };
      for (const [k, v] of Object.entries(f.words)) add("word", k, v);
      for (const [k, v] of Object.entries(f.inContext)) add("inContext", k, v);
      for (const k of f.markers) add("marker", k, "");
      for (const [k, v] of Object.entries(f.caseSensitive)) add("word", k, v, true);
    }
    this.entries = entries;
    const push = (map: Map<string, Entry[]>, key: string, e: Entry) => map.set(key, [...(map.get(key) ?? []), e]);
    for (const e of entries) {
      const first = e.words[0]!;
      if (e.caseSensitive) push(this.caseSensitive, first.text, e);
      else if (first.prefix && first.suffix) this.infixes.push(e);
      else if (first.prefix) (push(this.prefixes, first.text, e), this.prefixLengths.add(first.text.length));
      else if (first.suffix) (push(this.suffixes, first.text, e), this.suffixLengths.add(first.text.length));
      else push(this.exact, first.text, e);
    }
  }

  /** Every glossary entry a message contains, in message order; `inContext` entries only beside another of their language. */
  matches(text: string): GlossaryMatch[] {
    const raw = tokens(text);
    if (raw.length === 0) return [];
    const asWritten = raw.map((w) => foldWord(w, false));
    const folded = asWritten.map((w) => w.toLowerCase());
    const found: GlossaryMatch[] = [];
    // Longest match first: a phrase's words are not matched again on their own ("wie lange" is "how long", not
    // also the German "wie"; the greeting "buenos días" is not "days"). Entries matching the same words all count
    // (a compound: "Kundendaten" is "*kunde*" and "*daten").
    for (let i = 0; i < folded.length; ) {
      const w = folded[i]!;
      const candidates: Entry[] = [...(this.exact.get(w) ?? []), ...(this.caseSensitive.get(asWritten[i]!) ?? [])];
      for (const n of this.prefixLengths) if (n <= w.length) candidates.push(...(this.prefixes.get(w.slice(0, n)) ?? []));
      for (const n of this.suffixLengths) if (n <= w.length) candidates.push(...(this.suffixes.get(w.slice(w.length - n)) ?? []));
      for (const e of this.infixes) if (w.includes(e.words[0]!.text)) candidates.push(e);
      const here = new Set<Entry>();
      for (const e of candidates) {
        if (i + e.words.length > folded.length) continue;
        const words = e.caseSensitive ? asWritten : folded;
        if (e.words.every((k, j) => wordMatches(k, words[i + j]!))) here.add(e);
      }
      const span = Math.max(1, ...[...here].map((e) => e.words.length));
      for (const e of here) {
        if (e.words.length === span) found.push({ language: e.language, source: e.source, matched: raw.slice(i, i + span).join(" "), english: e.english, kind: e.kind });
      }
      i += span;
    }
    // A word that is also English ("meter", "Handy", "was") counts only when the message is evidently in that
    // language: something else of the same language matched too.
    const evident = new Set(found.filter((m) => m.kind !== "inContext").map((m) => m.language));
    return found.filter((m) => m.kind !== "inContext" || evident.has(m.language));
  }

  /**
   * The message with the English of every matched entry appended, each English word once (a phrase and its own
   * verb both matching, "darf ich" and "darf*", must not count "allowed" twice for BM25); unchanged when nothing
   * matched.
   */
  expand(text: string): string {
    const added = new Map<string, string>();
    for (const m of this.matches(text)) for (const w of m.english.split(/\s+/)) if (w && !added.has(w.toLowerCase())) added.set(w.toLowerCase(), w);
    return added.size ? `${text} ${[...added.values()].join(" ")}` : text;
  }
}

/** Reads every `*.json` file of the glossary folder, in name order. */
export function readGlossaryFiles(dir = GLOSSARY_DIR): GlossaryFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const parsed = GlossaryFileSchema.safeParse(JSON.parse(readFileSync(path.join(dir, f), "utf8")));
      if (!parsed.success) throw new Error(`glossary ${f}: ${parsed.error.message}`);
      return parsed.data;
    });
}

let shared: Glossary | undefined;

/** The shipped glossary, read once per process. */
export function defaultGlossary(): Glossary {
  shared ??= new Glossary(readGlossaryFiles());
  return shared;
}

/** The message with the English of its German, Dutch, Spanish, Polish and French words appended (see the top of this file). */
export function expandGlossary(text: string): string {
  return defaultGlossary().expand(text);
}
