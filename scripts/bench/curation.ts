// The curator side: review-queue latency (API and page) at 10k clusters, and how often a prefilled
// draft's candidate fixes include the thread's real fix comment (sample corpus, and a 10k corpus).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { recluster } from "../../src/clustering/recluster.js";
import { clusterEvidence } from "../../src/curation/evidence.js";
import { rebuildQueue } from "../../src/curation/queue.js";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { clusterCuration, clusters, issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { prefillEntry } from "../../src/domain/entry/index.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { createApp } from "../../src/http/app.js";
import { memoryLogger } from "../../src/logger.js";
import { generateCorpus } from "../corpus/generate.js";
import type { BenchResult } from "./types.js";

const SUITE = "curation";
const NOW = "2026-11-26T12:00:00.000Z";
const ADMIN = "bench-admin-token-0123456789";
const CLUSTERS = 10_000;
const PER_CLUSTER = 3;
const ROUNDS = 300;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** 10k clusters of three issues each, written straight into the tables clustering would fill. */
async function seedClusters(database: Database): Promise<void> {
  const repos = ["SeldonIO/seldon-core", "SeldonIO/MLServer"];
  const labels = [["bug"], ["bug", "v2"], ["bug", "scheduler"], ["question"]];
  const issueRows = [];
  const clusterRows = [];
  for (let c = 0; c < CLUSTERS; c++) {
    const id = `cl_${c.toString(16).padStart(16, "0")}`;
    clusterRows.push({
      id,
      template: `Error ${c}: failed to load model <*> (${c % 97})`,
      signatureIds: [`sig_${c}`],
      issueCount: PER_CLUSTER,
      createdAt: NOW,
      updatedAt: NOW,
    });
    for (let k = 0; k < PER_CLUSTER; k++) {
      const n = c * PER_CLUSTER + k + 1;
      const repo = repos[(c + k) % 2]!;
      const created = new Date(Date.parse(NOW) - ((c * 7 + k * 31) % 900) * 86_400_000).toISOString();
      issueRows.push({
        id: n,
        repo,
        repoKey: repo.toLowerCase(),
        number: n,
        title: `Model fails to load (${c})`,
        body: `MLServer: 1.${(c + k) % 6}.0\nseldonio/mlserver:1.${c % 6}.2`,
        state: (n % 3 === 0 ? "closed" : "open") as "open" | "closed",
        stateReason: n % 3 === 0 ? (n % 2 ? "completed" : "not_planned") : null,
        labels: labels[c % 4]!,
        author: `user${(c * 13 + k) % 5000}`,
        reactions: (c * k) % 7,
        htmlUrl: `https://github.com/${repo}/issues/${n}`,
        createdAt: created,
        updatedAt: created,
        needsAnalysis: false,
        clusterId: id,
        primarySignatureId: `sig_${c}`,
      });
    }
  }
  for (let i = 0; i < issueRows.length; i += 500)
    await database.db.insert(issues).values(issueRows.slice(i, i + 500));
  for (let i = 0; i < clusterRows.length; i += 500)
    await database.db.insert(clusters).values(clusterRows.slice(i, i + 500));
}

async function latency(fetch: () => Response | Promise<Response>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 20; i++) await (await fetch()).text();
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const res = await fetch();
    await res.text();
    if (res.status !== 200) throw new Error(`queue answered ${res.status}`);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function queueLatency(): Promise<BenchResult[]> {
  const database = openSqliteDatabase(":memory:");
  await seedClusters(database);
  const deps = { database, clock: fixedClock(NOW), logger: memoryLogger(), adminToken: ADMIN };
  const t = performance.now();
  const built = await rebuildQueue(deps);
  const rebuildMs = performance.now() - t;
  // What a curator action costs afterwards: one cluster changed (ignored), everything re-scored.
  await database.db.insert(clusterCuration).values({
    clusterId: "cl_0000000000000007",
    ignoredReason: "bench",
    snoozedUntil: null,
    updatedBy: "bench",
    updatedAt: NOW,
  });
  const t2 = performance.now();
  const again = await rebuildQueue(deps);
  const againMs = performance.now() - t2;
  const app = createApp(deps);
  const auth = { authorization: `Bearer ${ADMIN}` };
  const filters = ["", "&repo=SeldonIO/MLServer", "&component=scheduler", "&state=new"];
  let n = 0;
  const api = await latency(() =>
    app.request(`/api/queue?limit=50${filters[n++ % filters.length]}`, { headers: auth }),
  );
  const login = await app.request("http://localhost/login", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://localhost" },
    body: new URLSearchParams({ token: ADMIN }).toString(),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0]!;
  const page = await latency(() =>
    app.request(`http://localhost/queue?limit=50${filters[n++ % filters.length]}`, { headers: { cookie } }),
  );
  database.close();
  const note = `${CLUSTERS} clusters, ${CLUSTERS * PER_CLUSTER} issues, 50 items a page, filters rotated; target < 200 ms`;
  return [
    {
      suite: SUITE,
      name: "queue first build at 10k clusters",
      value: rebuildMs,
      unit: "ms",
      note: `${built.items} items scored and written`,
    },
    {
      suite: SUITE,
      name: "queue re-score after one change",
      value: againMs,
      unit: "ms",
      note: `${again.written} row rewritten (runs after every curator action and refresh)`,
    },
    { suite: SUITE, name: "GET /api/queue p50", value: api.p50, unit: "ms", note },
    { suite: SUITE, name: "GET /api/queue p99", value: api.p99, unit: "ms", note },
    { suite: SUITE, name: "GET /queue page p50", value: page.p50, unit: "ms", note },
    { suite: SUITE, name: "GET /queue page p99", value: page.p99, unit: "ms", note },
  ];
}

/** Per family: does the draft of the cluster holding most of its issues offer one of its real fix comments? */
async function fixShare(corpus: Corpus): Promise<{ hit: number; families: number; candidates: number }> {
  const database = openSqliteDatabase(":memory:");
  await storeGitHubItems(database, corpus, NOW);
  await recluster({ database, clock: fixedClock(NOW) });
  const rows = await database.db
    .select({ repo: issues.repo, number: issues.number, clusterId: issues.clusterId })
    .from(issues);
  const clusterOf = new Map(rows.map((r) => [`${r.repo}#${r.number}`, r.clusterId]));
  const urlOf = new Map(corpus.comments.map((c) => [c.id, c.html_url]));
  const fixUrls = new Map<string, Set<string>>();
  for (const [key, commentId] of Object.entries(corpus.fixes ?? {})) {
    const family = corpus.families[key];
    const url = urlOf.get(commentId);
    if (!family || !url) continue;
    fixUrls.set(family, (fixUrls.get(family) ?? new Set()).add(url));
  }
  let hit = 0;
  let candidates = 0;
  for (const [family, urls] of fixUrls) {
    const votes = new Map<string, number>();
    for (const [key, f] of Object.entries(corpus.families)) {
      const c = f === family ? clusterOf.get(key) : null;
      if (c) votes.set(c, (votes.get(c) ?? 0) + 1);
    }
    const clusterId = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0];
    const cluster = clusterId
      ? (await database.db.select().from(clusters)).find((c) => c.id === clusterId)
      : undefined;
    if (!cluster) continue;
    const draft = prefillEntry((await clusterEvidence(database.db, cluster)).evidence);
    candidates += draft.candidateFixes.length;
    if (draft.candidateFixes.some((f) => urls.has(f.url))) hit += 1;
  }
  database.close();
  return { hit, families: fixUrls.size, candidates };
}

export async function run(): Promise<BenchResult[]> {
  const results = await queueLatency();
  const sample = JSON.parse(
    readFileSync(resolve(import.meta.dirname, "../../test/fixtures/sample-corpus.json"), "utf8"),
  ) as Corpus;
  for (const [name, corpus] of [
    ["sample corpus", sample],
    ["10k generated corpus", generateCorpus({ seed: 5, totalIssues: 10_000, avgComments: 3 })],
  ] as const) {
    const share = await fixShare(corpus);
    results.push({
      suite: SUITE,
      name: `${name}: families whose draft offers the real fix`,
      value: share.families === 0 ? 0 : share.hit / share.families,
      unit: "share",
      note: `${share.hit} of ${share.families} families with a recorded fix; ${(share.candidates / Math.max(1, share.families)).toFixed(1)} candidates a draft (at most 5)`,
    });
  }
  return results;
}
