// Latency at scale: the generated corpus clustered in memory (the domain function recluster
// uses), its search rows (metadata + FTS5) written to a database file directly; then a fresh
// process loads the index from that file and times searches, as a server that just started would.
// The FTS5 bm25 baseline queries the very same texts (its own table) in this process.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { issueKey } from "../../src/clustering/recluster.js";
import { chunkedStatements, writeInBatches } from "../../src/db/chunked.js";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { type IssueInsert, saveRepoStatement, upsertIssueStatements } from "../../src/db/queries/ingest.js";
import {
  saveClusteredCountStatement,
  saveSearchVersionStatement,
  upsertSearchDocsStatements,
} from "../../src/db/queries/search-docs.js";
import {
  clusters as clustersTable,
  searchPending,
  signatures as signaturesTable,
} from "../../src/db/schema.js";
import { clusterIssues, type IssueDoc } from "../../src/domain/cluster/index.js";
import { toCommentRows, toIssueRows } from "../../src/github/to-rows.js";
import { issueWrite, lookupStatements } from "../../src/search/doc-rows.js";
import { issueDocument } from "../../src/search/documents.js";
import type { IndexDoc } from "../../src/search/index-options.js";
import { generateCorpus } from "../corpus/generate.js";
import type { BenchResult } from "./types.js";

const SUITE = "search";
const NOW = "2026-11-26T12:00:00.000Z";
// The rows were written by a first build long before the version the child loads (the last refresh).
const BUILT = "2026-11-20T12:00:00.000Z";
const CHILD = resolve(import.meta.dirname, "search-load-child.ts");
const WORKER_CHILD = resolve(import.meta.dirname, "workers-child.ts");
const ISOLATE_HEAP_MB = 128;
// At 100k each query runs once (p99 is then the slowest of ~60): a raw MiniSearch query over a
// long pasted line takes over a second there, and the run must stay within a few minutes.
const rounds = (size: number, texts: string[]) =>
  size >= 100_000 ? texts.length : Math.max(texts.length * 2, 400);
// Our own queries take about a millisecond: enough samples that p99 is not the 4th-slowest of 400
// (one scheduler hiccup on a shared machine).
const ownRounds = (size: number, texts: string[]) =>
  size >= 100_000 ? texts.length * 4 : Math.max(texts.length * 20, 2000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function time(
  size: number,
  texts: string[],
  fn: (t: string) => unknown,
  count = rounds(size, texts),
): { p50: number; p99: number } {
  for (const t of texts.slice(0, 10)) fn(t);
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = texts[i % texts.length] ?? "";
    const start = performance.now();
    fn(t);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function buildIndex(size: number, database: Database) {
  const corpus = generateCorpus({ seed: 11, totalIssues: size });
  const rows = toIssueRows(corpus.issues);
  const comments = new Map<string, string[]>();
  for (const c of toCommentRows(corpus.comments)) {
    const key = `${c.repoKey}#${c.issueNumber}`;
    comments.set(key, [...(comments.get(key) ?? []), c.body ?? ""]);
  }
  const docs: IssueDoc[] = rows.map((r) => ({
    key: issueKey(r.repo, r.number),
    title: r.title,
    body: r.body ?? "",
    comments: comments.get(`${r.repoKey}#${r.number}`) ?? [],
    isPullRequest: r.isPullRequest ?? false,
  }));
  const clustered = clusterIssues(docs, [], new Map());
  const byKey = new Map(rows.map((r) => [issueKey(r.repo, r.number), r]));
  const started = performance.now();
  const texts: IndexDoc[] = [];
  const signatures = new Map<string, string>();
  let pending: ReturnType<typeof issueWrite>[] = [];
  const issueRows: IssueInsert[] = [];
  const flush = async () => {
    await writeInBatches(database, [
      ...lookupStatements(database, pending),
      ...upsertSearchDocsStatements(database.db, pending, BUILT, database.limits),
    ]);
    pending = [];
  };
  let clusteredCount = 0;
  for (const a of clustered.assignments) {
    const row = byKey.get(a.key);
    if (!row) continue;
    if (a.clusterId !== null) clusteredCount += 1;
    const sigs = [a.primary, ...a.secondary].filter((s) => s !== null);
    for (const s of sigs) signatures.set(s.id, s.template);
    const links = sigs.map((s, i) => ({
      issueId: row.id,
      signatureId: s.id,
      role: i === 0 ? ("primary" as const) : ("secondary" as const),
      sample: s.sample,
      template: s.template,
    }));
    const thread = comments.get(`${row.repoKey}#${row.number}`) ?? [];
    const docRow = {
      id: row.id,
      repo: row.repo,
      repoKey: row.repoKey,
      number: row.number,
      title: row.title,
      body: row.body ?? "",
      labels: row.labels ?? [],
      url: row.htmlUrl,
      updatedAt: row.updatedAt,
      clusterId: a.clusterId,
      primarySignatureId: a.primary?.id ?? null,
      isPullRequest: row.isPullRequest ?? false,
      // The issues table below holds no comments: the stamp SQL computes for a thread without any.
      commentStamp: "0:",
    };
    issueRows.push({ ...row, clusterId: a.clusterId, primarySignatureId: a.primary?.id ?? null });
    const { doc, meta } = issueDocument(docRow, links, thread);
    pending.push(issueWrite(doc, meta));
    if (pending.length >= 500) await flush();
    texts.push(doc);
  }
  await flush();
  const { db } = database;
  // The issues themselves (clustered, without comments), so the child can time a refresh after one change.
  const repos = new Map(issueRows.map((r) => [r.repoKey, r.repo]));
  await writeInBatches(database, [
    ...[...repos].map(([key, name]) => saveRepoStatement(db, key, name, NOW)),
    ...upsertIssueStatements(db, issueRows, database.limits),
  ]);
  await writeInBatches(database, [
    ...chunkedStatements([...signatures], database.limits, (part) =>
      db.insert(signaturesTable).values(part.map(([id, template]) => ({ id, template, createdAt: NOW }))),
    ),
    ...chunkedStatements(clustered.clusters, database.limits, (part) =>
      db.insert(clustersTable).values(
        part.map((c) => ({
          id: c.id,
          template: c.template,
          signatureIds: c.signatureIds,
          issueCount: c.memberKeys.length,
          createdAt: NOW,
          updatedAt: NOW,
        })),
      ),
    ),
    saveSearchVersionStatement(db, { stamp: NOW, token: "bench" }, texts.length),
    saveClusteredCountStatement(db, { stamp: NOW, token: "bench" }, clusteredCount),
    // The documents above were written from these very rows: the marks their insert set are spent.
    db.delete(searchPending),
  ]);
  return { texts, buildMs: performance.now() - started, clusters: clustered.clusters.length };
}

// The baseline the issue names: SQLite FTS5 over the very same texts, ranked by bm25, asked the
// pasted line's words (OR), in the same process.
function fts5Baseline(texts: IndexDoc[]) {
  const db = new BetterSqlite3(":memory:");
  db.exec("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, errors, body)");
  const insert = db.prepare("INSERT INTO docs (id, title, errors, body) VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (const d of texts) insert.run(d.id, d.title, d.errors, d.body);
  })();
  const query = db.prepare("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10");
  return {
    search(text: string) {
      const words = [...new Set(text.match(/[\p{L}\p{N}_]+/gu) ?? [])].slice(0, 32);
      return words.length === 0 ? [] : query.all(words.map((w) => `"${w}"`).join(" OR "));
    },
    close: () => db.close(),
  };
}

/** Load and query in a fresh process over the database file: what a server that just started sees. */
function loadAndQuery(dbPath: string, queriesPath: string, rounds: number): Promise<ChildFigures> {
  return new Promise((done, fail) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", CHILD, dbPath, queriesPath, String(rounds)],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.on("close", (code) => {
      if (code !== 0) return fail(new Error(`search load child exited ${code}`));
      done(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as ChildFigures);
    });
  });
}

/**
 * The Worker's own fetch handler in a fresh process capped at 128 MB of heap, over the D1 stand-in
 * on the same database file: an isolate that just started, then warm searches (the workers
 * suite's search mode, without needing that suite's cron to get through re-clustering first).
 */
function isolateSearch(
  dbPath: string,
  searchIndex: "database" | "memory",
): Promise<{ line?: Record<string, number>; outOfMemory: boolean }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${ISOLATE_HEAP_MB}`,
        "--import",
        "tsx",
        WORKER_CHILD,
        "--mode",
        "search",
        "--db",
        dbPath,
        // The Worker validates its config even for a search; no GitHub request is made.
        "--api",
        "http://127.0.0.1:9",
        "--repos",
        "SeldonIO/seldon-core",
        "--search-index",
        searchIndex,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += String(d);
    });
    child.stderr.on("data", (d) => {
      err = (err + String(d)).slice(-4000);
    });
    child.on("close", () => {
      const line = out
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, number | string>)
        .find((l) => l.kind === "search") as Record<string, number> | undefined;
      done({ line, outOfMemory: /heap out of memory|Reached heap limit|Allocation failed/i.test(err) });
    });
  });
}

interface ChildFigures {
  loadMs: number;
  rssMb: number;
  heapMb: number;
  peakRssMb: number;
  firstMs: number;
  catchUpMs: number;
  oneChange: { refreshMs: number; calls: number; updated: number; catchUpMs: number };
  line: { p50: number; p99: number };
  log: { p50: number; p99: number };
  lineDb: { p50: number; p99: number };
  logDb: { p50: number; p99: number };
  lineDbCalls: number;
  documents: number;
}

export async function measureScale(size: number, oneLine: string[], logs: string[]): Promise<BenchResult[]> {
  const label = size >= 1000 ? `${size / 1000}k` : String(size);
  const step = (what: string) =>
    process.stderr.write(`search @${label}: ${what} (${Math.round(performance.now() / 1000)} s)\n`);
  const dir = mkdtempSync(join(tmpdir(), "kb-bench-search-"));
  const dbPath = join(dir, "kb.sqlite");
  try {
    step("generating, clustering and indexing");
    const database = openSqliteDatabase(dbPath);
    const { texts, buildMs, clusters } = await buildIndex(size, database);
    database.close();
    const dbMb = statSync(dbPath).size / 2 ** 20;
    step(`indexed in ${Math.round(buildMs)} ms; FTS5 baseline`);
    const fts = fts5Baseline(texts);
    const ftsLine = time(size, oneLine, (t) => fts.search(t));
    fts.close();
    step("FTS5 done; loading and querying in a fresh process");
    const queriesPath = join(dir, "queries.json");
    writeFileSync(queriesPath, JSON.stringify({ oneLine, logs }));
    const child = await loadAndQuery(dbPath, queriesPath, ownRounds(size, oneLine));
    step("loaded and queried; the Worker's search in a 128 MB heap, per-query lookups");
    const isolate = await isolateSearch(dbPath, "database");
    step("the Worker's search in a 128 MB heap, lookups loaded and kept (before)");
    const loadedIsolate = await isolateSearch(dbPath, "memory");
    const note = `${child.documents} docs, ${clusters} clusters, database ${dbMb.toFixed(0)} MB`;
    const r = (name: string, value: number, unit: string, extra?: string): BenchResult => ({
      suite: SUITE,
      name: `${name} @${label}`,
      value,
      unit,
      note: extra ?? note,
    });
    return [
      r("index build (rows + FTS5)", buildMs, "ms"),
      r("index load (pages of rows)", child.loadMs, "ms", "fresh process"),
      r("RSS after load", child.rssMb, "MB", `fresh process; heap ${child.heapMb.toFixed(0)} MB`),
      r("peak RSS after queries", child.peakRssMb, "MB", "fresh process"),
      r("first search after load", child.firstMs, "ms"),
      r("catch-up after one changed document", child.catchUpMs, "ms", "re-reads that row, rebuilds lookups"),
      r(
        "search-index refresh after one changed issue",
        child.oneChange.refreshMs,
        "ms",
        `${child.oneChange.calls} database calls, ${child.oneChange.updated} document(s) rewritten; then catch-up ${child.oneChange.catchUpMs.toFixed(0)} ms`,
      ),
      r("FTS5 bm25 one-line p50", ftsLine.p50, "ms"),
      r("FTS5 bm25 one-line p99", ftsLine.p99, "ms"),
      r("search one-line p50", child.line.p50, "ms"),
      r("search one-line p99", child.line.p99, "ms"),
      r("search 200-line p50", child.log.p50, "ms"),
      r("search 200-line p99", child.log.p99, "ms"),
      r("one-line p99 / FTS5 p99", child.line.p99 / ftsLine.p99, "x", "target ≤ 1.0"),
      r("one-line p99 / own p50", child.line.p99 / child.line.p50, "x", "target ≤ 10"),
      r("200-line p99 / FTS5 one-line p99", child.log.p99 / ftsLine.p99, "x", "target < 5"),
      r("per-query lookups: one-line p50", child.lineDb.p50, "ms", "same process, same queries"),
      r(
        "per-query lookups: one-line p99",
        child.lineDb.p99,
        "ms",
        `${child.lineDbCalls.toFixed(1)} database calls a search`,
      ),
      r("per-query lookups: 200-line p50", child.logDb.p50, "ms"),
      r("per-query lookups: 200-line p99", child.logDb.p99, "ms"),
      r("per-query one-line p99 / FTS5 p99", child.lineDb.p99 / ftsLine.p99, "x", "target ≤ 1.0"),
      r(
        "per-query one-line p99 / own p50",
        child.lineDb.p99 / child.lineDb.p50,
        "x",
        "target ≤ 10 (the default path)",
      ),
      r("per-query one-line p99 / loaded one-line p99", child.lineDb.p99 / child.line.p99, "x"),
      ...workerRows(r, "Worker (per-query lookups)", isolate),
      ...workerRows(r, "Worker (loaded lookups, before)", loadedIsolate),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For profiling: writes the search rows of a generated corpus to a database file. */
export async function buildForProfile(size: number, path: string): Promise<void> {
  const database = openSqliteDatabase(path);
  await buildIndex(size, database);
  database.close();
}

type Row = (name: string, value: number, unit: string, extra?: string) => BenchResult;

/** The Worker's fetch handler in a 128 MB heap over the D1 stand-in: restart, then warm searches. */
function workerRows(
  r: Row,
  label: string,
  isolate: { line?: Record<string, number>; outOfMemory: boolean },
): BenchResult[] {
  const l = isolate.line;
  if (!l)
    return [
      r(
        `${label}: search in a 128 MB heap`,
        0,
        "FAILED",
        isolate.outOfMemory ? "out of memory" : "the child printed no result",
      ),
    ];
  return [
    r(
      `${label}: first search after isolate restart`,
      l.firstMs ?? 0,
      "ms",
      `${ISOLATE_HEAP_MB} MB heap, D1 stand-in; heap peak ${l.firstHeapPeakMb} MB, ${l.firstD1Calls} D1 calls; target ≤ 1000`,
    ),
    r(
      `${label}: warm search p99`,
      l.warmP99Ms ?? 0,
      "ms",
      `p50 ${l.warmP50Ms} ms over ${l.warmQueries} queries (${l.warmNot200} not 200); target ≤ 100`,
    ),
    r(`${label}: max heap over warm searches`, l.warmHeapPeakMb ?? 0, "MB", `limit ${ISOLATE_HEAP_MB} MB`),
    r(
      `${label}: D1 calls per warm search`,
      l.warmD1CallsMean ?? 0,
      "calls",
      `max ${l.warmD1CallsMax} (the search log's insert included)`,
    ),
  ];
}
