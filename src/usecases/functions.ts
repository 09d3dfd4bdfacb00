/**
 * Which business function a person works in, from their department and role. The catalogs' own audience and
 * tags (front matter) name most of it; this adds the common department names they do not use. General
 * vocabulary, not fitted to any test set.
 */
import { stem, words } from "../retrieval/text.ts";
import type { FunctionId, UseCaseRecord } from "./catalog.ts";

const DEPARTMENT_NAMES: Record<FunctionId, string[]> = {
  sales: ["sales", "commercial", "account management", "business development", "revenue operations", "inside sales", "presales", "key account", "bid management", "leasing sales"],
  marketing: ["marketing", "communications", "brand", "content", "events", "demand generation", "product marketing", "digital marketing", "pr"],
  "customer-support": ["customer support", "customer service", "field service", "service operations", "technical support", "aftersales", "contact centre", "contact center", "customer care", "customer experience", "service centre"],
  hr: ["hr", "human resources", "people", "talent", "recruiting", "recruitment", "learning and development", "l&d", "people operations", "employee relations", "payroll", "chro"],
  finance: ["finance", "accounting", "controlling", "treasury", "fp&a", "financial planning", "tax", "accounts payable", "accounts receivable", "credit", "leasing", "financial services", "shared service centre", "cfo", "controller", "accountant", "bookkeeping"],
  legal: ["legal", "compliance", "privacy", "contracts", "contract management", "general counsel", "ethics"],
  engineering: ["engineering", "r&d", "software", "software development", "development", "product development", "platform engineering", "data science", "devops", "architecture"],
  "it-operations": ["infotech", "infotech operations", "infrastructure", "service desk", "helpdesk", "help desk", "identity", "network", "workplace technology", "end user computing", "infotech support", "noc", "sre", "cio"],
  "supply-chain": ["supply chain", "logistics", "warehouse", "warehousing", "supply planning", "inventory", "distribution", "shipping", "spare parts", "materials management", "demand planning"],
  procurement: ["procurement", "purchasing", "sourcing", "buying", "vendor management", "supplier management", "category management"],
};

export interface FunctionInfo {
  id: FunctionId;
  /** "Finance", from the catalog title ("AI use cases for Finance"). */
  name: string;
  path: string;
  owner: string;
  /** Stemmed phrases that name the function, each as a list of stems. */
  phrases: string[][];
}

/**
 * "IT" is a stopword to the tokenizer ("it"), so it is spelt out first where it names the department: written
 * in capitals, or as the first word of a department or role ("it operations", "it admin").
 */
const phraseOf = (text: string) =>
  words(text.replace(/-/g, " ").replace(/\bIT\b|^\s*it\b/g, "infotech")).map(stem);

/**
 * Single words too general to place a person in a function ("manager", "planning", "account", "customs" whose
 * stem is "customer"'s): a catalog tag made of one of them says nothing about the department.
 */
const GENERIC_STEMS = new Set(["manag", "plan", "account", "control", "develop", "custom", "content", "oper", "servic", "product", "data", "analyt", "commun", "leas", "credit"]);

/**
 * The catalog's functions, in catalog order, with the phrases that name them: the function's own name and the
 * common department names always; of its catalog tags and audience only those that name no system, are not
 * generic words, and belong to no other function.
 */
export function catalogFunctions(catalog: readonly UseCaseRecord[]): FunctionInfo[] {
  const byId = new Map<FunctionId, FunctionInfo>();
  const systems = new Set(catalog.flatMap((uc) => uc.systems).map((s) => phraseOf(s).join(" ")));
  const tagOwners = new Map<string, Set<FunctionId>>();
  for (const uc of catalog) {
    for (const w of uc.functionWords) {
      const k = phraseOf(w).join(" ");
      if (!tagOwners.has(k)) tagOwners.set(k, new Set());
      tagOwners.get(k)!.add(uc.function);
    }
  }
  const ownNames = new Set(catalog.map((uc) => phraseOf(uc.function.replace(/^it-/, "infotech-")).join(" ")));
  const usefulTag = (w: string) => {
    const p = phraseOf(w);
    const k = p.join(" ");
    if (p.length === 0 || /^use-?cases?$/.test(w) || systems.has(k) || (tagOwners.get(k)?.size ?? 0) > 1) return false;
    if (p.length === 1 && GENERIC_STEMS.has(p[0]!)) return false;
    return !ownNames.has(k);
  };
  for (const uc of catalog) {
    if (byId.has(uc.function)) continue;
    const names = [uc.function.replace(/^it-/, "infotech-"), ...uc.functionWords.filter(usefulTag), ...(DEPARTMENT_NAMES[uc.function] ?? [])];
    const phrases = dedupe(names.map(phraseOf).filter((p) => p.length > 0));
    byId.set(uc.function, {
      id: uc.function,
      name: uc.catalogTitle.replace(/^AI use cases for\s+/i, ""),
      path: uc.path,
      owner: uc.owner,
      phrases,
    });
  }
  return [...byId.values()];
}

function dedupe(phrases: string[][]): string[][] {
  const seen = new Set<string>();
  return phrases.filter((p) => {
    const k = p.join(" ");
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/**
 * How well `text` names each function: the longest phrase of the function found in the text, as a share of a
 * three-word phrase (so "accounts payable" beats "payable"), 0 when none is found.
 */
export function functionMentions(text: string | undefined, functions: readonly FunctionInfo[]): Map<FunctionId, number> {
  const out = new Map<FunctionId, number>();
  if (!text) return out;
  const seq = phraseOf(text);
  for (const f of functions) {
    let best = 0;
    for (const p of f.phrases) if (p.length > best && containsPhrase(seq, p)) best = p.length;
    if (best > 0) out.set(f.id, Math.min(1, 0.6 + 0.2 * (best - 1)));
  }
  return out;
}

function containsPhrase(seq: string[], phrase: string[]): boolean {
  outer: for (let i = 0; i + phrase.length <= seq.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (seq[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}
