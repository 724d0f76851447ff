import { describe, expect, it } from "vitest";
import { buryInNoise, type NoiseStyle } from "../../scripts/bench/search-noise.js";
import { recluster } from "../../src/clustering/recluster.js";
import { mergeClusters } from "../../src/clustering/rules.js";
import { createEntry, publishEntry } from "../../src/curation/entries.js";
import type { Database } from "../../src/db/client.js";
import { loadSearchCounts } from "../../src/db/queries/search-docs.js";
import { fixedClock } from "../../src/domain/clock.js";
import { databaseLookups } from "../../src/search/database-lookups.js";
import { refreshSearchIndex } from "../../src/search/index.js";
import { loadSearchIndex } from "../../src/search/index-store.js";
import { memoryLookups } from "../../src/search/memory-lookups.js";
import { runSearch } from "../../src/search/ranking.js";
import type { SearchFilters } from "../../src/search/types.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import queryFixture from "../fixtures/search-queries.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";

const clock = fixedClock("2026-11-26T12:00:00Z");

type Query = {
  kind: string;
  text?: string;
  error?: string;
  noise?: NoiseStyle;
  before?: number;
  after?: number;
};

const texts = (queryFixture as { queries: Query[] }).queries.map((q) =>
  q.kind === "log"
    ? buryInNoise(q.error ?? "", q.noise ?? "go", q.before ?? 10, q.after ?? 0)
    : (q.text ?? ""),
);

// Exact lines cut off mid-way, as a paste from a narrow terminal is: they meet longer known lines.
const cut = (queryFixture as { queries: Query[] }).queries
  .filter((q) => q.kind === "exact" && (q.text ?? "").length > 60)
  .map((q) => (q.text ?? "").slice(0, Math.round((q.text ?? "").length * 0.7)));

async function bothPaths(database: Database) {
  await refreshSearchIndex({ database, clock });
  const index = await loadSearchIndex(database);
  const counts = await loadSearchCounts(database.db);
  if (!index || !counts) throw new Error("no index");
  const perQuery = databaseLookups(database, {
    documents: counts.documents,
    clustered: counts.clustered ?? -1,
  });
  return { memory: memoryLookups(index), perQuery, index };
}

describe("per-query lookups", () => {
  it("answer every query of the quality set exactly as the loaded index does", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const { memory, perQuery, index } = await bothPaths(database);
    expect(await perQuery.documentCount()).toBe(index.documentCount);
    const kinds = new Set<string>();
    for (const text of [...texts, ...cut]) {
      const request = { text, limit: 10 };
      const expected = await runSearch(memory, request);
      expect(await runSearch(perQuery, request), text.slice(0, 80)).toEqual(expected);
      for (const r of expected.results) for (const w of r.why) kinds.add(w.kind);
    }
    // Every path of the ranking was taken: features, cut lines, alike templates, full text.
    expect([...kinds].sort()).toEqual(["near", "signature", "template", "text"]);
  });

  it("answer as the loaded index does after a curator merge moved one cluster's documents", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const { memory } = await bothPaths(database);
    const merged: string[] = [];
    for (const text of texts) {
      const top = (await runSearch(memory, { text, limit: 1 })).results[0]?.clusterId;
      if (top && !merged.includes(top)) merged.push(top);
      if (merged.length === 2) break;
    }
    expect(merged).toHaveLength(2);
    const deps = { database, clock };
    await mergeClusters(deps, { clusterIds: merged, actor: "curator", reason: "same problem" });
    await recluster(deps);
    const paths = await bothPaths(database);
    let moved = 0;
    for (const text of texts) {
      const request = { text, limit: 10 };
      const expected = await runSearch(paths.memory, request);
      expect(await runSearch(paths.perQuery, request), text.slice(0, 80)).toEqual(expected);
      if (expected.results.some((r) => merged.includes(r.clusterId ?? ""))) moved += 1;
    }
    expect(moved).toBeGreaterThan(0);
  });

  it("apply filters and show entries as the loaded index does", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    // An entry written from the cluster of the first exact query, published.
    const { memory } = await bothPaths(database);
    const first = await runSearch(memory, { text: texts[0] ?? "", limit: 1 });
    const clusterId = first.results[0]?.clusterId;
    if (!clusterId) throw new Error("the first query found no cluster");
    const content = {
      title: "Model settings missing",
      symptom: texts[0] ?? "",
      // A line written by the curator, not a signature id: it becomes a known template too.
      errorSignatures: ["Failed to find an mlserver model-settings.json for model <*>"],
      cause: "The model folder has no model-settings.json.",
      resolution: "Add model-settings.json next to the model.",
      affectedVersions: ["1.2"],
      components: ["mlserver"],
      sourceIssues: [],
    };
    const deps = { database, clock };
    const entry = await createEntry(deps, { content, clusterId, actor: "curator" });
    await publishEntry(deps, { id: entry.id, actor: "curator" });
    await createEntry(deps, { content: { ...content, title: "A draft" }, clusterId, actor: "curator" });
    const paths = await bothPaths(database);
    const filters: SearchFilters[] = [
      {},
      { repo: "SeldonIO/MLServer" },
      { repo: "seldonio/seldon-core" },
      { component: "mlserver" },
      { version: "1.2" },
      { state: "published" },
      { state: "ignored" },
      { repo: "SeldonIO/seldon-core", component: "bug", version: "v1" },
    ];
    const types = new Map<string, number>();
    for (const f of filters) {
      for (const text of texts.slice(0, 40)) {
        const request = { text, limit: 5, filters: f };
        const expected = await runSearch(paths.memory, request);
        expect(await runSearch(paths.perQuery, request), `${JSON.stringify(f)} ${text.slice(0, 60)}`).toEqual(
          expected,
        );
        for (const r of expected.results)
          types.set(`${f.state ?? ""}${r.type}`, (types.get(r.type) ?? 0) + 1);
      }
    }
    expect([...types.keys()]).toEqual(expect.arrayContaining(["entry", "cluster", "publishedentry"]));
  });
});
