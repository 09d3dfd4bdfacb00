/**
 * Writes src/lint/same-question.json, the same-question check's links (questions.ts), from the shipped corpus and the
 * labelled questions of the answer TRAINING sets only. Re-run after the corpus or the training sets change:
 *
 *   node --import tsx src/lint/same-question-generate.ts [knowledge-dir]
 *
 * The answer sets held out for the answer evaluation are never read (TRAINING_SETS lists the ones that may be).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkPlaybook } from "../retrieval/playbooks.ts";
import { readCorpus } from "./lint.ts";
import { buildSameQuestionData, type QuestionGroup, SAME_QUESTION_FILE } from "./questions.ts";
import { statementsOf } from "./statements.ts";

/** The answer sets whose labels may train (the read and training sets); t, u, zd–zm, zo–zr are held out. */
export const TRAINING_SETS = "a b c d e f g h i j k l m o p q r s v w x y z za zb zc zn".split(" ");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dir = process.argv[2] ?? path.join(root, "knowledge");
const questions: QuestionGroup[] = [];
for (const set of TRAINING_SETS) {
  for (const line of readFileSync(path.join(root, "test/eval", `heldout-${set}`, "answers.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const q = JSON.parse(line) as { expected?: string[]; fact?: string[] };
    if (q.fact?.length && q.expected?.length) questions.push({ playbooks: [...q.expected].sort(), facts: [...new Set(q.fact)] });
  }
}
const statements = (await readCorpus(dir)).filter((s) => s.path.endsWith(".md")).flatMap((s) => {
  const { playbook } = checkPlaybook(s.path, s.text);
  return playbook ? statementsOf(playbook) : [];
});
const data = buildSameQuestionData(statements, questions);
writeFileSync(SAME_QUESTION_FILE, `${JSON.stringify(data, null, 0).replace(/\},\{"(playbooks|value)"/g, '},\n{"$1"')}\n`);
console.log(`${path.relative(process.cwd(), SAME_QUESTION_FILE)}: ${data.groups.length} questions with a figure, ${data.links.length} links, from ${questions.length} labelled questions`);
