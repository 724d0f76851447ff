// The Node server's refresh in a worker thread with its own SQLite connection: webhooks become
// searchable, a worker that dies is replaced and finishes the job, refreshNow waits, shutdown is clean.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { loadRefreshState } from "../../src/db/queries/refresh.js";
import { searchLog } from "../../src/db/schema.js";
import { leases } from "../../src/db/schema-runtime.js";
import { systemClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { signHmacSha256 } from "../../src/http/hmac.js";
import { memoryLogger } from "../../src/logger.js";
import { refreshNow } from "../../src/refresh/now.js";
import { type RefreshWorker, startRefreshWorker } from "../../src/refresh/worker-client.js";
import { createSearchService } from "../../src/search/index.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { isPending } from "./harness.js";

const SECRET = "webhook-secret-for-worker-tests";
const ERROR = "mlserver.parallel.errors.WorkerError: builtins.ModuleNotFoundError: No module named 'xgboost'";
const issue = (id: number, number: number) => ({
  id,
  number,
  title: `Model fails to load (${number})`,
  body: `\`\`\`\n${ERROR}\n\`\`\``,
  state: "open",
  user: { login: "someone" },
  labels: [],
  html_url: `https://github.com/SeldonIO/MLServer/issues/${number}`,
  created_at: "2026-11-20T10:00:00Z",
  updated_at: "2026-11-20T10:00:00Z",
});
const HUNGRY = new URL("./hungry-thread.ts", import.meta.url);
const CRASHING = new URL("./crashing-thread.ts", import.meta.url);
const SLOW = new URL("./slow-thread.ts", import.meta.url);

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

function databaseFile(): { database: Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "kb-worker-"));
  const file = join(dir, "kb.sqlite");
  const database = openSqliteDatabase(file);
  cleanup.push(() => {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { database, file };
}

async function serve(options: Parameters<typeof startServer>[3]) {
  const { database, file } = databaseFile();
  const logger = memoryLogger();
  const config = parseConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    GITHUB_WEBHOOK_SECRET: SECRET,
    KB_RATE_LIMIT_SEARCH: "0",
  });
  const server: RunningServer = await startServer(config, database, logger, options);
  cleanup.push(() => server.close());
  return { server, database, logger, file };
}

async function deliver(url: string, payload: unknown): Promise<number> {
  const body = JSON.stringify(payload);
  const response = await fetch(`${url}/github/webhook`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-hub-signature-256": `sha256=${await signHmacSha256(SECRET, body)}`,
    },
  });
  return response.status;
}

/** Polls search until it lists issue `number`; the time it took, or null after `withinMs`. */
async function searchableAfter(url: string, number: number, withinMs: number): Promise<number | null> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    const response = await fetch(`${url}/api/search?q=${encodeURIComponent(ERROR)}`);
    const body = (await response.json()) as { results: { issues: { number: number }[] }[] };
    if (body.results.some((r) => r.issues.some((i) => i.number === number))) return Date.now() - started;
    await new Promise((done) => setTimeout(done, 100));
  }
  return null;
}

/** Search sees a change as soon as the index step is done; the job's last step may still be running. */
async function refreshDone(database: Database, withinMs = 20_000): Promise<boolean> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (!(await isPending(database))) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return false;
}

function workerOver(entry: URL | undefined, settleMs = 20, nice?: number) {
  const { database, file } = databaseFile();
  const logger = memoryLogger();
  const search = createSearchService({ database, clock: systemClock, logger });
  const refresh: RefreshWorker = startRefreshWorker({
    database,
    file,
    logger,
    search,
    entry,
    settleMs,
    nice,
  });
  cleanup.push(() => refresh.stop());
  return { database, logger, search, refresh };
}

describe("the Node server's refresh worker", () => {
  it("makes a webhook-delivered issue searchable, refreshing in its own thread", async () => {
    const { server, database, logger, file } = await serve({ refreshWorker: { settleMs: 20 } });
    expect(await deliver(server.url, { action: "opened", issue: issue(501, 42) })).toBe(200);
    expect(await searchableAfter(server.url, 42, 20_000)).not.toBeNull();
    expect(await refreshDone(database)).toBe(true);
    // After its run the worker copied the write-ahead log into the file: the issue the HTTP thread
    // stored is in the database file itself, not only in the log (a few pages: SQLite's own
    // checkpoint, at 1,000, would not have run).
    await expect
      .poll(() => readFileSync(file).includes("Model fails to load (42)"), { timeout: 10_000 })
      .toBe(true);
    // The searches' log rows were handed to the worker, which wrote them.
    let logged = 0;
    for (let i = 0; i < 50 && logged === 0; i++) {
      logged = (await database.db.select().from(searchLog)).length;
      if (logged === 0) await new Promise((done) => setTimeout(done, 100));
    }
    expect(logged).toBeGreaterThan(0);
    const logged1 = () =>
      logger.lines.some(
        (l) =>
          l.message === "refresh invocation" && l.fields?.thread === "refresh" && l.fields?.completed === 1,
      );
    for (let i = 0; i < 100 && !logged1(); i++) await new Promise((done) => setTimeout(done, 50));
    expect(logged1()).toBe(true);
  });

  it("restarts a worker that dies mid-refresh, and the new one finishes the refresh it left pending", async () => {
    const { server, database, logger } = await serve({
      refreshWorker: { settleMs: 20, entry: CRASHING, restartDelayMs: () => 50 },
    });
    expect(await deliver(server.url, { action: "opened", issue: issue(502, 43) })).toBe(200);
    expect(await searchableAfter(server.url, 43, 30_000)).not.toBeNull();
    expect(await refreshDone(database)).toBe(true);
    const errors = logger.lines.filter((l) => l.level === "error").map((l) => l.message);
    expect(errors).toContain("refresh worker failed");
    expect(errors).toContain("refresh worker exited; restarting it");
    // The crashed run logged nothing; it had saved `extract` and stood at `link`, where the next worker
    // resumed (its line reaches this thread just after the job is marked done).
    const resumed = () =>
      logger.lines.find((l) => l.message === "refresh invocation" && l.fields?.completed === 1);
    for (let i = 0; i < 100 && !resumed(); i++) await new Promise((done) => setTimeout(done, 50));
    expect((resumed()?.fields?.steps as { step: string }[] | undefined)?.[0]?.step).toBe("link");
  });

  it("caps the worker's heap when told (KB_REFRESH_HEAP_MB): a refresh over it kills the thread, the next resumes", async () => {
    const { server, database, logger } = await serve({
      refreshWorker: { settleMs: 20, entry: HUNGRY, heapMb: 64, restartDelayMs: () => 50 },
    });
    expect(await deliver(server.url, { action: "opened", issue: issue(503, 44) })).toBe(200);
    expect(await searchableAfter(server.url, 44, 30_000)).not.toBeNull();
    expect(await refreshDone(database)).toBe(true);
    const failed = logger.lines.filter((l) => l.message === "refresh worker failed");
    expect(JSON.stringify(failed)).toContain("ERR_WORKER_OUT_OF_MEMORY");
  });

  it("makes refreshNow wait until the worker's refresh is done and the search index here has caught up", async () => {
    const { database, search, refresh } = workerOver(SLOW);
    await storeGitHubItems(
      database,
      { issues: [issue(503, 44)], comments: [] },
      systemClock.now().toISOString(),
    );
    await search.search({ text: ERROR, limit: 5 }); // the index is loaded (and stale) before the refresh
    const started = Date.now();
    const outcome = await refreshNow({ database, clock: systemClock, search, refresh }, "test");
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    expect(outcome).toMatchObject({ status: "idle", completed: 1 });
    expect(outcome.steps.map((s) => s.step)).toContain("slow");
    expect(await isPending(database)).toBe(false);
    const found = await search.search({ text: ERROR, limit: 5 });
    expect(found.results.some((r) => r.issues.some((i) => i.number === 44))).toBe(true);
  });

  it("stops after the step call in progress on shutdown, releases its lease, and answers later requests as paused", async () => {
    const { database, refresh } = workerOver(SLOW);
    await storeGitHubItems(
      database,
      { issues: [issue(504, 45)], comments: [] },
      systemClock.now().toISOString(),
    );
    const running = refresh.drain("test");
    for (let i = 0; i < 300 && (await loadRefreshState(database.db))?.stepName !== "slow"; i++)
      await new Promise((done) => setTimeout(done, 20));
    await refresh.stop();
    expect(await running).toMatchObject({ status: "idle", completed: 1 });
    expect(await isPending(database)).toBe(false);
    expect(await database.db.select().from(leases)).toEqual([]);
    expect(await refresh.drain("late")).toMatchObject({ status: "paused", stoppedBy: "stopping" });
  });

  it.runIf(process.platform === "linux")(
    "runs below the HTTP thread's priority: the refresh thread alone gets the nice value",
    async () => {
      const niceOf = (tid: number | "self") => {
        const stat = readFileSync(
          tid === "self" ? "/proc/thread-self/stat" : `/proc/self/task/${tid}/stat`,
          "utf8",
        );
        // Fields after the command's closing parenthesis start at field 3; nice is field 19.
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      };
      const before = niceOf("self");
      // Nice values stop at 19 (a suite run under `nice -n 19` cannot go lower).
      const target = Math.min(19, before + 7);
      const { logger } = workerOver(undefined, 20, target);
      let line: (typeof logger.lines)[number] | undefined;
      for (let i = 0; i < 200 && !line; i++) {
        line = logger.lines.find((l) => l.message === "refresh worker priority");
        if (!line) await new Promise((done) => setTimeout(done, 25));
      }
      expect(line?.fields?.lowered).toBe(true);
      const tid = Number(line?.fields?.tid);
      expect(tid).not.toBe(process.pid);
      expect(niceOf(tid)).toBe(target);
      expect(niceOf("self")).toBe(before);
    },
  );
});
