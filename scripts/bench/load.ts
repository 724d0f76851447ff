// `npm run bench -- --only load [--load-seconds 60 --load-webhooks 50 --load-searches 50
// --load-issues 1000 --load-idle-seconds 10 --load-refresh worker,worker-nice,main --load-generator-nice 10]`: signed webhook deliveries (10% redelivered, some out
// of order) and searches at fixed rates against `npm start` (src/node.ts as a child process) on
// loopback, over a generated corpus. Reports errors, lost and duplicated rows against the expected
// final state, time until a new issue is visible in search, search p99 under load vs idle, and the
// server's peak RSS. `--load-refresh worker,main` runs it once per refresh mode (KB_REFRESH_WORKER=1,
// then 0; `worker-nice` is the worker thread below the HTTP thread's priority, KB_REFRESH_NICE=10) over
// copies of one seeded database, so the modes compare in the same conditions.
// Bounded: every phase has a deadline, every request a timeout, and the run stops by itself.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { setPriority, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { systemClock } from "../../src/domain/clock.js";
import { PIPELINE_VERSION } from "../../src/domain/evidence/compact.js";
import { extractErrorLines } from "../../src/domain/signature/index.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { refreshNow } from "../../src/refresh/now.js";
import { generateCorpus } from "../corpus/generate.js";
import { type Delivery, expectedState, WebhookTraffic } from "./load-events.js";
import { drain, paced } from "./load-pace.js";
import { report } from "./load-report.js";
import { REQUEST_TIMEOUT_MS, search } from "./load-search.js";
import { startServerChild } from "./load-server.js";
import { verifyDatabase } from "./load-verify.js";
import { queryText } from "./search.js";
import type { BenchResult } from "./types.js";

const SECRET = "load-bench-webhook-secret";
export const VISIBLE_GIVE_UP_MS = 30_000;
export const MAX_IN_FLIGHT = 256;
// Set when the run's deadline stops the server: requests cut off then are not errors of the run.
let serverStopped = false;

export interface LoadOptions {
  seconds: number;
  webhooksPerSecond: number;
  searchesPerSecond: number;
  issues: number;
  idleSeconds: number;
  refresh: RefreshMode[];
  /**
   * The nice value of this process (the webhook sender and the visibility prober) while the load
   * runs: it stands in for GitHub, which sends from elsewhere, and on a 2-core machine it took the
   * CPU the server and the searcher need. 0 leaves it at theirs. Only root can come back to 0, so
   * elsewhere it is left at 0.
   */
  generatorNice: number;
}

export type RefreshMode = "worker" | "worker-nice" | "main";
const MODES: RefreshMode[] = ["worker", "worker-nice", "main"];

function generatorNice(flag: string | undefined): number {
  const value = flag === undefined ? 10 : Number(flag);
  if (!Number.isInteger(value) || value < 0 || value > 19)
    throw new Error("--load-generator-nice must be a whole number in [0, 19]");
  return value;
}

function loadOptions(flags: Record<string, string | undefined>): LoadOptions {
  const num = (name: string, fallback: number, max: number) => {
    const value = flags[name] === undefined ? fallback : Number(flags[name]);
    if (!Number.isFinite(value) || value <= 0 || value > max)
      throw new Error(`--${name} must be a number in (0, ${max}]`);
    return value;
  };
  return {
    seconds: num("load-seconds", 60, 600),
    webhooksPerSecond: num("load-webhooks", 50, 500),
    searchesPerSecond: num("load-searches", 50, 500),
    issues: num("load-issues", 1000, 200_000),
    idleSeconds: num("load-idle-seconds", 10, 120),
    refresh: refreshModes(flags["load-refresh"] ?? "worker"),
    generatorNice: generatorNice(flags["load-generator-nice"]),
  };
}

function refreshModes(flag: string): RefreshMode[] {
  const modes = flag.split(",").map((m) => m.trim());
  const bad = modes.filter((m) => !MODES.includes(m as RefreshMode));
  if (bad.length > 0 || modes.length === 0)
    throw new Error(`--load-refresh takes a comma-separated list of ${MODES.join(", ")}`);
  return modes as RefreshMode[];
}

/**
 * The seeded and refreshed database at `path`, copied from `cache` when a run with the same size and
 * pipeline version left one there (seeding 100k issues takes minutes), and the webhook templates.
 */
async function prepareDatabase(path: string, issues: number, cache: string | undefined) {
  const corpus = generateCorpus({ seed: 21, totalIssues: issues });
  const cached = cache ? join(cache, `load-seed-${issues}-${PIPELINE_VERSION}.sqlite`) : null;
  if (cached && existsSync(cached)) copyFileSync(cached, path);
  else {
    const database = openSqliteDatabase(path);
    // In pages of 5,000 issues with their comments: one write group for the whole corpus never
    // finished at 100k (its statements are built and checked against the limits all at once).
    const byIssue = new Map<string, unknown[]>();
    for (const c of corpus.comments) {
      const list = byIssue.get(c.issue_url) ?? [];
      list.push(c);
      byIssue.set(c.issue_url, list);
    }
    for (let i = 0; i < corpus.issues.length; i += 5_000) {
      const page = corpus.issues.slice(i, i + 5_000);
      const comments = page.flatMap((x) => byIssue.get(x.url) ?? []);
      await storeGitHubItems(database, { issues: page, comments }, new Date().toISOString());
    }
    await refreshNow({ database, clock: systemClock }, "bench");
    database.close();
    if (cached) {
      mkdirSync(cache as string, { recursive: true });
      copyFileSync(path, cached);
    }
  }
  const templates = (corpus.issues as unknown as Record<string, unknown>[]).filter((i) => {
    const key = `${/github\.com\/([^/]+\/[^/]+)\//.exec(String(i.html_url))?.[1]}#${i.number}`;
    // A new issue copies its template's body: it must carry an error line itself (some corpus issues
    // only show theirs in a comment), or it would not join a cluster and search would not list it.
    return !i.pull_request && corpus.families[key] && extractErrorLines(String(i.body ?? "")).length > 0;
  });
  return templates as ConstructorParameters<typeof WebhookTraffic>[0];
}

function searchQueries(): string[] {
  const file = resolve(import.meta.dirname, "../../test/fixtures/search-queries.json");
  const { queries } = JSON.parse(readFileSync(file, "utf8")) as {
    queries: Parameters<typeof queryText>[0][];
  };
  return queries.map(queryText);
}

/**
 * Searches at a fixed rate for `seconds` from a process of its own (load-searcher.ts): the latencies
 * are what a user's client sees, not this process's event loop, which signs and sends the webhook
 * traffic and probes visibility meanwhile.
 */
export function searchPhase(url: string, queries: string[], seconds: number, rate: number) {
  const latencies: number[] = [];
  let errors = 0;
  let started: () => void = () => {};
  const ready = new Promise<void>((done) => {
    started = done;
  });
  const run = new Promise<{ inFlight: Set<Promise<void>> }>((done, fail) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        resolve(import.meta.dirname, "load-searcher.ts"),
        url,
        String(seconds),
        String(rate),
      ],
      { stdio: ["pipe", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8");
      if (out.startsWith("ready\n")) started();
    });
    child.on("error", fail);
    child.on("exit", (code) => {
      try {
        if (code !== 0) throw new Error(`the searcher exited with ${code}`);
        const result = JSON.parse(out.replace(/^ready\n/, "")) as {
          latencies: number[];
          errors: number;
          unanswered: number;
        };
        latencies.push(...result.latencies);
        errors = result.errors + result.unanswered;
        done({ inFlight: new Set() });
      } catch (error) {
        fail(error);
      }
    });
    child.stdin.end(JSON.stringify(queries));
  });
  return { run, ready, latencies, errors: () => errors, cut: () => 0 };
}

export interface Tracked {
  marker: string;
  issueId: number;
  sentAt: number;
  visibleAfterMs?: number;
  lastProbe: number;
}

/** Probes each tracked marker every 500 ms until search shows it, or gives up after 30 s. */
async function probeVisibility(
  url: string,
  tracked: Tracked[],
  until: () => boolean,
  release: (id: number) => void,
) {
  const open = () =>
    tracked.filter(
      (t) => t.visibleAfterMs === undefined && performance.now() - t.sentAt < VISIBLE_GIVE_UP_MS,
    );
  while (!until() || open().length > 0) {
    const due = open()
      .filter((t) => performance.now() - t.lastProbe >= 500)
      .slice(0, 16);
    await Promise.all(
      due.map(async (t) => {
        t.lastProbe = performance.now();
        const r = await search(url, t.marker);
        if (r.titles.some((title) => title.includes(t.marker))) {
          t.visibleAfterMs = performance.now() - t.sentAt;
          release(t.issueId);
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Lowers this process's CPU priority to `nice` (see LoadOptions.generatorNice) and returns what
 * puts it back; does nothing where it could not be put back (not root), so a later server child,
 * which inherits it, always starts at 0.
 */
function lowerPriority(nice: number): () => void {
  if (nice <= 0 || process.getuid?.() !== 0) return () => {};
  setPriority(nice);
  return () => setPriority(0);
}

export function webhookPhase(url: string, traffic: WebhookTraffic, opts: LoadOptions, tracked: Tracked[]) {
  const acknowledged: Delivery[] = [];
  const failed: Delivery[] = [];
  const statuses = new Map<string, number>();
  let duplicatesAcknowledged = 0;
  // About two new issues a second are timed for visibility.
  const trackEvery = Math.max(1, Math.round((opts.webhooksPerSecond * 0.3) / 2));
  let opened = 0;
  const run = paced(opts.seconds, opts.webhooksPerSecond, MAX_IN_FLIGHT, async (elapsed) => {
    const d = traffic.take(elapsed);
    if (!d) return;
    const marker =
      d.event === "issues" && d.body.includes('"action":"opened"') && !d.redelivery
        ? d.versions[0]
        : undefined;
    if (marker?.marker && opened++ % trackEvery === 0) {
      traffic.frozen.add(marker.id);
      tracked.push({ marker: marker.marker, issueId: marker.id, sentAt: performance.now(), lastProbe: 0 });
    }
    const signature = `sha256=${createHmac("sha256", SECRET).update(d.body).digest("hex")}`;
    let status = "network";
    try {
      const res = await fetch(`${url}/github/webhook`, {
        method: "POST",
        body: d.body,
        headers: {
          "content-type": "application/json",
          "x-github-event": d.event,
          "x-github-delivery": d.id,
          "x-hub-signature-256": signature,
        },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = (await res.json().catch(() => ({}))) as { duplicate?: boolean };
      status = String(res.status);
      if (res.ok && body.duplicate) duplicatesAcknowledged += 1;
    } catch (error) {
      const name = (error as Error).name;
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? "error";
      status =
        name === "TimeoutError" ? "timeout" : serverStopped ? "unanswered-at-deadline" : `network:${cause}`;
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    (status.startsWith("2") ? acknowledged : failed).push(d);
  });
  return { run, acknowledged, failed, statuses, duplicates: () => duplicatesAcknowledged };
}

export async function run(flags: Record<string, string | undefined> = {}): Promise<BenchResult[]> {
  const opts = loadOptions(flags);
  const dir = mkdtempSync(join(tmpdir(), "kb-load-"));
  const seeded = join(dir, "seeded.sqlite");
  try {
    process.stderr.write(`  load: seeding ${opts.issues} issues…\n`);
    const templates = await prepareDatabase(seeded, opts.issues, flags["load-seed-cache"]);
    const results: BenchResult[] = [];
    for (const mode of opts.refresh) {
      const dbPath = join(dir, `${mode}.sqlite`);
      copyFileSync(seeded, dbPath);
      results.push(...(await runMode(opts, mode, dbPath, templates)));
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runMode(
  opts: LoadOptions,
  mode: RefreshMode,
  dbPath: string,
  templates: Awaited<ReturnType<typeof prepareDatabase>>,
): Promise<BenchResult[]> {
  serverStopped = false;
  process.stderr.write(
    `  load: server with the refresh ${mode === "main" ? "on the HTTP thread" : `in a worker thread (${mode})`}\n`,
  );
  const server = await startServerChild({
    KB_DB_PATH: dbPath,
    GITHUB_WEBHOOK_SECRET: SECRET,
    KB_RATE_LIMIT_SEARCH: "0",
    KB_RATE_LIMIT_READ: "0",
    KB_REFRESH_WORKER: mode === "main" ? "0" : "1",
    KB_REFRESH_NICE: mode === "worker-nice" ? "10" : "0",
  });
  const queries = searchQueries();
  const booted = performance.now();
  await Promise.race([server.started, new Promise((done) => setTimeout(done, 120_000))]);
  process.stderr.write(
    `  load: start-up refresh done ${((performance.now() - booted) / 1000).toFixed(1)} s after listening\n`,
  );
  for (const q of queries.slice(0, 20)) await search(server.url, q); // warm the index and JIT
  process.stderr.write(`  load: idle searches for ${opts.idleSeconds} s…\n`);
  const idleFrom = server.searchMs.length;
  const idle = searchPhase(server.url, queries, opts.idleSeconds, opts.searchesPerSecond);
  await drain((await idle.run).inFlight, REQUEST_TIMEOUT_MS);
  const serverIdle = server.searchMs.slice(idleFrom);

  process.stderr.write(
    `  load: ${opts.webhooksPerSecond} webhooks/s + ${opts.searchesPerSecond} searches/s for ${opts.seconds} s…\n`,
  );
  const traffic = new WebhookTraffic(templates, { redeliverRatio: 0.1, outOfOrderRatio: 0.05, seed: 7 });
  const tracked: Tracked[] = [];
  let loadOver = false;
  const prober = probeVisibility(
    server.url,
    tracked,
    () => loadOver,
    (id) => traffic.frozen.delete(id),
  );
  const busyFrom = server.searchMs.length;
  const busy = searchPhase(server.url, queries, opts.seconds, opts.searchesPerSecond);
  await Promise.race([busy.ready, busy.run]);
  const restore = lowerPriority(opts.generatorNice);
  const hooks = webhookPhase(server.url, traffic, opts, tracked);
  const [busyRun, hookRun] = await Promise.all([busy.run, hooks.run]).finally(restore);
  loadOver = true;
  // The visibility probes search too; the load phase's own searches are the ones answered until now.
  const serverBusy = server.searchMs.slice(busyFrom);
  const stillRunning = await drain(new Set([...busyRun.inFlight, ...hookRun.inFlight]), 60_000);
  await prober;
  const peakRssMb = server.peakRssMb();
  serverStopped = true;
  const exitCode = await server.stop();
  // Deliveries the server never answered fail now that it is gone: they count as unknown rows.
  await drain(hookRun.inFlight, 10_000);

  const expected = expectedState(hooks.acknowledged, hooks.failed);
  const verified = verifyDatabase(dbPath, expected.rows);
  return report(
    opts,
    {
      idle,
      busy,
      hooks,
      hookRun,
      tracked,
      verified,
      expected,
      stillRunning,
      exitCode,
      server,
      traffic,
      peakRssMb,
      serverSearchMs: { idle: serverIdle, busy: serverBusy },
    },
    opts.refresh.length > 1 ? mode : undefined,
  );
}
