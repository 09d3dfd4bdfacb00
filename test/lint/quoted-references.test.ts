import { describe, expect, it } from "vitest";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// A figure inside a quoted cross-reference ('(see "Badges are required above 40 visitors" above)') is the title of the
// place referred to, not the statement's own figure: the statement's own figure is still compared with that place.
const filler = fixturePlaybook(
  "filler",
  "Operations",
  `## Rules\n\n${Array.from({ length: 60 }, (_, i) => `- Topic ${i} covers the quarterly ${["invoice", "budget", "roadmap", "newsletter", "survey", "workshop"][i % 6]} plan number ${i} for the regional office.`).join("\n")}`,
);
const visitors = (item: string) =>
  fixturePlaybook(
    "visitors",
    "Facilities",
    [
      "## Badges are required above 40 visitors",
      "",
      "Every event with more than 40 visitors must register each visitor for a printed badge at reception; smaller events may use the paper log.",
      "",
      "## Before the event",
      "",
      `- ${item}`,
    ].join("\n"),
  );

describe("quoted cross-references", () => {
  it("compares a statement's own figure with the place it refers to by title", () => {
    const found = contradictions({ "filler.md": filler, "visitors.md": visitors('Printed badges for any event that will have more than 90 visitors (see "Badges are required above 40 visitors" above).') });
    expect(found.map((f) => f.places.map((p) => p.line).sort((a, b) => a - b))).toEqual([[expect.any(Number), 17]]);
  });

  it("does not flag a statement that restates the referred figure", () => {
    const found = contradictions({ "filler.md": filler, "visitors.md": visitors('Printed badges for any event that will have more than 40 visitors (see "Badges are required above 40 visitors" above).') });
    expect(found).toEqual([]);
  });
});
