/** `partnerpilot usecases` and `partnerpilot readiness` through the real binary: the JSON contracts and bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";
import { runCli, seedDataDir } from "../support/run-cli.ts";

let dataDir: string;
beforeAll(() => {
  dataDir = tempDir("cli-usecases");
  seedDataDir(dataDir);
});
afterAll(removeTempDirs);

const run = (args: string[]) => runCli(args, { dataDir, timeoutMs: 90_000 });

/** The DESIGN.md contract of `usecases --json` (more fields may follow). */
const UseCasesJson = z.object({
  useCases: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      path: z.string().regex(/^usecases\/[a-z-]+\.md$/),
      score: z.number(),
      reasons: z.array(z.string()).min(1),
      hoursSaved: z.number(),
      effort: z.number().int().min(1).max(5),
      risk: z.number().int().min(1).max(5),
    }),
  ),
});

describe("partnerpilot usecases / readiness", () => {
  it("prints the ranked use cases as one JSON object, best first, the same on every run", async () => {
    const args = ["usecases", "--json", "--role", "accounts payable clerk", "--department", "Finance", "--tools", "SAP, Excel", "--goal", "blocked invoices"];
    const [a, b] = await Promise.all([run(args), run(args)]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const parsed = UseCasesJson.parse(JSON.parse(a.stdout));
    expect(parsed.useCases).toHaveLength(5);
    expect(parsed.useCases[0]!.id).toBe("finance-ap-exceptions");
    expect(parsed.useCases[0]!.path).toBe("usecases/finance.md");
    const scores = parsed.useCases.map((u) => u.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    expect(b.stdout).toBe(a.stdout);
  }, 120_000);

  it("prints readiness with the checklist and the score's parts", async () => {
    const r = await run(["readiness", "--json", "--system", "SAP", "--users", "300", "--countries", "2", "--data", "confidential"]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { playbook: { path: string }; prerequisites: string[]; complexity: { score: number; parts: { name: string; points: number }[] }; partner: { recommended: boolean } };
    expect(out.playbook.path).toBe("integrations/sap.md");
    expect(out.prerequisites.length).toBeGreaterThan(0);
    expect(out.complexity.parts.reduce((s, p) => s + p.points, 0)).toBe(out.complexity.score);
    expect(out.partner.recommended).toBe(true);
  }, 60_000);

  it("answers bad input with one clear line and exit code 2, printing nothing on stdout", async () => {
    const cases: [string[], RegExp][] = [
      [["usecases", "--json", "--role", " "], /role: Tell me your role/],
      [["readiness", "--json", "--system", "oracle"], /no integration playbook covers "oracle"/],
      [["readiness", "--json", "--system", "sap", "--data", "secret"], /data level "secret" is not one of public, internal, confidential, restricted/],
      [["readiness", "--json"], /give either --system S or --use-case ID/],
    ];
    const runs = await Promise.all(cases.map(([args]) => run(args)));
    runs.forEach((r, i) => {
      expect(r.code, cases[i]![0].join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(cases[i]![1]);
    });
  }, 60_000);
});
