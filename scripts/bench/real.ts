// `npm run bench -- --only real`: clustering and search on real, hand-labelled public Seldon
// reports (../shared/data/seldon-dev). The reports are posted as GitHub issues to the local
// emulator, ingested through the real `kb ingest` path and clustered; then every labelled query is
// searched. Prints pair precision/recall/F1, ARI, pure-and-complete families, noise merged, and
// recall@1/@3/MRR per query kind, and writes every miss to bench-results/real-misses.txt.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { issues as issuesTable } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { adjustedRandIndex, pairScore } from "../../src/domain/cluster/metrics.js";
import { startGitHubEmulator } from "../../src/emulators/github-emulator.js";
import { ingestRepos } from "../../src/github/ingest.js";
import { refreshNow } from "../../src/refresh/now.js";
import { createSearchService, type SearchHit } from "../../src/search/index.js";
import { type RealQuery, type RealReport, readJsonl, reportsToCorpus } from "./real/reports-corpus.js";
import type { BenchResult } from "./types.js";

const SUITE = "real";
const DATA = resolve(import.meta.dirname, "../../../shared/data/seldon-dev");
const NOW = "2026-11-30T12:00:00Z";

interface Placed {
  key: string;
  family: string | null;
  clusterId: string | null;
}

export async function clusterReports(
  reports: RealReport[],
): Promise<{ database: Database; placed: Placed[] }> {
  const corpus = reportsToCorpus(reports);
  const emulator = await startGitHubEmulator({ corpus, tokens: ["real"], rateLimit: 100_000 });
  const database = openSqliteDatabase(":memory:");
  const clock = fixedClock(NOW);
  try {
    await ingestRepos(
      { database, clock },
      {
        repos: corpus.repos.map((r) => r.full_name),
        baseUrl: emulator.url,
        token: "real",
        onRateLimitExhausted: "stop",
      },
    );
  } finally {
    await emulator.close();
  }
  await refreshNow({ database, clock }, "bench");
  const rows = await database.db
    .select({ repo: issuesTable.repo, number: issuesTable.number, clusterId: issuesTable.clusterId })
    .from(issuesTable);
  const placed = rows.map((r) => {
    const key = `${r.repo}#${r.number}`;
    return { key, family: corpus.families[key] ?? null, clusterId: r.clusterId };
  });
  return { database, placed };
}

function clusteringFigures(placed: Placed[], misses: string[]): BenchResult[] {
  const labelled = placed.filter((p) => p.family !== null);
  const scores = pairScore(
    labelled.map((p) => p.clusterId),
    labelled.map((p) => p.family),
  );
  // Unclustered issues are singletons for ARI.
  const ari = adjustedRandIndex(
    labelled.map((p) => p.clusterId ?? `none:${p.key}`),
    labelled.map((p) => p.family as string),
  );
  const byFamily = new Map<string, Placed[]>();
  for (const p of labelled)
    byFamily.set(p.family as string, [...(byFamily.get(p.family as string) ?? []), p]);
  const byCluster = new Map<string, Placed[]>();
  for (const p of placed)
    if (p.clusterId) byCluster.set(p.clusterId, [...(byCluster.get(p.clusterId) ?? []), p]);
  const multi = [...byFamily].filter(([, members]) => members.length > 1);
  let pure = 0;
  for (const [family, members] of multi) {
    const ids = new Set(members.map((m) => m.clusterId));
    const id = [...ids][0];
    const cluster = id ? (byCluster.get(id) ?? []) : [];
    const ok = ids.size === 1 && id !== null && cluster.every((c) => c.family === family);
    if (ok) pure += 1;
    else {
      const shown = members.map((m) => {
        const others = m.clusterId
          ? (byCluster.get(m.clusterId) ?? []).filter((c) => c.family !== family)
          : [];
        return `${m.key}→${m.clusterId ?? "none"}${others.length ? ` (+${others.map((o) => o.family ?? "noise").join(",")})` : ""}`;
      });
      misses.push(`family ${family} (${members.length}): ${shown.join("  ")}`);
    }
  }
  for (const [id, members] of byCluster) {
    const fams = new Set(members.map((m) => m.family ?? "noise"));
    if (fams.size > 1)
      misses.push(`impure ${id}: ${members.map((m) => `${m.key}[${m.family ?? "noise"}]`).join("  ")}`);
  }
  const noise = placed.filter((p) => p.family === null);
  const noiseMerged = noise.filter(
    (p) => p.clusterId && (byCluster.get(p.clusterId) ?? []).some((c) => c.family !== null),
  ).length;
  const clusters = byCluster.size;
  const singletons = [...byCluster.values()].filter((m) => m.length === 1).length;
  const note = `${labelled.length} labelled issues, ${byFamily.size} families`;
  return [
    { suite: SUITE, name: "pair precision", value: scores.precision, unit: "ratio", note: "target ≥ 0.85" },
    { suite: SUITE, name: "pair recall", value: scores.recall, unit: "ratio", note },
    { suite: SUITE, name: "pair F1", value: scores.f1, unit: "ratio", note: "target ≥ 0.80" },
    { suite: SUITE, name: "ARI", value: ari, unit: "ratio" },
    {
      suite: SUITE,
      name: "families pure and complete",
      value: pure,
      unit: "count",
      note: `of ${multi.length} multi-member families`,
    },
    {
      suite: SUITE,
      name: "clusters / singletons",
      value: clusters,
      unit: "count",
      note: `${singletons} singletons`,
    },
    {
      suite: SUITE,
      name: "noise issues in an error cluster",
      value: noiseMerged,
      unit: "count",
      note: `of ${noise.length}; ${noise.filter((p) => p.clusterId).length} noise issues clustered at all`,
    },
  ];
}

async function searchFigures(database: Database, placed: Placed[], queries: RealQuery[], misses: string[]) {
  const familyOfIssue = new Map(placed.map((p) => [p.key, p.family]));
  const search = createSearchService({ database, clock: fixedClock(NOW) });
  const ranks = new Map<string, number[]>();
  let empty = 0;
  let exactOutOfTop3 = 0;
  for (const q of queries) {
    const outcome = await search.search({ text: q.query, limit: 10 });
    const right = (h: SearchHit) =>
      h.issues.some((i) => familyOfIssue.get(`${i.repo}#${i.number}`) === q.family);
    const rank = outcome.results.findIndex(right) + 1;
    if (outcome.results.length === 0) empty += 1;
    if (q.kind === "exact" && (rank === 0 || rank > 3)) exactOutOfTop3 += 1;
    ranks.set(q.kind, [...(ranks.get(q.kind) ?? []), rank]);
    if (rank !== 1) {
      const top = outcome.results[0];
      const got = top
        ? `${top.title.slice(0, 60)} [${top.issues.map((i) => familyOfIssue.get(`${i.repo}#${i.number}`) ?? "noise").join(",")}]`
        : "nothing";
      misses.push(
        `search ${q.kind} ${q.family} rank ${rank || "-"}: ${q.query.slice(0, 100).replace(/\n/g, "⏎")} → ${got}`,
      );
    }
  }
  const results: BenchResult[] = [];
  for (const [kind, list] of ranks) {
    const n = list.length;
    const at = (k: number) => list.filter((r) => r > 0 && r <= k).length / n;
    const mrr = list.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n;
    results.push({
      suite: SUITE,
      name: `recall@1 ${kind}`,
      value: at(1),
      unit: "ratio",
      note: `${n} queries`,
    });
    results.push({ suite: SUITE, name: `recall@3 ${kind}`, value: at(3), unit: "ratio" });
    results.push({ suite: SUITE, name: `MRR ${kind}`, value: mrr, unit: "ratio" });
  }
  results.push({
    suite: SUITE,
    name: "queries with 0 results",
    value: empty,
    unit: "count",
    note: "target 0",
  });
  results.push({
    suite: SUITE,
    name: "exact lines not in top 3",
    value: exactOutOfTop3,
    unit: "count",
    note: "target ≤ 3",
  });
  return results;
}

export async function run(): Promise<BenchResult[]> {
  if (!existsSync(join(DATA, "reports.jsonl"))) {
    console.warn(`real-report bench skipped: ${DATA} not found (reference data lives in ../shared)`);
    return [];
  }
  const reports = readJsonl<RealReport>(join(DATA, "reports.jsonl"));
  const queries = readJsonl<RealQuery>(join(DATA, "queries.jsonl"));
  const misses: string[] = [];
  const { database, placed } = await clusterReports(reports);
  const results = clusteringFigures(placed, misses);
  results.push(...(await searchFigures(database, placed, queries, misses)));
  database.close();
  const out = resolve(import.meta.dirname, "../../bench-results/real-misses.txt");
  mkdirSync(resolve(out, ".."), { recursive: true });
  writeFileSync(out, `${misses.join("\n")}\n`);
  process.stderr.write(`real: ${misses.length} misses listed in ${out}\n`);
  return results;
}
