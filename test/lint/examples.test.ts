import { describe, expect, it } from "vitest";
import { quantities } from "../../src/lint/facts.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// A near-miss example at or above the threshold of the rule its section states (src/lint/examples.ts).
const guide = (rule: string, misses: string[]) =>
  fixturePlaybook(
    "travel",
    "Travel Desk",
    ["## When the travel desk books for you", "", `**Rule:** ${rule}`, "", "**Qualifies:**", "- A sales kick-off in Lisbon for the whole EMEA team.", "", "**Does not qualify (near-misses):**", ...misses.map((m) => `- ${m}`)].join("\n"),
  );

describe("near-miss examples against their rule", () => {
  it("reads a vague number of hundreds as its usual size", () => {
    expect(quantities("a trip for several hundred guests").map((q) => q.lo)).toEqual([300]);
  });

  it("flags a near-miss whose head count meets the rule's lower bound", () => {
    const found = contradictions({
      "travel.md": guide("the desk books when a trip takes 40 or more travellers, or travellers from 3 or more offices.", ["A team offsite for 12 travellers in one office.", "A customer visit by 55 travellers in one city."]),
    });
    expect(found.map((f) => f.places.map((p) => p.line))).toEqual([[13, 20]]);
    expect(found[0]!.message).toMatch(/^different thresholds .*: 40 or more travellers in travel\.md:13 .* vs 55 travellers.* \(listed as not qualifying\) in travel\.md:20/);
  });

  it("does not flag near-misses below the bound, figures of another unit, or a qualifying example above it", () => {
    const found = contradictions({
      "travel.md": guide("the desk books when a trip takes 40 or more travellers, or travellers from 3 or more offices.", ["A team offsite for 12 travellers in one office.", "A two-day workshop with 2 offices and 30 travellers."]),
    });
    expect(found).toEqual([]);
  });
});
