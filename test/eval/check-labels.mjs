#!/usr/bin/env node
// Checks the labelled answer and use-case sets in test/eval/ (format in test/eval/README.md).
//
//   node test/eval/check-labels.mjs [--knowledge DIR] [--file ANSWERS.jsonl]
//
// Always checks the shape of every line (scope, intent, criteria, escalate, expected, fact, history, and for
// usecases.jsonl function, acceptable, split). With --knowledge it also checks the labels against a playbook
// tree: every `expected` path exists and every `fact` phrase occurs (case-insensitive, whitespace normalised)
// in one of its expected playbooks, and every `acceptable` id is a use case in knowledge/usecases/. Run it with
// --knowledge knowledge after the playbooks change: a phrase that no longer occurs marks a stale label.
// Prints one line per problem and exits 1 when there is any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/**
 * Every labelled answer set: each blind set's `heldout-<name>/answers.jsonl` (a new set joins by its folder; its
 * status, whether it trains, was read or is held out, is kept once, in BLIND_SETS of src/cli/eval.ts) and the holdout
 * answers.
 */
export const ANSWER_FILES = [
  ...readdirSync(HERE, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^heldout-[a-z]+$/.test(d.name) && existsSync(path.join(HERE, d.name, "answers.jsonl")))
    .map((d) => `${d.name}/answers.jsonl`)
    .sort(),
  "holdout/answers.jsonl",
];
export const USECASE_FILE = "usecases.jsonl";
const SCOPES = new Set(["in", "out", "uncovered"]);
const INTENTS = new Set(["question", "use_cases", "integration", "partner_request", "checkin", "smalltalk", "out_of_scope"]);
const CRITERIA = new Set(["custom_integration", "sensitive_data", "large_rollout", "explicit_request", "unresolved"]);
const FUNCTIONS = new Set(["sales", "marketing", "customer-support", "hr", "finance", "legal", "engineering", "it-operations", "supply-chain", "procurement", "none"]);

const normalise = (s) => s.replace(/\s+/g, " ").trim().toLowerCase();
const isStringArray = (v) => Array.isArray(v) && v.every((x) => typeof x === "string" && x.trim() !== "");

/** Use-case ids declared in ```yaml usecase blocks, by catalog file (relative to the knowledge dir). */
export function catalogIds(knowledgeDir) {
  const ids = new Map();
  const dir = path.join(knowledgeDir, "usecases");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".md"))) {
    const text = readFileSync(path.join(dir, file), "utf8");
    for (const block of text.matchAll(/```yaml usecase\n([\s\S]*?)```/g)) {
      const id = /^id:\s*(\S+)/m.exec(block[1] ?? "")?.[1];
      if (id) ids.set(id, `usecases/${file}`);
    }
  }
  return ids;
}

function checkCommon(row, where, problems, knowledge) {
  if (!SCOPES.has(row.scope)) problems.push(`${where}: scope must be in|out|uncovered`);
  if (!INTENTS.has(row.intent)) problems.push(`${where}: unknown intent ${row.intent}`);
  if (!Array.isArray(row.criteria) || row.criteria.some((c) => !CRITERIA.has(c))) problems.push(`${where}: criteria must be ids from ${[...CRITERIA].join(", ")}`);
  else if (row.escalate !== row.criteria.length > 0) problems.push(`${where}: escalate must be true exactly when criteria is not empty`);
  if (!Array.isArray(row.expected) || !Array.isArray(row.fact)) {
    problems.push(`${where}: expected and fact must be arrays`);
    return;
  }
  if (row.scope === "in") {
    if (!isStringArray(row.expected) || row.expected.length === 0) problems.push(`${where}: an in-scope line needs expected playbooks`);
    if (!isStringArray(row.fact) || row.fact.length === 0 || row.fact.length > 8) problems.push(`${where}: an in-scope line needs 1-3 fact phrases`);
  } else if (row.expected.length || row.fact.length) {
    problems.push(`${where}: a ${row.scope} line has no expected or fact`);
  }
  if (row.scope === "out" && !["smalltalk", "out_of_scope"].includes(row.intent)) problems.push(`${where}: an out-of-scope line has intent smalltalk or out_of_scope`);
  if (row.scope !== "out" && ["smalltalk", "out_of_scope"].includes(row.intent)) problems.push(`${where}: intent ${row.intent} needs scope out`);
  if (!knowledge) return;
  const texts = [];
  for (const p of row.expected) {
    const file = path.join(knowledge.dir, p);
    if (!existsSync(file)) problems.push(`${where}: expected ${p} is not in ${knowledge.dir}`);
    // A ```questions block holds questions employees ask, not what the playbook says: a fact must be in the text.
    else texts.push(normalise(readFileSync(file, "utf8").replace(/^```questions\s*$[\s\S]*?^```\s*$/gim, " ")));
  }
  for (const f of row.fact) {
    if (texts.length && !texts.some((t) => t.includes(normalise(f)))) problems.push(`${where}: fact "${f}" occurs in none of ${row.expected.join(", ")}`);
  }
}

function readLines(file, problems) {
  const rows = [];
  readFileSync(file, "utf8").split("\n").forEach((text, i) => {
    if (!text.trim()) return;
    const where = `${path.relative(HERE, file)}:${i + 1}`;
    try {
      rows.push({ where, row: JSON.parse(text) });
    } catch (error) {
      problems.push(`${where}: not JSON (${error.message})`);
    }
  });
  return rows;
}

/** Returns the problems found in the answer sets and the use-case intakes under evalDir. */
export function checkLabels({ evalDir = HERE, knowledgeDir, answerFiles = ANSWER_FILES, intakes: checkIntakes = true } = {}) {
  const problems = [];
  const knowledge = knowledgeDir ? { dir: knowledgeDir, ids: catalogIds(knowledgeDir) } : undefined;
  for (const name of answerFiles) {
    const seen = new Set();
    for (const { where, row } of readLines(path.resolve(evalDir, name), problems)) {
      if (typeof row.text !== "string" || !row.text) problems.push(`${where}: text missing`);
      else if (seen.has(row.text) && !row.history) problems.push(`${where}: exact duplicate of an earlier line`);
      seen.add(row.text);
      if (row.history !== undefined && !isStringArray(row.history)) problems.push(`${where}: history must be a list of earlier messages`);
      checkCommon(row, where, problems, knowledge);
    }
  }
  if (!checkIntakes) return problems;
  const intakes = readLines(path.join(evalDir, USECASE_FILE), problems);
  intakes.forEach(({ where, row }, i) => {
    for (const key of ["role", "goal"]) if (typeof row[key] !== "string" || !row[key]) problems.push(`${where}: ${key} missing`);
    if (row.intent !== "use_cases") problems.push(`${where}: an intake has intent use_cases`);
    checkCommon(row, where, problems, knowledge);
    if (!FUNCTIONS.has(row.function)) problems.push(`${where}: unknown function ${row.function}`);
    if (!Array.isArray(row.acceptable) || row.acceptable.length > 8 || !row.acceptable.every((x) => typeof x === "string")) {
      problems.push(`${where}: acceptable must be a list of at most 8 use-case ids`);
    } else {
      if ((row.acceptable.length === 0) !== (row.scope === "uncovered")) problems.push(`${where}: scope is uncovered exactly when nothing is acceptable`);
      if (knowledge) {
        for (const id of row.acceptable) {
          const file = knowledge.ids.get(id);
          if (!file) problems.push(`${where}: ${id} is not a use case in ${knowledgeDir}/usecases`);
          else if (!row.expected.includes(file)) problems.push(`${where}: expected lacks ${file}, the catalog of ${id}`);
        }
      }
    }
    if (row.split !== (i % 2 === 0 ? "dev" : "holdout")) problems.push(`${where}: split alternates dev, holdout`);
  });
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // Anything but the two options is a mistake, not something to ignore: "check-labels.mjs new.jsonl" would otherwise
  // check the shipped sets and say "labels ok" about a file it never read.
  const args = process.argv.slice(2);
  const unknown = args.filter((a, k) => !["--knowledge", "--file"].includes(a) && !["--knowledge", "--file"].includes(args[k - 1] ?? ""));
  if (unknown.length || ["--knowledge", "--file"].some((o) => args.includes(o) && !args[args.indexOf(o) + 1])) {
    console.error(`check-labels: unexpected ${unknown.length ? `argument ${unknown.join(" ")}` : "option without a value"}; usage: node test/eval/check-labels.mjs [--knowledge DIR] [--file ANSWERS.jsonl]`);
    process.exit(2);
  }
  const i = process.argv.indexOf("--knowledge");
  const knowledgeDir = i >= 0 ? process.argv[i + 1] : undefined;
  const f = process.argv.indexOf("--file");
  // --file PATH checks one answer set (a new one, before its folder joins test/eval/) and not the intakes.
  const problems = f >= 0
    ? checkLabels({ evalDir: process.cwd(), knowledgeDir, answerFiles: [process.argv[f + 1]], intakes: false })
    : checkLabels({ knowledgeDir });
  for (const p of problems) console.error(p);
  if (!problems.length) console.log(`labels ok${knowledgeDir ? ` against ${knowledgeDir}` : ""}`);
  process.exitCode = problems.length ? 1 : 0;
}
