import { describe, expect, it } from "vitest";
import { generateCorpus } from "../../scripts/corpus/generate.js";
import { openD1Database } from "../../src/db/d1-client.js";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { fixedClock } from "../../src/domain/clock.js";
import { createSearchService, refreshSearchIndex } from "../../src/search/index.js";
import queryFixture from "../fixtures/search-queries.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";

const clock = fixedClock("2026-11-26T12:00:00Z");
const texts = (queryFixture as { queries: { kind: string; text?: string }[] }).queries
  .filter((q) => q.kind === "exact" || q.kind === "variant" || q.kind === "paraphrase")
  .map((q) => q.text ?? "");

/** Per search over the D1 stand-in: calls made (the search log's insert included) and rows returned. */
async function measure(issues: number) {
  const standIn = new SqliteD1();
  let rows = 0;
  const execute = standIn.execute.bind(standIn);
  standIn.execute = (statement) => {
    const result = execute(statement);
    // Full text's per-term hits are capped on their own (400 per term and field, see full-text.ts).
    if (!statement.sql.includes("as field")) rows += result.results.length;
    return result;
  };
  const executeRaw = standIn.executeRaw.bind(standIn);
  standIn.executeRaw = (statement, columnNames) => {
    const result = executeRaw(statement, columnNames);
    rows += result.length - (columnNames ? 1 : 0);
    return result;
  };
  const corpus = generateCorpus({ seed: 11, totalIssues: issues, avgComments: 1 });
  standIn.beginInvocation();
  await seedCorpus(openD1Database(standIn.binding), corpus);
  standIn.beginInvocation();
  await refreshSearchIndex({ database: openD1Database(standIn.binding), clock });
  // The Worker's search service: over one handle, nothing loaded between searches.
  const database = openD1Database(standIn.binding);
  const search = createSearchService({ database, clock });
  const calls: number[] = [];
  const read: number[] = [];
  let found = 0;
  for (const text of texts) {
    standIn.beginInvocation();
    const before = { calls: database.meter.calls, rows };
    const outcome = await search.search({ text, limit: 5 });
    calls.push(database.meter.calls - before.calls);
    read.push(rows - before.rows);
    if (outcome.results.length > 0) found += 1;
  }
  return { calls: Math.max(...calls), rows: Math.max(...read), found };
}

describe("a search over per-query lookups", () => {
  it("makes a bounded number of calls and reads rows by its own keys, not by the corpus's size", async () => {
    const small = await measure(300);
    const large = await measure(3_000);
    expect(small.found).toBe(texts.length);
    expect(large.found).toBe(texts.length);
    // Counts and version, features (prefixes, postings), templates, full text (rarity, hits),
    // signature clusters and documents, clusters and entries, shown members, the log's insert.
    expect(large.calls).toBeLessThanOrEqual(12);
    expect(large.calls).toBe(small.calls);
    // Rows come from the query's keys: at most 200 full-text documents, 50 clusters per feature,
    // five members per result; ten times the corpus is not ten times the rows.
    expect(large.rows).toBeLessThanOrEqual(600);
    expect(large.rows).toBeLessThan(small.rows * 5);
  }, 120_000);
});
