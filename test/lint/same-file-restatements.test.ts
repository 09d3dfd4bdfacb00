import { describe, expect, it } from "vitest";
import { contradictionsAfterEdit, shippedSources } from "./fixtures.ts";

// Two sentences of one playbook that restate each other (high cosine) need no extra same-file margin.
describe("contradictions: a restatement within one playbook", () => {
  it("finds 'minimum three people' against 'groups of at least 5 people' in the same playbook of the shipped corpus", async () => {
    const sources = await shippedSources();
    const file = "change/communications.md";
    const lint = (size: string) => contradictionsAfterEdit(sources, { file, find: "(minimum 5 people)", replace: `(minimum ${size} people)`, line: 102 });
    const found = lint("three");
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => `${p.path}:${p.line}`)).toContain(`${file}:85`);
    expect(lint("five")).toEqual([]);
  });
});
