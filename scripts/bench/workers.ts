// The Worker's scheduled path at scale, as Cloudflare would run it: each size's corpus is served by
// the GitHub emulator (in this process) and ingested then refreshed by the Worker's own `scheduled`
// handler in a child process capped at 128 MB of V8 heap (the isolate's limit), over the D1
// stand-in, which holds every call to D1's limits (1,000 calls an invocation, 100 parameters…).
// Per invocation: heap peak, CPU, D1 calls; then a fresh child (an isolate restart) times the first
// search and warm ones. A child that runs out of memory is reported, not fatal.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import BetterSqlite3 from "better-sqlite3";
import { startGitHubEmulator } from "../../src/emulators/github-emulator.js";
import { generateCorpus } from "../corpus/generate.js";
import type { BenchArgs, BenchResult } from "./types.js";

const SUITE = "workers";
const DEFAULT_SIZES = [2_000, 10_000, 50_000, 100_000];
const HEAP_MB = 128;
const CHILD = resolve(import.meta.dirname, "workers-child.ts");
const CHILD_TIMEOUT_MS = 30 * 60_000;

type Line = Record<string, unknown> & { kind: string };

interface ChildRun {
  lines: Line[];
  code: number | null;
  outOfMemory: boolean;
  stderrTail: string;
}

function runChild(args: string[]): Promise<ChildRun> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, "--import", "tsx", CHILD, ...args],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    const lines: Line[] = [];
    let stderr = "";
    createInterface({ input: child.stdout }).on("line", (text) => {
      try {
        const line = JSON.parse(text) as Line;
        lines.push(line);
        if (line.kind === "invocation" || line.kind === "cluster-steps")
          process.stderr.write(`    ${text}\n`);
      } catch {
        // not one of ours
      }
    });
    child.stderr.on("data", (d) => {
      stderr = (stderr + String(d)).slice(-4000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      const outOfMemory = /heap out of memory|Reached heap limit|Allocation failed/i.test(stderr);
      done({ lines, code, outOfMemory, stderrTail: stderr.slice(-600) });
    });
  });
}

const CLUSTER_STEPS = ["extract", "link", "write"];
type StepFigures = { heapPeakMb: number; cpuMs: number; d1Calls: number };
const stepsOf = (l: Line) => (l.steps ?? {}) as Record<string, StepFigures>;

/**
 * The re-cluster's own figures: per invocation, its steps' heap peak, CPU and D1 calls (the rest of
 * the invocation, ingest or search index, apart), and whether it got past its last step.
 */
function clusteringRows(
  invocations: Line[],
  r: (name: string, value: number, unit: string, note?: string) => void,
) {
  const runs = invocations
    .map((l) => {
      const mine = CLUSTER_STEPS.map((s) => stepsOf(l)[s]).filter((f): f is StepFigures => f !== undefined);
      return {
        n: Number(l.invocation),
        heap: Math.max(0, ...mine.map((f) => f.heapPeakMb)),
        cpu: mine.reduce((a, f) => a + f.cpuMs, 0),
        calls: mine.reduce((a, f) => a + f.d1Calls, 0),
        ran: mine.length > 0,
      };
    })
    .filter((x) => x.ran);
  const complete = invocations.some(
    (l) =>
      l.died === true || Object.keys(stepsOf(l)).some((s) => s === "search-index" || s === "review-queue"),
  );
  r(
    "clustering steps",
    complete ? 1 : 0,
    complete ? "complete" : "NOT complete",
    `extract, link, write in ${runs.length} invocations (${runs.map((x) => x.n).join(", ")})`,
  );
  r(
    "clustering: max heap peak during its steps",
    Math.max(0, ...runs.map((x) => x.heap)),
    "MB",
    `limit ${HEAP_MB} MB`,
  );
  r(
    "clustering: max CPU of its steps in one invocation",
    Math.max(0, ...runs.map((x) => x.cpu)),
    "ms",
    "limit 30,000 ms",
  );
  r(
    "clustering: max D1 calls of its steps in one invocation",
    Math.max(0, ...runs.map((x) => x.calls)),
    "calls",
    "limit 1,000 (with the ingest's calls in the same invocation)",
  );
}

const stepNote = (l: Line) =>
  Object.entries(stepsOf(l))
    .map(([s, f]) => `${s} ${f.heapPeakMb} MB/${f.cpuMs} ms/${f.d1Calls} calls`)
    .join("; ");

const invocationsOf = (lines: Line[]) => lines.filter((l) => l.kind === "invocation");
const max = (lines: Line[], key: string) => Math.max(0, ...lines.map((l) => Number(l[key] ?? 0)));

/**
 * What a dead invocation was doing, read from the database it left: a refresh lease still held
 * means the refresh (and its step), none the ingest. The lease is then expired, standing in for
 * the ten minutes after which the next cron may take over.
 */
function inspectDeath(dbPath: string): string {
  const sqlite = new BetterSqlite3(dbPath);
  try {
    const lease = sqlite.prepare("select owner from leases where name = 'refresh:knowledge'").get();
    const state = sqlite.prepare("select step_name from refresh_state where id = 'knowledge'").get() as
      | { step_name: string | null }
      | undefined;
    if (!lease) return "the ingest";
    sqlite.prepare("update leases set expires_at = '1970-01-01T00:00:00.000Z'").run();
    return `the refresh (step ${state?.step_name ?? "?"})`;
  } finally {
    sqlite.close();
  }
}

async function cronUntilDone(args: string[], dbPath: string, log: (message: string) => void) {
  const all: Line[] = [];
  let started = 0;
  let failure: string | null = null;
  // After an out-of-memory death Cloudflare starts a new isolate on a later cron: so do we, once.
  for (let attempt = 0; attempt < 2; attempt++) {
    const run = await runChild([...args, "--mode", "cron"]);
    const offset = started;
    all.push(...invocationsOf(run.lines).map((l) => ({ ...l, invocation: offset + Number(l.invocation) })));
    // An invocation that died after the re-cluster's steps still printed their figures.
    const finished = new Set(invocationsOf(run.lines).map((l) => Number(l.invocation)));
    for (const l of run.lines)
      if (l.kind === "cluster-steps" && !finished.has(Number(l.invocation)))
        all.push({ ...l, kind: "invocation", invocation: offset + Number(l.invocation), died: true });
    started += run.lines.filter((l) => l.kind === "start").length;
    if (run.lines.some((l) => l.kind === "done")) return { invocations: all, failure: null, started };
    const died = started;
    const doing = inspectDeath(dbPath);
    failure = run.outOfMemory
      ? `out of memory (${HEAP_MB} MB heap) in invocation ${died}, during ${doing}`
      : `child exited ${run.code}: ${run.stderrTail.split("\n").filter(Boolean).at(-1) ?? ""}`;
    log(
      `  ${failure}${attempt === 0 && run.outOfMemory ? "; a new isolate tries again once its lease expires" : ""}`,
    );
    if (!run.outOfMemory) break;
    if (attempt === 1) failure += "; again in a new isolate after its lease expired";
  }
  return { invocations: all, failure, started };
}

async function benchSize(size: number): Promise<BenchResult[]> {
  const log = (m: string) => process.stderr.write(`${m}\n`);
  log(`  workers: ${size} issues, ${size * 3} comments`);
  const corpus = generateCorpus({ seed: 11, totalIssues: size, avgComments: 3 });
  const emulator = await startGitHubEmulator({ corpus, tokens: ["bench"], rateLimit: 10_000_000 });
  const dir = mkdtempSync(join(tmpdir(), "kb-bench-workers-"));
  const dbPath = join(dir, "d1.sqlite");
  const args = [
    "--db",
    dbPath,
    "--api",
    emulator.url,
    "--repos",
    corpus.repos.map((r) => r.full_name).join(","),
  ];
  const label = `${size / 1000}k`;
  const out: BenchResult[] = [];
  const r = (name: string, value: number, unit: string, note?: string) =>
    out.push({ suite: SUITE, name: `${label} ${name}`, value, unit, note });
  try {
    const { invocations, failure, started } = await cronUntilDone(args, dbPath, log);
    const caughtUp = invocations.filter((l) => l.refreshStatus === "waiting-for-ingest").length + 1;
    r("outcome", failure ? 0 : 1, failure ? "FAILED" : "ok", failure ?? "ingest + refresh complete");
    const died = failure ? "; invocations that died are counted here, not in the maxima below" : "";
    r(
      "invocations, ingest + refresh",
      started,
      "invocations",
      `ingest caught up in invocation ${caughtUp}${died}`,
    );
    r("max heap peak in one invocation", max(invocations, "heapPeakMb"), "MB", `limit ${HEAP_MB} MB`);
    r("max CPU in one invocation", max(invocations, "cpuMs"), "ms", "limit 30,000 ms by default");
    r("max D1 calls in one invocation", max(invocations, "d1Calls"), "calls", "limit 1,000 (paid)");
    clusteringRows(invocations, r);
    for (const l of invocations) {
      if (l.died) {
        r(
          `invocation ${l.invocation}`,
          0,
          "died",
          `ran out of memory after the re-cluster's steps; ${stepNote(l)}`,
        );
        continue;
      }
      r(
        `invocation ${l.invocation}`,
        Number(l.heapPeakMb),
        "MB heap",
        `cpu ${l.cpuMs} ms, ${l.d1Calls} D1 calls, wall ${l.wallMs} ms, fetched ${l.fetched}, refresh ${l.refreshStatus}${l.refreshError ? ` (${l.refreshError})` : ""}; ${stepNote(l)}`,
      );
    }
    if (!failure) {
      const search = (await runChild([...args, "--mode", "search"])).lines.find((l) => l.kind === "search");
      if (search) {
        r(
          "first search after restart",
          Number(search.firstMs),
          "ms",
          `heap peak ${search.firstHeapPeakMb} MB, ${search.firstD1Calls} D1 calls`,
        );
        r(
          "warm search p99",
          Number(search.warmP99Ms),
          "ms",
          `p50 ${search.warmP50Ms} ms over ${search.warmQueries} queries`,
        );
      } else
        r("search", 0, "FAILED", "the search child printed no result (out of memory loading the index?)");
    }
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

/**
 * A corpus too large for the Worker's first build (it runs out of the isolate's heap in the link
 * step, see the README) built on Node instead (`--workers-seed-db FILE`, e.g. the load suite's
 * cached seed database), then what the Worker does with it: one new issue delivered by webhook
 * (stored and refreshed in that invocation), and an isolate restart's first and warm searches.
 */
async function benchSeeded(file: string): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), "kb-bench-workers-seeded-"));
  const dbPath = join(dir, "d1.sqlite");
  copyFileSync(file, dbPath);
  const sqlite = new BetterSqlite3(dbPath);
  const issues = (sqlite.prepare("select count(*) n from issues").get() as { n: number }).n;
  sqlite.close();
  const label = `${Math.round(issues / 1000)}k seeded`;
  const out: BenchResult[] = [];
  const r = (name: string, value: number, unit: string, note?: string) =>
    out.push({ suite: SUITE, name: `${label} ${name}`, value, unit, note });
  try {
    const args = ["--db", dbPath];
    const run = await runChild([...args, "--mode", "change"]);
    const changes = run.lines.filter((l) => l.kind === "change");
    if (changes.length === 0) {
      r("one new issue by webhook", 0, "FAILED", run.outOfMemory ? "out of memory" : run.stderrTail);
      return out;
    }
    for (const change of changes) {
      const which = Number(change.n) === 1 ? "first new issue" : "second new issue";
      r(
        `${which} by webhook: CPU of the invocation`,
        Number(change.cpuMs),
        "ms",
        `status ${change.status}; ${change.refreshPending ? "refresh left pending for the next invocation" : "stored and refreshed in this invocation"}; joined ${change.clustered ?? "no cluster"}; target ≤ 5,000 ms${Number(change.n) === 1 ? "; the first change after the seed (the queue's whole re-score is the cron's, not a webhook's)" : ""}`,
      );
      r(`${which} by webhook: heap peak`, Number(change.heapPeakMb), "MB", `limit ${HEAP_MB} MB`);
      r(`${which} by webhook: D1 calls`, Number(change.d1Calls), "calls", `limit 1,000; ${stepNote(change)}`);
    }
    const search = (await runChild([...args, "--mode", "search"])).lines.find((l) => l.kind === "search");
    if (search) {
      r(
        "first search after restart",
        Number(search.firstMs),
        "ms",
        `heap peak ${search.firstHeapPeakMb} MB, ${search.firstD1Calls} D1 calls; target ≤ 1,000 ms`,
      );
      r(
        "warm search p99",
        Number(search.warmP99Ms),
        "ms",
        `p50 ${search.warmP50Ms} ms over ${search.warmQueries} queries, heap peak ${search.warmHeapPeakMb} MB, D1 calls ${search.warmD1CallsMean} mean / ${search.warmD1CallsMax} max; target ≤ 100 ms`,
      );
    } else r("search", 0, "FAILED", "the search child printed no result");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

export async function run(args: BenchArgs = {}): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const seeded = args["workers-seed-db"];
  if (seeded) {
    if (!existsSync(seeded)) throw new Error(`--workers-seed-db: no such file ${seeded}`);
    results.push(...(await benchSeeded(seeded)));
    if (!args.sizes) return results;
  }
  const sizes = args.sizes
    ? args.sizes.split(",").map((s) => Number(s.trim().replace(/k$/i, "000")))
    : DEFAULT_SIZES;
  if (sizes.some((s) => !Number.isInteger(s) || s <= 0))
    throw new Error(`--sizes takes issue counts like 2000,10k: got ${args.sizes}`);
  for (const size of sizes) results.push(...(await benchSize(size)));
  return results;
}
