// `npm run bench -- --only search`: search quality on the team's query set against the sample
// corpus (recall@1, recall@3, MRR per kind), then latency at 10k and 100k issues next to a raw
// MiniSearch query on the same index in the same run, index build and load time, and RSS.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { recluster } from "../../src/clustering/recluster.js";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import {
  saveRepoStatement,
  upsertCommentStatement,
  upsertIssueStatement,
} from "../../src/db/queries/ingest.js";
import { issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { toCommentRows, toIssueRows } from "../../src/github/to-rows.js";
import { createSearchService, type SearchHit } from "../../src/search/index.js";
import { buryInNoise, type NoiseStyle } from "./search-noise.js";
import { measureScale } from "./search-scale.js";
import type { BenchResult } from "./types.js";

const SUITE = "search";
const NOW = "2026-11-26T12:00:00Z";

type Query = {
  family: string;
  kind: string;
  text?: string;
  error?: string;
  noise?: NoiseStyle;
  before?: number;
  after?: number;
};
type Corpus = { issues: unknown[]; comments: unknown[]; families: Record<string, string | null> };

export function queryText(q: Query): string {
  if (q.kind === "log") return buryInNoise(q.error ?? "", q.noise ?? "go", q.before ?? 10, q.after ?? 0);
  return q.text ?? "";
}

export async function seedDatabase(
  database: Database,
  corpus: { issues: unknown[]; comments: unknown[] },
): Promise<void> {
  const { db } = database;
  const issueRows = toIssueRows(corpus.issues);
  const commentRows = toCommentRows(corpus.comments);
  const repos = new Map(issueRows.map((r) => [r.repoKey, r.repo]));
  await database.atomic([
    ...[...repos].map(([key, name]) => saveRepoStatement(db, key, name, NOW)),
    ...issueRows.map((r) => upsertIssueStatement(db, r)),
    ...commentRows.map((r) => upsertCommentStatement(db, r)),
  ]);
  await recluster({ database, clock: fixedClock(NOW) });
}

/** Each cluster's family: the family most of its member issues were generated from. */
async function clusterFamilies(
  database: Database,
  families: Record<string, string | null>,
): Promise<Map<string, string>> {
  const rows = await database.db
    .select({ repo: issues.repo, number: issues.number, clusterId: issues.clusterId })
    .from(issues);
  const votes = new Map<string, Map<string, number>>();
  for (const r of rows) {
    const family = families[`${r.repo}#${r.number}`];
    if (!r.clusterId || !family) continue;
    const v = votes.get(r.clusterId) ?? new Map<string, number>();
    v.set(family, (v.get(family) ?? 0) + 1);
    votes.set(r.clusterId, v);
  }
  return new Map([...votes].map(([id, v]) => [id, [...v].sort((a, b) => b[1] - a[1])[0]?.[0] ?? ""]));
}

export async function quality(): Promise<BenchResult[]> {
  const root = resolve(import.meta.dirname, "../..");
  const corpus = JSON.parse(
    readFileSync(resolve(root, "test/fixtures/sample-corpus.json"), "utf8"),
  ) as Corpus;
  const { queries } = JSON.parse(
    readFileSync(resolve(root, "test/fixtures/search-queries.json"), "utf8"),
  ) as { queries: Query[] };
  const database = openSqliteDatabase(":memory:");
  await seedDatabase(database, corpus);
  const families = await clusterFamilies(database, corpus.families);
  const search = createSearchService({ database, clock: fixedClock(NOW) });
  const byKind = new Map<string, number[]>();
  const misses: string[] = [];
  for (const q of queries) {
    const outcome = await search.search({ text: queryText(q), limit: 10 });
    const right = (h: SearchHit) => h.clusterId !== null && families.get(h.clusterId) === q.family;
    const rank = outcome.results.findIndex(right) + 1;
    if (rank !== 1) misses.push(`${q.kind}:${q.family}@${rank || "-"}`);
    byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), rank]);
  }
  database.close();
  const results: BenchResult[] = [];
  for (const [kind, ranks] of byKind) {
    const n = ranks.length;
    const at = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / n;
    const mrr = ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n;
    const note = `${n} queries`;
    results.push({ suite: SUITE, name: `recall@1 ${kind}`, value: at(1), unit: "ratio", note });
    results.push({ suite: SUITE, name: `recall@3 ${kind}`, value: at(3), unit: "ratio", note });
    results.push({ suite: SUITE, name: `MRR ${kind}`, value: mrr, unit: "ratio", note });
  }
  if (misses.length > 0) process.stderr.write(`search: not first: ${misses.join(", ")}\n`);
  return results;
}

export async function run(): Promise<BenchResult[]> {
  const results = await quality();
  const root = resolve(import.meta.dirname, "../..");
  const { queries } = JSON.parse(
    readFileSync(resolve(root, "test/fixtures/search-queries.json"), "utf8"),
  ) as { queries: Query[] };
  const oneLine = queries.filter((q) => q.kind === "exact" || q.kind === "variant").map((q) => q.text ?? "");
  const logs = queries
    .filter((q) => q.kind === "log")
    .map((q, i) => buryInNoise(q.error ?? "", q.noise ?? "go", 120 + (i % 60), 79 - (i % 60)));
  // BENCH_SEARCH_SIZES=10000 runs the latency part at 10k only (the 100k run takes minutes).
  const sizes = (process.env.BENCH_SEARCH_SIZES ?? "10000,100000")
    .split(",")
    .map(Number)
    .filter((n) => n > 0);
  for (const size of sizes) results.push(...(await measureScale(size, oneLine, logs)));
  return results;
}
