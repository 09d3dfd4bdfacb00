import { describe, expect, it } from "vitest";
import { tablesAsSentences } from "../../src/assistant/composer.ts";

describe("tables in an answer", () => {
  it("a row reads as a sentence that names its columns", () => {
    const text = ["Intro line.", "| system | self-service | partner work |", "| --- | --- | --- |", "| Salesforce | Einstein as switched on | any write-back |", "| SAP | analysis on the Snowflake copy | |", "After."].join("\n");
    expect(tablesAsSentences(text).split("\n")).toEqual([
      "Intro line.",
      "Salesforce — self-service: Einstein as switched on; partner work: any write-back.",
      "SAP — self-service: analysis on the Snowflake copy.",
      "After.",
    ]);
  });

  it("a row whose header is in another chunk is left out: without it the columns mean nothing", () => {
    expect(tablesAsSentences("Before.\n| ServiceNow | Now Assist | write-back |\nAfter.")).toBe("Before.\nAfter.");
  });
});
