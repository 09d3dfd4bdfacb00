/**
 * Named heads: "AI Enablement Office (head: Priya Nair)" and "The AI Enablement Office (head: Daniel Okafor) runs the
 * network" name two different people as the head of one team. A statement names a team's head as "Team (head:
 * Name)", "Name (head of the Team)", "Name, head of the Team" or "Team, led by Name"; two statements naming
 * different people for one team contradict, whatever else they say.
 */
import { escapeRegExp } from "./facts.ts";
import { conflictFinding, type Finding, onePerValue } from "./findings.ts";
import type { Statement } from "./statements.ts";

export interface PeopleOptions {
  /** Known team names (playbook owners and defined teams). */
  teams: readonly string[];
}

/** A person's name: two or three capitalised words ("Priya Nair", "Mary-Ann Lee"). */
const NAME = "[A-Z][a-z]+(?:[- ][A-Z][a-z'’]+){1,2}";

interface Head {
  statement: Statement;
  team: string;
  person: string;
}

/** The (team, head) pairs a statement names (exported for tests). */
export function headsIn(text: string, teams: readonly string[]): { team: string; person: string }[] {
  const out: { team: string; person: string }[] = [];
  for (const team of [...teams].sort((a, b) => b.length - a.length)) {
    if (!text.includes(team)) continue;
    const t = escapeRegExp(team);
    const patterns = [
      new RegExp(`${t}\\s*\\((?:its\\s+)?head(?:ed by)?:?\\s+(${NAME})\\)`, "g"),
      new RegExp(`(${NAME})\\s*\\((?:the\\s+)?head of (?:the\\s+)?${t}\\)`, "g"),
      new RegExp(`(${NAME}),\\s+(?:the\\s+)?head of (?:the\\s+)?${t}\\b`, "g"),
      new RegExp(`${t},?\\s+(?:is\\s+)?(?:led|headed) by\\s+(${NAME})`, "g"),
      new RegExp(`\\bhead of (?:the\\s+)?${t},?\\s+(?:is\\s+)?(${NAME})`, "g"),
    ];
    for (const re of patterns) for (const m of text.matchAll(re)) out.push({ team, person: m[1]! });
  }
  return out;
}

export function findHeadConflicts(statements: readonly Statement[], opts: PeopleOptions): Finding[] {
  const heads: Head[] = statements.flatMap((statement) => headsIn(statement.text, opts.teams).map((h) => ({ statement, ...h })));
  const pairs: { a: Head; b: Head }[] = [];
  for (let i = 0; i < heads.length; i++) {
    for (let j = i + 1; j < heads.length; j++) {
      const [a, b] = [heads[i]!, heads[j]!];
      if (a.statement === b.statement || a.team !== b.team || a.person === b.person) continue;
      // A statement that names both people ("Priya Nair, and Daniel Okafor from July") describes a handover.
      if (a.statement.text.includes(b.person) || b.statement.text.includes(a.person)) continue;
      const c = a.statement.path.localeCompare(b.statement.path) || a.statement.line - b.statement.line;
      pairs.push(c <= 0 ? { a, b } : { a: b, b: a });
    }
  }
  return onePerValue(pairs, () => 0, (p) => [
    { at: p.a.statement, value: p.a.person },
    { at: p.b.statement, value: p.b.person },
  ]).map(({ a, b }) =>
    conflictFinding(`different people for the same subject (head of ${a.team})`, { at: a.statement, value: a.person }, { at: b.statement, value: b.person }),
  );
}
