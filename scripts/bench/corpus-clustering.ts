// Issue-level clustering: the sample corpus's recorded families recovered through the real storage
// path (pair-F1), and the cost of the refresh at scale (`--cluster-sizes 10k,100k`, default 10k):
// a full rebuild, then one new comment, one edited issue, a new issue showing the largest family's
// error, an edit that ties two families, and one closed issue, each split into the
// refresh's steps (the re-cluster's extract, link and write, the search index, the review queue:
// everything a webhook's change runs), with the process's RSS and the link step's heap per issue.
// The database is a file, as the server's is.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { and, asc, desc, eq } from "drizzle-orm";
import { rebuildQueue } from "../../src/curation/queue.js";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { clusters, issueSignatures, issues } from "../../src/db/schema.js";
import { systemClock } from "../../src/domain/clock.js";
import { pairF1 } from "../../src/domain/cluster/index.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { startBudget } from "../../src/refresh/budget.js";
import { REFRESH_CACHE_MB } from "../../src/refresh/node-runtime.js";
import { knowledgeSteps } from "../../src/refresh/pipeline.js";
import { generateCorpus } from "../corpus/generate.js";
import type { BenchArgs, BenchResult } from "./types.js";

const S = "corpus-clustering";
const inf = Number.POSITIVE_INFINITY;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

let rssPeak = 0;
// Where the peak was met (the change, or the first build, and the step): the note says it.
let rssPeakAt = "";
let refreshing = "first build";
const sampleRss = (at: string) => {
  const rss = process.memoryUsage().rss;
  if (rss > rssPeak) rssPeakAt = `${refreshing}, ${at}`;
  rssPeak = Math.max(rssPeak, rss);
};

// For diagnosis: `BENCH_CPU_PROFILE=DIR` writes a CPU profile of each timed change's refresh
// (not the first build) to DIR/<size>-<change>.cpuprofile (Chrome DevTools opens them).
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;

async function profiled<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE_DIR) return work();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  try {
    return await work();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    mkdirSync(PROFILE_DIR, { recursive: true });
    writeFileSync(join(PROFILE_DIR, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}

// For diagnosis: `BENCH_COLD=1` (Linux, root) empties the OS page cache before each timed change,
// so every page the refresh reads comes from disk: the worst case, where the default run gets
// whatever the machine kept of a database written minutes before.
const COLD = process.env.BENCH_COLD === "1";

function dropPageCache(): void {
  try {
    execFileSync("sh", ["-c", "sync && echo 1 > /proc/sys/vm/drop_caches"], { stdio: "ignore" });
  } catch {
    throw new Error("BENCH_COLD=1 needs Linux and root (it writes /proc/sys/vm/drop_caches)");
  }
}

/**
 * One refresh through all its steps, as the refresh runner runs them; ms per step. A timed change
 * (`change` names it; the first build has none) is profiled and run cold when asked.
 */
async function refreshTimed(database: Database, change?: string) {
  const cold = change !== undefined && COLD;
  refreshing = change ?? "first build";
  if (cold) dropPageCache();
  const result = await (change ? profiled(change, () => refreshSteps(database)) : refreshSteps(database));
  return { ...result, cold };
}

async function refreshSteps(database: Database) {
  const ctx = {
    database,
    clock: systemClock,
    logger: { info() {}, warn() {}, error() {} },
    budget: startBudget(database.meter, { maxCalls: inf, reserveCalls: 0, maxWallMs: inf, maxCpuMs: inf }),
  };
  const ms: Record<string, number> = {};
  let summary: Record<string, unknown> = {};
  for (const step of knowledgeSteps()) {
    gc();
    const t = performance.now();
    for (let cursor: string | null = null; ; ) {
      const result = await step.run(ctx, cursor);
      sampleRss(step.name);
      if (step.name === "link") summary = result.summary ?? {};
      if (result.done) break;
      cursor = result.cursor;
    }
    ms[step.name] = performance.now() - t;
  }
  const total = Object.values(ms).reduce((a, b) => a + b, 0);
  // The refresh worker copies the log into the file after the run, its changes already visible.
  const at = performance.now();
  database.checkpoint?.();
  return { ms, total, summary, checkpointMs: performance.now() - at };
}

/**
 * Heap the link step holds per issue, measured after a full GC at each stage: the cached evidence
 * it loads (interned), the feature → postings table linking builds from it (its largest
 * structure), and the clustering result. The peak is at least their sum.
 */
async function linkHeapPerIssue(database: Database) {
  const { loadLinkPage } = await import("../../src/db/queries/cluster-plan.js");
  const { EvidenceInterner, restoreLinkEvidence } = await import("../../src/domain/evidence/compact.js");
  const { collectFeatures } = await import("../../src/domain/cluster/feature-stats.js");
  const { clusterEvidence } = await import("../../src/domain/cluster/index.js");
  const heap = () => {
    gc();
    return process.memoryUsage().heapUsed;
  };
  const h0 = heap();
  const interner = new EvidenceInterner();
  const held: ReturnType<typeof restoreLinkEvidence>[] = [];
  for (let after = 0; ; ) {
    const page = await loadLinkPage(database.db, after, 500);
    if (page.length === 0) break;
    for (const r of page)
      held.push(restoreLinkEvidence(`${r.repo}#${r.number}`, r.isPullRequest, r.link, interner));
    after = page[page.length - 1]?.id ?? after;
  }
  const h1 = heap();
  const stats = collectFeatures(held);
  const h2 = heap();
  const result = clusterEvidence(held, [], new Map());
  const h3 = heap();
  const n = Math.max(1, held.length);
  const per = (bytes: number) => Math.round(bytes / n);
  const out = {
    evidence: per(h1 - h0),
    features: per(h2 - h1),
    result: per(h3 - h2),
    kept: stats.size + result.clusters.length,
  };
  return out;
}

/** The line another issue is clustered by, as it pasted it. */
async function primarySample(database: Database, issueId: number): Promise<string> {
  const rows = await database.db
    .select({ sample: issueSignatures.sample })
    .from(issueSignatures)
    .where(and(eq(issueSignatures.issueId, issueId), eq(issueSignatures.role, "primary")));
  return rows[0]?.sample ?? "";
}

/** A member of the largest stored cluster (its body) and that cluster's size. */
async function largestFamilyMember(database: Database) {
  const [top] = await database.db
    .select({ id: clusters.id, size: clusters.issueCount })
    .from(clusters)
    .orderBy(desc(clusters.issueCount), asc(clusters.id))
    .limit(1);
  const [member] = await database.db
    .select({ body: issues.body })
    .from(issues)
    .where(eq(issues.clusterId, top?.id ?? ""))
    .orderBy(asc(issues.id))
    .limit(1);
  return { body: member?.body ?? "", size: top?.size ?? 0 };
}

async function storeCorpus(database: Database, size: number) {
  const corpus = generateCorpus({ seed: 5, totalIssues: size, avgComments: 3 });
  const page = 5_000;
  for (let i = 0; i < corpus.issues.length; i += page) {
    const issuesPart = corpus.issues.slice(i, i + page);
    const urls = new Set(issuesPart.map((x) => x.url));
    const commentsPart = corpus.comments.filter((c) => urls.has(c.issue_url));
    await storeGitHubItems(
      database,
      { issues: issuesPart, comments: commentsPart },
      new Date().toISOString(),
    );
  }
  // The edit appends another family's error to an issue: its evidence, and so its links, change.
  const family = (x: (typeof corpus.issues)[number]) =>
    corpus.families[`${/github\.com\/([^/]+\/[^/]+)\//.exec(x.html_url)?.[1]}#${x.number}`];
  const first = corpus.issues.find((x) => family(x))!;
  const other = corpus.issues.find((x, i) => i >= size / 2 && family(x) && family(x) !== family(first))!;
  const lastComment = corpus.comments.reduce((a, b) => (b.id > a.id ? b : a));
  return { families: corpus.families, first, other, lastComment };
}

function familyScore(
  families: Corpus["families"],
  rows: { repo: string; number: number; clusterId: string | null }[],
) {
  const labels = rows.map((r) => families[`${r.repo}#${r.number}`] ?? null);
  const predicted = rows.map((r) => r.clusterId);
  const strays = rows.filter((r, i) => labels[i] === null && r.clusterId !== null).length;
  return { f1: pairF1(predicted, labels), strays };
}

function steps(r: { ms: Record<string, number>; checkpointMs: number; cold: boolean }): string {
  const parts = Object.entries(r.ms).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`);
  const cold = r.cold ? "; OS page cache emptied first (BENCH_COLD)" : "";
  return `${parts.join(", ")}; then the log's checkpoint ${(r.checkpointMs / 1000).toFixed(2)} s${cold}`;
}

async function atSize(size: number, dir: string): Promise<BenchResult[]> {
  const label = size >= 1000 ? `${size / 1000}k` : String(size);
  // As the refresh worker opens it (its page cache, its checkpoints after each run).
  const database = openSqliteDatabase(join(dir, `kb-${size}.sqlite`), {
    cacheMb: REFRESH_CACHE_MB,
    checkpoint: "deferred",
  });
  try {
    // The generated corpus is dropped once stored: the RSS below is the refresh's, as a server's.
    const { families, first, other, lastComment } = await storeCorpus(database, size);
    gc();
    rssPeak = process.memoryUsage().rss;
    rssPeakAt = "storing the corpus";
    const full = await refreshTimed(database);
    const score = familyScore(families, await database.db.select().from(issues));
    // A follow-up comment without an error (the commonest webhook): the thread's text changes.
    const now = () => new Date().toISOString();
    await storeGitHubItems(
      database,
      {
        issues: [],
        comments: [
          {
            ...lastComment,
            id: lastComment.id + 1,
            url: lastComment.url.replace(/\d+$/, String(lastComment.id + 1)),
            issue_url: first.url,
            html_url: `${first.html_url}#issuecomment-${lastComment.id + 1}`,
            body: "Same here after upgrading; restarting the pod did not help.",
            created_at: now(),
            updated_at: now(),
          },
        ],
      },
      now(),
    );
    const commented = await refreshTimed(database, `${label}-comment`);
    // An edit of the prose around the error (its evidence is extracted again and does not change).
    await storeGitHubItems(
      database,
      {
        issues: [
          {
            ...first,
            body: `${first.body ?? ""}\n\nStill happens on the latest release.`,
            updated_at: now(),
          },
        ],
        comments: [],
      },
      now(),
    );
    const prose = await refreshTimed(database, `${label}-prose`);
    // A new report of the largest family's error (the commonest webhook that changes clusters): a
    // new issue copying the body of one of its members.
    const largest = await largestFamilyMember(database);
    await storeGitHubItems(
      database,
      {
        issues: [
          {
            ...first,
            id: 990_000_001,
            number: 990_001,
            title: "Same error after the upgrade",
            body: largest.body,
            html_url: first.html_url.replace(/\/\d+$/, "/990001"),
            url: first.url.replace(/\/\d+$/, "/990001"),
            created_at: now(),
            updated_at: now(),
          },
        ],
        comments: [],
      },
      now(),
    );
    const joined = await refreshTimed(database, `${label}-join`);
    // One issue edited so that it shows another error (its evidence changes), as a webhook would store it.
    await storeGitHubItems(
      database,
      {
        issues: [
          {
            ...first,
            body: `${first.body ?? ""}\n\nSame as #${other.number}:\n\n\`\`\`\n${await primarySample(database, other.id)}\n\`\`\``,
            updated_at: new Date().toISOString(),
          },
        ],
        comments: [],
      },
      new Date().toISOString(),
    );
    const one = await refreshTimed(database, `${label}-tie`);
    // Closing an issue changes no text: its evidence stays cached.
    await storeGitHubItems(
      database,
      { issues: [{ ...other, state: "closed", updated_at: new Date().toISOString() }], comments: [] },
      new Date().toISOString(),
    );
    const closed = await refreshTimed(database, `${label}-close`);
    // The review queue's whole re-score: housekeeping's hourly refresh, never a change's (queue.ts).
    gc();
    const wholeAt = performance.now();
    await rebuildQueue({ database, clock: systemClock }, { whole: true });
    const wholeQueueMs = performance.now() - wholeAt;
    const perIssue = await linkHeapPerIssue(database);
    const r = (name: string, value: number, unit: string, note?: string): BenchResult => ({
      suite: S,
      name: `${label} ${name}`,
      value,
      unit,
      note,
    });
    return [
      r("corpus pair-F1", score.f1, ""),
      r("no-error issues in a cluster", score.strays, "issues"),
      r(
        "full refresh (first build)",
        full.total / 1000,
        "s",
        `${full.summary.clusters} clusters; ${steps(full)}`,
      ),
      r("refresh after one edited issue (prose)", prose.total / 1000, "s", steps(prose)),
      r(
        "refresh after an edit that ties two families",
        one.total / 1000,
        "s",
        `${one.summary.changedIssues} issue rows rewritten; linked ${one.summary.linked ?? "all"}${one.summary.reason ? ` (${one.summary.reason})` : ""}; ${steps(one)}`,
      ),
      r(
        "refresh after a new issue joins the largest family",
        joined.total / 1000,
        "s",
        `family of ${largest.size}; ${joined.summary.changedIssues} issue rows rewritten; linked ${joined.summary.linked ?? "all"}; ${steps(joined)}`,
      ),
      r("refresh after one new comment", commented.total / 1000, "s", steps(commented)),
      r(
        "review queue whole re-score",
        wholeQueueMs / 1000,
        "s",
        "housekeeping's refresh, hourly or on another day; a change's refresh re-scores what it touched",
      ),
      r("refresh after closing one issue", closed.total / 1000, "s", steps(closed)),
      r(
        "RSS peak",
        Math.round(rssPeak / 2 ** 20),
        "MB",
        `process, whole run at this size, highest at ${rssPeakAt} (target ≤ 1 GB at 100k)`,
      ),
      r(
        "link step heap per issue",
        perIssue.evidence + perIssue.features + perIssue.result,
        "bytes",
        `cached evidence ${perIssue.evidence} + feature postings ${perIssue.features} + result ${perIssue.result} (after GC each)`,
      ),
    ];
  } finally {
    database.close();
  }
}

export async function run(args: BenchArgs = {}): Promise<BenchResult[]> {
  const sample = JSON.parse(
    readFileSync(resolve(import.meta.dirname, "../../test/fixtures/sample-corpus.json"), "utf8"),
  ) as Corpus;
  const small = openSqliteDatabase(":memory:");
  await storeGitHubItems(small, sample, new Date().toISOString());
  await refreshTimed(small);
  const smallScore = familyScore(sample.families, await small.db.select().from(issues));
  small.close();
  const out: BenchResult[] = [
    {
      suite: S,
      name: "sample corpus pair-F1",
      value: smallScore.f1,
      unit: "",
      note: `${sample.issues.length} issues, target ≥ 0.95`,
    },
    {
      suite: S,
      name: "sample: no-error issues in a cluster",
      value: smallScore.strays,
      unit: "issues",
      note: "target 0",
    },
  ];
  const sizes = (args["cluster-sizes"] ?? "10k")
    .split(",")
    .map((s) => Number(s.trim().replace(/k$/i, "000")));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new Error(`--cluster-sizes takes issue counts like 10k,100k: got ${args["cluster-sizes"]}`);
  const dir = mkdtempSync(join(tmpdir(), "kb-bench-cluster-"));
  try {
    for (const size of sizes) out.push(...(await atSize(size, dir)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
