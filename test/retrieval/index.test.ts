import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { chunkPlaybooks } from "../../src/retrieval/chunking.ts";
import { LocalEmbedder } from "../../src/retrieval/embedders/LocalEmbedder.ts";
import { hashCorpus, KnowledgeIndex, type IndexManifest } from "../../src/retrieval/KnowledgeIndex.ts";
import { loadPlaybooks, PlaybookError } from "../../src/retrieval/playbooks.ts";
import { FUSION_CORPUS, knowledgeDir, playbookText, removeTempDirs, tempDir } from "../support/fixtures-knowledge.ts";

afterAll(removeTempDirs);

/** Lexical-only local embedder: fast, and what these tests are about is the index lifecycle. */
const embedder = (options?: ConstructorParameters<typeof LocalEmbedder>[1]) => new LocalEmbedder(undefined, options);

function setup(): { kb: string; data: string; indexDir: string } {
  const kb = knowledgeDir(FUSION_CORPUS, "index-kb");
  const data = tempDir("index-data");
  return { kb, data, indexDir: path.join(data, "index") };
}

function readManifest(indexDir: string): IndexManifest {
  return JSON.parse(readFileSync(path.join(indexDir, "manifest.json"), "utf8")) as IndexManifest;
}

async function open(kb: string, data: string, e = embedder(), force = false) {
  return KnowledgeIndex.open({ knowledgeDir: kb, dataDir: data, embedder: e, force });
}

async function topPaths(index: KnowledgeIndex, query: string): Promise<string[]> {
  return (await index.search(query, { k: 3 })).map((h) => `${h.chunk.path}#${h.chunk.section}`);
}

describe("KnowledgeIndex.open: build once, reuse while nothing changed", () => {
  it("rebuilds on first open, reuses on the second, and the reused index answers the same", async () => {
    const { kb, data, indexDir } = setup();
    const first = await open(kb, data);
    expect(first.rebuilt).toBe(true);
    expect(readdirSync(indexDir).sort()).toEqual(["chunks.json", "embedder.json", "manifest.json", "vectors-0.hnsw"]);
    // No temporary directory left next to the index.
    expect(readdirSync(data)).toEqual(["index"]);

    const second = await open(kb, data);
    expect(second.rebuilt).toBe(false);
    expect(second.index.chunks).toEqual(first.index.chunks);
    expect(second.index.manifest).toEqual(first.index.manifest);

    for (const q of ["lost access badge", "hotel overnight reimbursement", "docking station firmware"]) {
      const a = await first.index.search(q, { k: 4 });
      const b = await second.index.search(q, { k: 4 });
      expect(b.map((h) => h.chunk.id)).toEqual(a.map((h) => h.chunk.id));
      b.forEach((h, i) => expect(h.score).toBeCloseTo(a[i]!.score, 5));
    }
    expect((await topPaths(second.index, "lost access badge"))[0]).toBe("security/badges.md#Lost badges");
  });

  it("writes a manifest with the embedder id, dimensions, corpus hash and counts", async () => {
    const { kb, data, indexDir } = setup();
    const e = embedder();
    const { index } = await open(kb, data, e);
    const manifest = readManifest(indexDir);
    const playbooks = await loadPlaybooks(kb);
    expect(manifest).toEqual(index.manifest);
    expect(manifest.embedder).toBe(e.id);
    expect(manifest.embedder).toMatch(/^local-v1:.*nowv$/);
    expect(manifest.dimensions).toBe(e.dimensions);
    expect(manifest.dimensions).toBe(256);
    expect(manifest.corpusHash).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.corpusHash).toBe(hashCorpus(playbooks));
    expect(manifest.playbooks).toBe(8);
    expect(manifest.chunks).toBe(chunkPlaybooks(playbooks).length);
    expect(manifest.chunks).toBe(index.chunks.length);
    expect(manifest.chunks).toBe(16);
    expect(index.vectors.size).toBe(16);
    expect(Number.isInteger(manifest.format)).toBe(true);
    expect(Number.isNaN(Date.parse(manifest.builtAt))).toBe(false);
    expect(manifest.buildMs).toBeGreaterThanOrEqual(0);
    const chunks = JSON.parse(readFileSync(path.join(indexDir, "chunks.json"), "utf8")) as unknown[];
    expect(chunks).toHaveLength(16);
  });

  it("the corpus hash ignores file order but not content", async () => {
    const playbooks = await loadPlaybooks(knowledgeDir(FUSION_CORPUS));
    expect(hashCorpus([...playbooks].reverse())).toBe(hashCorpus(playbooks));
    const edited = playbooks.map((p, i) => (i === 0 ? { ...p, reviewed: "2026-11-01" } : p));
    expect(hashCorpus(edited)).not.toBe(hashCorpus(playbooks));
  });
});

describe("KnowledgeIndex.open: what triggers a rebuild", () => {
  it("editing one playbook rebuilds, and the edit is searchable", async () => {
    const { kb, data, indexDir } = setup();
    await open(kb, data);
    const before = readManifest(indexDir);
    const file = path.join(kb, "security/badges.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("15 euros", "15 euros, paid at the Zwolle kiosk"));

    const edited = await open(kb, data);
    expect(edited.rebuilt).toBe(true);
    const after = readManifest(indexDir);
    expect(after.corpusHash).not.toBe(before.corpusHash);
    expect((await edited.index.search("Zwolle kiosk", { k: 1 }))[0]!.chunk.path).toBe("security/badges.md");

    expect((await open(kb, data)).rebuilt).toBe(false);
  });

  it("changing only front matter (the reviewed date) rebuilds: citations show it", async () => {
    const { kb, data } = setup();
    await open(kb, data);
    const file = path.join(kb, "facilities/canteen.md");
    writeFileSync(file, readFileSync(file, "utf8").replace("reviewed: 2026-10-01", "reviewed: 2026-11-20"));
    const { index, rebuilt } = await open(kb, data);
    expect(rebuilt).toBe(true);
    expect(index.chunksOf("facilities/canteen.md").every((c) => c.reviewed === "2026-11-20")).toBe(true);
  });

  it("adding or removing a playbook rebuilds", async () => {
    const { kb, data } = setup();
    await open(kb, data);
    writeFileSync(path.join(kb, "new.md"), playbookText({ id: "new-doc", title: "Bike shed" }, "# Bike shed\n\nBicycles go in the shed behind building B.\n"));
    const added = await open(kb, data);
    expect(added.rebuilt).toBe(true);
    expect(added.index.manifest.playbooks).toBe(9);
    rmSync(path.join(kb, "new.md"));
    const removed = await open(kb, data);
    expect(removed.rebuilt).toBe(true);
    expect(removed.index.manifest.playbooks).toBe(8);
  });

  it("an embedder with a different id rebuilds (other dimensions, or same dimensions other options)", async () => {
    const { kb, data, indexDir } = setup();
    const base = embedder();
    await open(kb, data, base);

    const smaller = embedder({ hashDimensions: 128 });
    expect(smaller.id).not.toBe(base.id);
    const r1 = await open(kb, data, smaller);
    expect(r1.rebuilt).toBe(true);
    expect(readManifest(indexDir)).toMatchObject({ embedder: smaller.id, dimensions: 128 });
    expect(r1.index.vectors.dimensions).toBe(128);

    const otherChars = embedder({ charWeight: 0.6 });
    expect(otherChars.dimensions).toBe(base.dimensions);
    expect(otherChars.id).not.toBe(base.id);
    const r2 = await open(kb, data, otherChars);
    expect(r2.rebuilt).toBe(true);
    expect(readManifest(indexDir).embedder).toBe(otherChars.id);

    expect((await open(kb, data, embedder({ charWeight: 0.6 }))).rebuilt).toBe(false);
  });

  it("concurrent opens of a missing index all succeed and leave one reusable index", async () => {
    // Several rounds of eight: the old rm-then-rename swap failed here about one round in four under load.
    for (let round = 0; round < 5; round++) {
      const { kb, data } = setup();
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => open(kb, data)));
      expect(results.map((r) => (r.status === "rejected" ? String((r.reason as Error).message) : "ok"))).toEqual(Array(8).fill("ok"));
      expect(readdirSync(data)).toEqual(["index"]);
      expect((await open(kb, data)).rebuilt).toBe(false);
    }
  });

  it("force rebuilds even when the stored index is current", async () => {
    const { kb, data } = setup();
    await open(kb, data);
    expect((await open(kb, data, embedder(), true)).rebuilt).toBe(true);
  });
});

describe("KnowledgeIndex.open: a damaged stored index falls back to a rebuild", () => {
  const damages: [string, (indexDir: string) => void][] = [
    ["chunks.json is not JSON", (d) => writeFileSync(path.join(d, "chunks.json"), "{ this is not json")],
    ["chunks.json has the wrong number of chunks", (d) => writeFileSync(path.join(d, "chunks.json"), "[]")],
    ["manifest.json is not JSON", (d) => writeFileSync(path.join(d, "manifest.json"), "{")],
    ["embedder.json is missing", (d) => rmSync(path.join(d, "embedder.json"))],
    ["vectors-0.hnsw is truncated", (d) => truncateSync(path.join(d, "vectors-0.hnsw"), 100)],
    ["vectors-0.hnsw is missing", (d) => rmSync(path.join(d, "vectors-0.hnsw"))],
  ];

  it.each(damages)("%s", async (_label, damage) => {
    const { kb, data, indexDir } = setup();
    const first = await open(kb, data);
    damage(indexDir);
    const reopened = await open(kb, data);
    expect(reopened.rebuilt).toBe(true);
    expect(reopened.index.chunks).toHaveLength(first.index.chunks.length);
    expect((await topPaths(reopened.index, "lost access badge"))[0]).toBe("security/badges.md#Lost badges");
    // The rebuilt index was stored again and is reused next time.
    expect(readManifest(indexDir)).toMatchObject({ chunks: 16 });
    expect((await open(kb, data)).rebuilt).toBe(false);
  });
});

describe("KnowledgeIndex.open: a bad playbook stops indexing and changes nothing", () => {
  it("rejects with a PlaybookError and leaves the stored index usable", async () => {
    const { kb, data, indexDir } = setup();
    await open(kb, data);
    const manifestBefore = readFileSync(path.join(indexDir, "manifest.json"), "utf8");
    writeFileSync(path.join(kb, "broken.md"), playbookText({ id: "broken", reviewed: "yesterday" }, "# Broken\n\nText.\n"));
    await expect(open(kb, data)).rejects.toBeInstanceOf(PlaybookError);
    await expect(open(kb, data)).rejects.toThrow(/broken\.md:\d+: field "reviewed"/);
    expect(readFileSync(path.join(indexDir, "manifest.json"), "utf8")).toBe(manifestBefore);
    rmSync(path.join(kb, "broken.md"));
    expect((await open(kb, data)).rebuilt).toBe(false);
  });

  it("an unclosed code fence (found while chunking) also rejects before anything is written", async () => {
    const kb = knowledgeDir({ "fence.md": playbookText({ id: "fence-doc" }, "# F\n\n## Code\n\n```js\nconst a = 1;\n") });
    const data = tempDir("index-data");
    await expect(open(kb, data)).rejects.toBeInstanceOf(PlaybookError);
    expect(existsSync(path.join(data, "index", "manifest.json"))).toBe(false);
  });
});

describe("KnowledgeIndex.search", () => {
  it("returns k hits with term coverage in [0,1], at most perDocument chunks of one playbook first", async () => {
    const { kb, data } = setup();
    const { index } = await open(kb, data);
    const hits = await index.search("laptop monitor docking hardware", { k: 6, perDocument: 1 });
    expect(hits).toHaveLength(6);
    const firstPaths = hits.slice(0, 6).map((h) => h.chunk.path);
    expect(new Set(firstPaths).size).toBe(6);
    for (const h of hits) {
      expect(h.termCoverage).toBeGreaterThanOrEqual(0);
      expect(h.termCoverage).toBeLessThanOrEqual(1);
    }
    const modes = await Promise.all((["bm25", "dense", "hybrid"] as const).map((mode) => index.search("lost badge", { mode, k: 2 })));
    for (const m of modes) expect(m[0]!.chunk.path).toBe("security/badges.md");
    expect(modes[0]![0]!.lexicalScore).toBeGreaterThan(0);
    expect(modes[1]![0]!.denseScore).toBeGreaterThan(0);
  });

  it("a query with no known word returns no lexical hits and does not throw", async () => {
    const { kb, data } = setup();
    const { index } = await open(kb, data);
    expect(await index.search("xyzzy plugh", { mode: "bm25" })).toEqual([]);
    expect(Array.isArray(await index.search(""))).toBe(true);
  });
});

describe("KnowledgeIndex.expandAliases", () => {
  it("spells out an alias in any case, but an alias that is a function word (the Dutch works council OR) only as written", async () => {
    const kb = knowledgeDir(
      {
        "change/communications.md": playbookText(
          { id: "change-communications", title: "Communications", tags: ["communications"], aliases: ["comms", "OR", "instemming"] },
          "# Communications\n\nThe works council consents before a rollout.\n",
        ),
      },
      "alias-kb",
    );
    const { index } = await open(kb, tempDir("alias-data"));
    expect(index.expandAliases("our COMMS plan")).toBe("our COMMS plan communications");
    expect(index.expandAliases("does the OR need to give instemming?")).toBe("does the OR need to give instemming? communications");
    expect(index.expandAliases("as works council (OR) we ask")).toBe("as works council (OR) we ask communications");
    expect(index.expandAliases("is this allowed or not")).toBe("is this allowed or not");
    expect(index.expandAliases("Or is read-only the rule?")).toBe("Or is read-only the rule?");
  });
});

describe("KnowledgeIndex.search: the questions a section answers", () => {
  const body = (seatQuestions: string) =>
    [
      "# Tools and seats",
      "",
      "## Seat requests",
      "",
      "Request a seat through the AI Tool Access catalog item; it is active within 3 business days.",
      "",
      seatQuestions,
      "",
      "## Travel",
      "",
      "Hotel stays for training days are booked through the travel portal; the first day of onboarding is on site.",
    ].join("\n");
  const kb = (seatQuestions: string) => knowledgeDir({ "governance/tools.md": playbookText({ id: "governance-tools", title: "Tools and seats" }, body(seatQuestions)) }, "questions-kb");

  it("a section found only through how employees ask for it ranks first, its question match adds to its score, and the questions are never in its text", async () => {
    const query = "new starter, what do i do first";
    const without = (await open(kb(""), tempDir("questions-data"))).index;
    expect((await without.search(query, { k: 2 }))[0]?.chunk.section).toBe("Travel");
    const withQuestions = (await open(kb("```questions\nwhat do i do first as a new starter?\n```"), tempDir("questions-data"))).index;
    const seat = async (weight: number) => (await withQuestions.search(query, { k: 2, questionWeight: weight })).find((h) => h.chunk.section === "Seat requests")!;
    expect((await withQuestions.search(query, { k: 2 }))[0]?.chunk.section).toBe("Seat requests");
    expect((await seat(1)).score).toBeGreaterThan((await seat(0)).score + 0.5);
    expect(withQuestions.chunks.find((c) => c.section === "Seat requests")!.text).not.toMatch(/new starter/);
  });
});
