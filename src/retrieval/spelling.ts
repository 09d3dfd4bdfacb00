/**
 * Typos in a message, corrected to the playbooks' own words: "hw do i get copliot working in vs code w/ our GH
 * enterpise org, keeps saying no licnese found" searched for "copliot", "enterpise" and "licnese", which no passage
 * contains, so BM25, the prior, the intent model and the scope decision saw a message of unknown words and refused it.
 *
 * A word is corrected only when nothing knows it: not a word of the playbooks (their text, headings, titles and
 * aliases), not an English word (the 100,000 most frequent words of the word vectors, when installed), not another
 * form of a playbook word; and only to a word the playbooks use in some form ("licnese" → "license", the playbooks'
 * "licence") one edit away (a letter added, dropped, changed, or two neighbours swapped: optimal string alignment),
 * when no likelier English word is one edit away too. Short words
 * (under six letters) are left alone: one edit makes them other words.
 * Without a dictionary of English words nothing is corrected, since an English word the playbooks happen not to use
 * ("cold emails") would be "corrected" into one they do ("could").
 */
import { foldAccents, isStopword, stem } from "./text.ts";

/** Words shorter than this are never corrected ("const" is not "cost", nor "techy" "tech"). */
const MIN_LENGTH = 6;
/** English contractions typed without their apostrophe, which the word vectors spell with it. */
const CONTRACTIONS = new Set(["arent", "isnt", "wasnt", "werent", "doesnt", "didnt", "hasnt", "havent", "hadnt", "shouldnt", "couldnt", "wouldnt", "mustnt", "theyre", "youre", "theres", "wheres", "whats", "thats", "heres", "theyve", "youve", "weve", "itll", "youll", "theyll"]);
/** The English words a typo may stand for instead of a playbook word: the most frequent ones. */
const ENGLISH_CANDIDATES = 40_000;
/** The frequency rank given to a playbook word English does not know (a product, a company word): a common word's. */
const PLAYBOOK_WORD_RANK = 20_000;
/** How many looked-up words are remembered before the memo starts again. */
const MEMO_LIMIT = 10_000;

/** A dictionary of English words, most frequent first (the word vectors' vocabulary). */
export interface EnglishWords {
  /** The word's frequency rank (0 the most frequent), or undefined when the dictionary does not have it. */
  rank(word: string): number | undefined;
  /** The words, most frequent first. */
  readonly words: readonly string[];
}

export class SpellingCorrector {
  private readonly byLength = new Map<number, string[]>();
  private readonly memo = new Map<string, string | null>();
  private readonly stems = new Set<string>();

  /**
   * @param counts how often each playbook word (lower-case, accents folded) occurs
   * @param english the English dictionary
   * @param known other words that are no typo (the company's aliases)
   * @param otherLanguage whether a message has words of another language (the glossary's)
   */
  constructor(
    private readonly counts: ReadonlyMap<string, number>,
    private readonly english: EnglishWords,
    private readonly known: ReadonlySet<string>,
    private readonly otherLanguage: (text: string) => boolean,
  ) {
    const add = (w: string) => {
      const list = this.byLength.get(w.length) ?? [];
      list.push(w);
      this.byLength.set(w.length, list);
    };
    const candidates = new Set<string>();
    for (const w of counts.keys()) {
      this.stems.add(stem(w));
      if (w.length >= MIN_LENGTH - 1 && !isStopword(w) && /^[a-z]+$/.test(w)) candidates.add(w);
    }
    for (const w of english.words.slice(0, ENGLISH_CANDIDATES)) if (w.length >= MIN_LENGTH - 1 && /^[a-z]+$/.test(w)) candidates.add(w);
    for (const w of candidates) add(w);
  }

  private isKnown(word: string): boolean {
    return this.counts.has(word) || this.english.rank(word) !== undefined || this.known.has(word);
  }

  /**
   * The word a typo stands for, or undefined when the word is known, nothing is one edit away, or the likeliest word one
   * edit away is an English word the playbooks use in no form ("literaly" is "literally", not the playbooks'
   * "literacy"). Likelier is more frequent in English; a playbook word English lacks ("copilot", "servicenow") counts
   * as a common word.
   */
  correction(raw: string): string | undefined {
    const word = foldAccents(raw.toLowerCase());
    if (word.length < MIN_LENGTH || /[^a-z]/.test(word) || CONTRACTIONS.has(word) || this.isKnown(word)) return undefined;
    // Another form of a word the playbooks use ("redlining", "approver", "reconciliations") is no typo.
    if (this.stems.has(stem(word)) || (word.endsWith("s") && this.isKnown(word.slice(0, -1)))) return undefined;
    const cached = this.memo.get(word);
    if (cached !== undefined) return cached ?? undefined;
    let best: string | undefined;
    let bestRank = Infinity;
    for (let len = word.length - 1; len <= word.length + 1; len++) {
      for (const candidate of this.byLength.get(len) ?? []) {
        if (editDistance(word, candidate, 1) > 1) continue;
        const rank = this.english.rank(candidate) ?? PLAYBOOK_WORD_RANK;
        if (rank < bestRank || (rank === bestRank && (this.counts.get(candidate) ?? 0) > (this.counts.get(best!) ?? 0))) {
          best = candidate;
          bestRank = rank;
        }
      }
    }
    // Corrected only to a word the playbooks use in some form ("licnese" → "license", the playbooks' "licence").
    const corrected = best !== undefined && (this.counts.has(best) || this.stems.has(stem(best))) ? best : undefined;
    // Bounded: a long-running app sees unknown words without end.
    if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
    this.memo.set(word, corrected ?? null);
    return corrected;
  }

  /**
   * The text with every correctable typo replaced by its correction (the rest, spacing and case, as written). A name
   * capitalised inside a sentence ("is Synthesia ok?", "Medline's portal") is the name of something, not a typo of a
   * playbook word; and a message with words of another language is left as written (the glossary reads those, and
   * their words one letter from an English one, "iemand", "staat", "namen", are not typos of it).
   */
  correct(text: string): string {
    if (this.otherLanguage(text)) return text;
    return text.replace(/\p{L}+/gu, (w: string, offset: number) => {
      const before = text.slice(0, offset).trimEnd();
      const sentenceStart = before === "" || /[.!?:]$/.test(before);
      return /^\p{Lu}/u.test(w) && !sentenceStart ? w : (this.correction(w) ?? w);
    });
  }
}

/**
 * Optimal string alignment distance (Levenshtein plus the swap of two neighbouring letters), or `max + 1` as soon as
 * it must exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) v = Math.min(v, prevPrev[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n]!;
}
