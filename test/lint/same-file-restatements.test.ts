import { describe, expect, it } from "vitest";
import { contradictionsAfterEdit, lineOf, shippedSources } from "./fixtures.ts";

// Two sentences of one playbook that restate each other (high cosine) need no extra same-file margin.
describe("contradictions: a restatement within one playbook", () => {
  it("finds 'minimum three people' against 'groups of at least 5 people' in the same playbook of the shipped corpus", async () => {
    const sources = await shippedSources();
    const file = "change/communications.md";
    const lint = (size: string) => contradictionsAfterEdit(sources, { file, find: "(minimum 5 people)", replace: `(minimum ${size} people)` });
    const found = lint("three");
    expect(found).toHaveLength(1);
    expect(found[0]!.places.map((p) => `${p.path}:${p.line}`)).toContain(`${file}:${lineOf(sources, file, "Usage data is reported only for groups of at least 5 people")}`);
    expect(lint("five")).toEqual([]);
  });
});
