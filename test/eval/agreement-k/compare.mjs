// How far a second labeller agrees with set K's labels: `node test/eval/agreement-k/compare.mjs`.
// Prints scope, intent and escalation agreement, and for lines both call in scope whether they name the same first
// playbook and share a fact phrase; over all 200 lines and over the 130 that test/eval/README.md's set K paragraph
// does not discuss (that paragraph gave the second labeller the first one's calls for 70 lines).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const lines = (file) => readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
const first = new Map(lines(here("../heldout-k/answers.jsonl")).map((r) => [r.id, r]));
const second = lines(here("second-labeller.jsonl"));
const named = new Set(readFileSync(here("../README.md"), "utf8").match(/\bk\d{3}\b/g) ?? []);
const norm = (s) => s.toLowerCase().replace(/\s+/g, " ").trim();

function report(label, rows) {
  const n = rows.length;
  const same = (f) => rows.filter((r) => f(r, first.get(r.id))).length;
  const tp = same((b, a) => a.escalate && b.escalate);
  const fp = same((b, a) => !a.escalate && b.escalate);
  const fn = same((b, a) => a.escalate && !b.escalate);
  const bothIn = rows.filter((r) => r.scope === "in" && first.get(r.id).scope === "in");
  const firstPlaybook = bothIn.filter((r) => r.expected[0] === first.get(r.id).expected?.[0]).length;
  const sharedFact = bothIn.filter((r) => r.fact.some((x) => (first.get(r.id).fact ?? []).some((y) => norm(y) === norm(x)))).length;
  const f = (k, of) => `${k}/${of} (${(k / (of || 1)).toFixed(3)})`;
  console.log(`${label}: scope ${f(same((b, a) => a.scope === b.scope), n)}, intent ${f(same((b, a) => a.intent === b.intent), n)}, escalation tp ${tp} fp ${fp} fn ${fn}; both in scope ${bothIn.length}: same first playbook ${f(firstPlaybook, bothIn.length)}, the same fact phrase ${f(sharedFact, bothIn.length)}`);
}
report("all lines", second);
report("lines the README does not discuss", second.filter((r) => !named.has(r.id)));
