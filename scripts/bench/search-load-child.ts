// A fresh process standing in for a server that just started: opens the database the search bench
// wrote, loads the search index from it (in pages of rows), then times searches. It prints one JSON
// line: load time, RSS and heap after loading, and query latencies.
import { readFileSync } from "node:fs";
import { asc, eq } from "drizzle-orm";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { loadSearchCounts, saveSearchVersionStatement } from "../../src/db/queries/search-docs.js";
import { issues, searchDocs } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { databaseLookups } from "../../src/search/database-lookups.js";
import { refreshIndexSlices } from "../../src/search/index-refresh.js";
import { catchUpSearchIndex, loadSearchIndex } from "../../src/search/index-store.js";
import { memoryLookups } from "../../src/search/memory-lookups.js";
import { runSearch } from "../../src/search/ranking.js";

const [dbPath, queriesPath, roundsText] = process.argv.slice(2);
const { oneLine, logs } = JSON.parse(readFileSync(queriesPath ?? "", "utf8")) as {
  oneLine: string[];
  logs: string[];
};
const rounds = Number(roundsText);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function time(texts: string[], fn: (t: string) => Promise<unknown>) {
  for (const t of texts.slice(0, 10)) await fn(t);
  const samples: number[] = [];
  const n = Math.max(rounds, texts.length);
  for (let i = 0; i < n; i++) {
    const t = texts[i % texts.length] ?? "";
    const start = performance.now();
    await fn(t);
    samples.push(performance.now() - start);
  }
  if (process.env.BENCH_SLOWEST) {
    // The slowest queries of this series, to find what the tail is made of.
    const slow = samples
      .map((ms, i) => ({ ms, text: (texts[i % texts.length] ?? "").slice(0, 100) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, Number(process.env.BENCH_SLOWEST));
    process.stderr.write(`slowest of ${samples.length}: ${JSON.stringify(slow)}\n`);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function main() {
  const database = openSqliteDatabase(dbPath ?? "");
  const started = performance.now();
  const index = await loadSearchIndex(database);
  const loadMs = performance.now() - started;
  if (!index) throw new Error("no search index in the database");
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const first = performance.now();
  const loaded = memoryLookups(index);
  await runSearch(loaded, { text: oneLine[0] ?? "error", limit: 10 });
  const firstMs = performance.now() - first;
  const line = await time(oneLine, (t) => runSearch(loaded, { text: t, limit: 10 }));
  const log = await time(logs, (t) => runSearch(loaded, { text: t, limit: 10 }));
  // The same queries by per-query lookups (what the service runs by default): the counts saved with
  // the version, then only the rows the query's keys lead to.
  const perQuery = async (text: string) => {
    const counts = await loadSearchCounts(database.db);
    if (!counts) throw new Error("no search version");
    const lookups = databaseLookups(database, {
      documents: counts.documents,
      clustered: counts.clustered ?? 0,
    });
    return runSearch(lookups, { text, limit: 10 });
  };
  const callsBefore = database.meter.calls;
  const lineDb = await time(oneLine, perQuery);
  const lineDbCalls =
    (database.meter.calls - callsBefore) / (Math.max(rounds, oneLine.length) + Math.min(10, oneLine.length));
  const logDb = await time(logs, perQuery);
  const peak = process.memoryUsage().rss;
  // Another process's refresh changed one document: how long this one takes to move with it.
  const later = "2026-11-27T12:00:00.000Z";
  await database.atomic([
    database.db.update(searchDocs).set({ changedAt: later }).where(eq(searchDocs.id, 1)),
    saveSearchVersionStatement(database.db, { stamp: later, token: "one change" }, index.documentCount),
  ]);
  const caught = performance.now();
  await catchUpSearchIndex(database, index);
  const catchUpMs = performance.now() - caught;
  // One issue changed: the refresh step reads its pending mark, rewrites that one row, and this
  // process catches up.
  const [middle] = await database.db
    .select({ id: issues.id })
    .from(issues)
    .orderBy(asc(issues.id))
    .limit(1)
    .offset(Math.floor(index.documentCount / 2));
  if (!middle) throw new Error("the bench database holds no issues to change");
  const changedAt = "2026-11-28T12:00:00.000Z";
  await database.db.update(issues).set({ updatedAt: changedAt }).where(eq(issues.id, middle.id));
  const calls = database.meter.calls;
  const refreshed = performance.now();
  const { update } = await refreshIndexSlices({ database, clock: fixedClock(changedAt) }, null);
  const refreshMs = performance.now() - refreshed;
  const refreshCalls = database.meter.calls - calls;
  const moved = performance.now();
  await catchUpSearchIndex(database, index);
  const oneChange = {
    refreshMs,
    calls: refreshCalls,
    updated: update.updated + update.added,
    catchUpMs: performance.now() - moved,
  };
  process.stdout.write(
    `${JSON.stringify({
      loadMs,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
      peakRssMb: peak / 2 ** 20,
      firstMs,
      catchUpMs,
      oneChange,
      line,
      log,
      lineDb,
      logDb,
      lineDbCalls,
      documents: index.documentCount,
    })}\n`,
  );
  database.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
