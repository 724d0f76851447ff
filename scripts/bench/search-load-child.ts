// A fresh process standing in for a server that just started: opens the database the search bench
// wrote, loads the search index from it (in pages of rows), then times searches. It prints one JSON
// line: load time, RSS and heap after loading, and query latencies.
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { saveSearchVersionStatement } from "../../src/db/queries/search-docs.js";
import { searchDocs } from "../../src/db/schema.js";
import { catchUpSearchIndex, loadSearchIndex } from "../../src/search/index-store.js";
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
  await runSearch(index, { text: oneLine[0] ?? "error", limit: 10 });
  const firstMs = performance.now() - first;
  const line = await time(oneLine, (t) => runSearch(index, { text: t, limit: 10 }));
  const log = await time(logs, (t) => runSearch(index, { text: t, limit: 10 }));
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
  process.stdout.write(
    `${JSON.stringify({
      loadMs,
      rssMb: memory.rss / 2 ** 20,
      heapMb: memory.heapUsed / 2 ** 20,
      peakRssMb: peak / 2 ** 20,
      firstMs,
      catchUpMs,
      line,
      log,
      documents: index.documentCount,
    })}\n`,
  );
  database.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
  process.exit(1);
});
