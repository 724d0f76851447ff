import { describe, expect, it } from "vitest";
import { searchDocs, searchIndex } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { createSearchService, refreshSearchIndex } from "../../src/search/index.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";

const clock = fixedClock("2026-11-26T12:00:00Z");
const NEW_ERROR = "ValueError: quantum flux capacitor misaligned on node <*>";

function withNewIssue() {
  const base = corpus.issues[0] as Record<string, unknown>;
  const issue = {
    ...base,
    id: 9_000_000_001,
    number: 9001,
    title: "Flux capacitor misaligned after upgrade",
    body: "```\nValueError: quantum flux capacitor misaligned on node 7\n```",
    html_url: String(base.html_url).replace(/\/\d+$/, "/9001"),
    url: String(base.url).replace(/\/\d+$/, "/9001"),
    updated_at: "2026-11-20T10:00:00Z",
    comments: 0,
  };
  return { issues: [...corpus.issues, issue], comments: corpus.comments };
}

describe("the search service", () => {
  it("persists its index as one row per document so a restart loads instead of re-indexing", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const first = await createSearchService({ database, clock }).search({
      text: "no healthy upstream",
      limit: 3,
    });
    const docs = await database.db.select({ docId: searchDocs.docId }).from(searchDocs);
    expect(docs.length).toBe(corpus.issues.length);
    expect(docs.every((d) => d.docId.startsWith("i:"))).toBe(true);
    const rows = await database.db.select().from(searchIndex);
    // The version, and beside it the clustered issues it indexed (what a feature's rarity is a share of).
    expect(rows.map((r) => r.id).sort()).toEqual(["clustered", "version"]);
    const restarted = createSearchService({ database, clock });
    const update = await restarted.refresh();
    expect(update).toMatchObject({ added: 0, updated: 0, removed: 0 });
    const second = await restarted.search({ text: "no healthy upstream", limit: 3 });
    expect(second.results.map((r) => r.id)).toEqual(first.results.map((r) => r.id));
  });

  it("indexes a newly ingested issue on refresh without re-indexing the rest", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const service = createSearchService({ database, clock });
    await service.refresh();
    await seedCorpus(database, withNewIssue());
    const update = await refreshSearchIndex({ database, clock });
    expect(update.added).toBe(1);
    expect(update.updated).toBeLessThan(10);
    const fresh = createSearchService({ database, clock });
    const outcome = await fresh.search({
      text: "ValueError: quantum flux capacitor misaligned on node 12",
      limit: 3,
    });
    expect(outcome.results[0]?.title).toBe("Flux capacitor misaligned after upgrade");
    expect(outcome.results[0]?.template).toContain("flux capacitor");
    expect(NEW_ERROR).toContain("flux");
  });

  it("ranks a published entry above the raw cluster it was written from", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const service = createSearchService({ database, clock });
    const line = "TypeError: Object of type float32 is not JSON serializable";
    const before = await service.search({ text: line, limit: 3 });
    const clusterId = before.results[0]?.clusterId ?? "";
    const { entries } = await import("../../src/db/schema.js");
    await database.db.insert(entries).values({
      id: "ent_numpy_json",
      clusterId,
      title: "Return plain Python types from predict, not numpy scalars",
      symptom: line,
      state: "published",
      createdAt: "2026-11-26T12:00:00Z",
      updatedAt: "2026-11-26T12:00:00Z",
    });
    await service.refresh();
    const after = await service.search({ text: line, limit: 3 });
    expect(after.results[0]).toMatchObject({ type: "entry", id: "ent_numpy_json", clusterId });
    expect(after.results[1]).toMatchObject({ type: "cluster", id: clusterId });
  });

  it("leaves draft entries out unless asked for by state", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const service = createSearchService({ database, clock });
    const line = "no healthy upstream";
    const clusterId = (await service.search({ text: line, limit: 1 })).results[0]?.clusterId ?? "";
    const { entries } = await import("../../src/db/schema.js");
    await database.db.insert(entries).values({
      id: "ent_draft",
      clusterId,
      title: "Draft about upstreams",
      state: "draft",
      createdAt: "2026-11-26T12:00:00Z",
      updatedAt: "2026-11-26T12:00:00Z",
    });
    await service.refresh();
    expect((await service.search({ text: line, limit: 5 })).results.some((r) => r.id === "ent_draft")).toBe(
      false,
    );
    const drafts = await service.search({ text: line, limit: 5, filters: { state: "draft" } });
    expect(drafts.results.map((r) => r.id)).toEqual(["ent_draft"]);
  });
});

describe("two processes over one database", () => {
  it("picks up an index another process saved after an ingest", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const server = createSearchService({ database, clock, stalenessCheckMs: 0 });
    await server.search({ text: "no healthy upstream", limit: 1 });
    await seedCorpus(database, withNewIssue());
    await refreshSearchIndex({ database, clock });
    const outcome = await server.search({
      text: "ValueError: quantum flux capacitor misaligned on node 3",
      limit: 1,
    });
    expect(outcome.results[0]?.title).toBe("Flux capacitor misaligned after upgrade");
  });
});

describe("rebuilding", () => {
  it("rebuilds the index from the database and keeps answering", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const service = createSearchService({ database, clock });
    const update = await service.rebuild();
    expect(update.added).toBeGreaterThan(100);
    expect((await service.search({ text: "no healthy upstream", limit: 1 })).results).toHaveLength(1);
  });
});
