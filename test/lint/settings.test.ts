import { describe, expect, it } from "vitest";
import { permissions } from "../../src/lint/facts.ts";
import { contradictions, fixturePlaybook } from "./fixtures.ts";

// A setting's value after the label that names it ("- Transcript export (…): on"), or a rule right after such a label
// with no subject of its own ("…: staff may turn it on"), is about what the label names; a switch elsewhere that names
// the setting word for word is the same setting.
const meetings = (items: string[]) =>
  fixturePlaybook(
    "meetings",
    "Workplace Tech",
    [
      "## Meeting features",
      "",
      "Live captions are switched on in every meeting room; screen recording and transcript export are switched off. The detail:",
      "",
      ...items,
    ].join("\n"),
  );

/** Sixty statements on other topics, so that words have corpus frequencies as in a real playbook set. */
const filler = fixturePlaybook(
  "filler",
  "Operations",
  `## Rules\n\n${Array.from({ length: 60 }, (_, i) => `- Topic ${i} covers the quarterly ${["invoice", "budget", "roadmap", "newsletter", "survey", "workshop"][i % 6]} plan number ${i} for the regional office.`).join("\n")}`,
);
const lint = (files: Record<string, string>) => contradictions({ "filler.md": filler, ...files });

describe("settings named by a label", () => {
  it("reads a value after a label as a permission about the label's thing", () => {
    expect(permissions("Transcript export (saving the meeting text as a file): on, and the file stays in the team site.").map((p) => [p.polarity, p.setting])).toEqual([["allowed", "Transcript export"]]);
    expect(permissions("On Mondays the rooms are cleaned.")).toEqual([]);
    expect(permissions("Custom layouts: on the other hand, they vary by room.")).toEqual([]);
  });

  it("flags a setting item that contradicts the summary switch naming it, and not an item the summary agrees with", () => {
    const found = lint({
      "meetings.md": meetings([
        "- Live captions (spoken words shown as text during the call): on.",
        "- Transcript export (saving the meeting text as a file): on, and the file stays in the team site.",
      ]),
    });
    expect(found.map((f) => f.places.map((p) => p.line))).toEqual([[13, 16]]);
  });

  it("flags a rule right after a label that lets staff switch on what the summary switches off", () => {
    const found = lint({
      "meetings.md": meetings(["- Screen recording (a video of the shared screen): staff may turn it on for training sessions."]),
    });
    expect(found.map((f) => f.places.map((p) => p.line))).toEqual([[13, 15]]);
  });

  it("flags an instruction elsewhere to switch on a setting a label switches off, and not one about another setting", () => {
    const items = ["- Transcript export (saving the meeting text as a file): off, so that client remarks do not leave the call."];
    const guide = (line: string) => fixturePlaybook("guide", "Enablement", `## Habits\n\n- ${line}`);
    const found = lint({ "meetings.md": meetings(items), "guide.md": guide("Turn on transcript export so your notes write themselves after each call.") });
    expect(found.map((f) => f.places.map((p) => p.path).sort())).toEqual([["guide.md", "meetings.md"]]);
    expect(lint({ "meetings.md": meetings(items), "guide.md": guide("Turn on live captions so colleagues who join late can follow.") })).toEqual([]);
  });
});
