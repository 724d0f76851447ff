// Ingest benchmark: 10,000 issues and 30,000 comments through the local GitHub emulator into an
// embedded SQLite file, against the request floor, then an immediate re-sync. The baseline is a
// plain octokit pagination of the same listings in the same process (wire + JSON only, no storage).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "octokit";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { systemClock } from "../../src/domain/clock.js";
import { startGitHubEmulator } from "../../src/emulators/github-emulator.js";
import { ingestRepos } from "../../src/github/ingest.js";
import { generateCorpus } from "../corpus/generate.js";
import type { BenchResult } from "./types.js";

const ISSUES = 10_000;
const COMMENTS = 30_000;

function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage().rss);
  };
}

async function rawPaginate(baseUrl: string, repos: string[]): Promise<number> {
  const octokit = new Octokit({
    baseUrl,
    auth: "bench",
    throttle: { enabled: false },
    retry: { enabled: false },
  });
  let rows = 0;
  for (const full of repos) {
    const [owner, repo] = full.split("/") as [string, string];
    rows += (
      await octokit.paginate("GET /repos/{owner}/{repo}/issues", { owner, repo, state: "all", per_page: 100 })
    ).length;
    rows += (
      await octokit.paginate("GET /repos/{owner}/{repo}/issues/comments", { owner, repo, per_page: 100 })
    ).length;
  }
  return rows;
}

export async function run(): Promise<BenchResult[]> {
  const corpus = generateCorpus({ seed: 11, totalIssues: ISSUES, avgComments: COMMENTS / ISSUES });
  const repos = corpus.repos.map((r) => r.full_name);
  const emulator = await startGitHubEmulator({ corpus, tokens: ["bench"], rateLimit: 100_000 });
  const dir = mkdtempSync(join(tmpdir(), "kb-bench-"));
  const database = openSqliteDatabase(join(dir, "bench.sqlite"));
  try {
    let t = performance.now();
    const rawRows = await rawPaginate(emulator.url, repos);
    const rawMs = performance.now() - t;
    emulator.resetStats();

    const peakRss = rssSampler();
    t = performance.now();
    const full = await ingestRepos(
      { database, clock: systemClock },
      { repos, baseUrl: emulator.url, token: "bench", onRateLimitExhausted: "stop" },
    );
    const fullMs = performance.now() - t;
    const rss = peakRss();
    const floor = Math.ceil(ISSUES / 100) + Math.ceil(COMMENTS / 100);

    emulator.resetStats();
    t = performance.now();
    const again = await ingestRepos(
      { database, clock: systemClock },
      { repos, baseUrl: emulator.url, token: "bench", onRateLimitExhausted: "stop" },
    );
    const againMs = performance.now() - t;
    const s = "ingest";
    return [
      {
        suite: s,
        name: "rows stored",
        value: full.inserted,
        unit: "rows",
        note: `${ISSUES} issues + ${COMMENTS} comments`,
      },
      { suite: s, name: "full sync", value: fullMs / 1000, unit: "s" },
      { suite: s, name: "issues per second", value: ISSUES / (fullMs / 1000), unit: "issues/s" },
      { suite: s, name: "rows per second", value: (ISSUES + COMMENTS) / (fullMs / 1000), unit: "rows/s" },
      {
        suite: s,
        name: "baseline: raw octokit paginate",
        value: rawMs / 1000,
        unit: "s",
        note: `${rawRows} rows, no storage`,
      },
      { suite: s, name: "full sync / raw paginate", value: fullMs / rawMs, unit: "x" },
      { suite: s, name: "requests used", value: full.requests, unit: "requests" },
      { suite: s, name: "request floor ⌈i/100⌉+⌈c/100⌉", value: floor, unit: "requests" },
      { suite: s, name: "requests / floor", value: full.requests / floor, unit: "x" },
      {
        suite: s,
        name: "re-sync requests",
        value: again.requests,
        unit: "requests",
        note: `${again.notModified} answered 304`,
      },
      { suite: s, name: "re-sync rate-limit points", value: emulator.stats.rateLimitUsed, unit: "points" },
      { suite: s, name: "re-sync time", value: againMs, unit: "ms" },
      { suite: s, name: "peak RSS during sync", value: rss / 2 ** 20, unit: "MiB" },
    ];
  } finally {
    database.close();
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
