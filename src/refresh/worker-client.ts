import { randomUUID } from "node:crypto";
import { Worker } from "node:worker_threads";
import type { Database } from "../db/client.js";
import { KNOWLEDGE_JOB, releaseLease } from "../db/queries/refresh.js";
import { insertSearchLog, type SearchLogRow } from "../db/queries/search.js";
import type { Logger } from "../logger.js";
import type { SearchService } from "../search/index.js";
import type { DrainOptions, RefreshCoordinator } from "./coordinator.js";
import { NODE_SETTLE_MS, REFRESH_THREAD_NICE } from "./node-runtime.js";
import type { RefreshOutcome } from "./types.js";
import type { FromRefreshThread, RefreshThreadData, ToRefreshThread } from "./worker-protocol.js";

const BOOT = new URL("./worker-boot.mjs", import.meta.url);
const ENTRY = new URL("./worker-entry.ts", import.meta.url);
/** A request survives this many worker deaths (it is sent again to the next worker), then fails. */
const MAX_ATTEMPTS = 3;
/** Search log rows are handed over at most this often. */
const LOG_FLUSH_MS = 200;

export interface RefreshWorkerOptions {
  /** The server's own connection: the lease is released over it when a stuck worker is terminated. */
  database: Database;
  /** The SQLite file (`database.file`); the worker opens its own connection to it. */
  file: string;
  logger: Logger;
  /** The HTTP thread's search service: its loaded index re-reads what each refresh changed. */
  search?: SearchService;
  settleMs?: number;
  /** Wait before restarting a worker that died, given how many died in a row (default 1 s doubling to 60 s). */
  restartDelayMs?: (deaths: number) => number;
  /** Linux: the refresh thread's nice value (KB_REFRESH_NICE); 0 schedules it like the HTTP thread. */
  nice?: number;
  /** The thread's old-generation heap cap in MB (KB_REFRESH_HEAP_MB); 0 or unset: V8's default. */
  heapMb?: number;
  /** How long `stop()` waits for the step call in progress before terminating the thread. */
  stopTimeoutMs?: number;
  /** The module the thread runs (tests pass one with other steps). */
  entry?: URL;
}

export interface RefreshWorker extends RefreshCoordinator {
  /** A search's log row: collected and handed to the worker to write (here when there is no worker). */
  writeSearchLog(row: SearchLogRow): void;
  /** Lets the step call in progress finish, then ends the thread; requests still waiting answer "paused". */
  stop(): Promise<void>;
}

type Pending = { trigger: string; options?: DrainOptions; attempts: number; done(o: RefreshOutcome): void };

const outcomeOf = (status: "paused" | "failed", detail: string): RefreshOutcome =>
  status === "paused"
    ? { status, completed: 0, steps: [], stoppedBy: detail }
    : { status, completed: 0, steps: [], error: detail };

/**
 * Node's refresh coordinator for a server over a SQLite file: the refresh runs in a worker thread
 * with its own connection, and `drain` resolves when that thread's run (or the run it joined) has
 * finished and the search index here has caught up. A worker that dies is restarted with backoff;
 * the refresh marker it left pending is picked up by the next one, and waiting requests are sent again.
 */
export function startRefreshWorker(options: RefreshWorkerOptions): RefreshWorker {
  const { logger } = options;
  const owner = `node-${process.pid}-${randomUUID()}`;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let deaths = 0;
  let worker: Worker | null = null;
  let restartTimer: NodeJS.Timeout | null = null;
  let stopping: Promise<void> | null = null;
  let caughtUp: Promise<void> = Promise.resolve();
  let logRows: SearchLogRow[] = [];
  let logTimer: NodeJS.Timeout | null = null;

  const flushLog = () => {
    if (logTimer) clearTimeout(logTimer);
    logTimer = null;
    const rows = logRows;
    logRows = [];
    if (rows.length === 0) return;
    if (worker) return worker.postMessage({ type: "search-log", rows } satisfies ToRefreshThread);
    // No worker (restarting, or stopped): write them here rather than lose them.
    insertSearchLog(options.database.db, rows).catch((error: unknown) =>
      logger.warn("search log write failed", { error: (error as Error)?.message ?? String(error) }),
    );
  };

  const send = (id: number, p: Pending) =>
    worker?.postMessage({
      type: "drain",
      id,
      trigger: p.trigger,
      options: p.options,
    } satisfies ToRefreshThread);

  const request = (trigger: string, drainOptions?: DrainOptions): Promise<RefreshOutcome> => {
    if (stopping) return Promise.resolve(outcomeOf("paused", "stopping"));
    return new Promise((done) => {
      const id = nextId++;
      const p: Pending = { trigger, options: drainOptions, attempts: 0, done };
      pending.set(id, p);
      send(id, p);
    });
  };

  // Catch-ups run one after another; a `drained` answers once those before it are done.
  const catchUp = () => {
    const search = options.search;
    if (!search) return;
    caughtUp = caughtUp
      .then(() => search.catchUp())
      .catch((error: unknown) =>
        logger.warn("search index catch-up failed", { error: (error as Error)?.message ?? String(error) }),
      );
  };

  const onMessage = (message: FromRefreshThread) => {
    if (message.type === "log")
      return logger[message.level](message.message, { ...message.fields, thread: "refresh" });
    if (message.type === "index-changed") return catchUp();
    if (message.type === "ran") {
      if (message.outcome.steps.length > 0) catchUp();
      return;
    }
    const p = pending.get(message.id);
    pending.delete(message.id);
    deaths = 0;
    void caughtUp.then(() => p?.done(message.outcome));
  };

  const onExit = (exited: Worker, code: number) => {
    if (worker !== exited) return;
    worker = null;
    if (stopping) return;
    deaths += 1;
    const delay = options.restartDelayMs?.(deaths) ?? Math.min(60_000, 1_000 * 2 ** (deaths - 1));
    for (const [id, p] of pending) {
      p.attempts += 1;
      if (p.attempts < MAX_ATTEMPTS) continue;
      pending.delete(id);
      p.done(outcomeOf("failed", `the refresh worker exited ${p.attempts} times during this refresh`));
    }
    logger.error("refresh worker exited; restarting it", { code, restartInMs: delay, waiting: pending.size });
    restartTimer = setTimeout(() => {
      restartTimer = null;
      spawn();
      // The run that died left the marker pending (and its step and cursor saved): finish it.
      void request("restart");
    }, delay);
  };

  const spawn = () => {
    const workerData: RefreshThreadData = {
      entry: (options.entry ?? ENTRY).href,
      file: options.file,
      owner,
      settleMs: options.settleMs ?? NODE_SETTLE_MS,
      nice: options.nice ?? REFRESH_THREAD_NICE,
    };
    const started = new Worker(BOOT, {
      workerData,
      name: "refresh",
      ...(options.heapMb ? { resourceLimits: { maxOldGenerationSizeMb: options.heapMb } } : {}),
    });
    worker = started;
    started.on("message", onMessage);
    started.on("error", (error) =>
      logger.error("refresh worker failed", {
        error: error.message,
        code: (error as NodeJS.ErrnoException).code,
        stack: error.stack?.slice(0, 2000),
      }),
    );
    started.on("exit", (code) => onExit(started, code));
    for (const [id, p] of pending) send(id, p);
  };

  const stop = async () => {
    if (restartTimer) clearTimeout(restartTimer);
    flushLog();
    const running = worker;
    if (running) {
      const exited = new Promise<void>((done) => running.once("exit", () => done()));
      running.postMessage({ type: "stop" } satisfies ToRefreshThread);
      const timeout = new Promise<"timeout">((done) =>
        setTimeout(() => done("timeout"), options.stopTimeoutMs ?? 20_000).unref(),
      );
      if ((await Promise.race([exited, timeout])) === "timeout") {
        logger.warn("refresh worker did not stop in time; terminating it");
        await running.terminate();
        // Nobody else holds this owner's lease: free it so the next process need not wait for it to expire.
        await releaseLease(options.database.db, `refresh:${KNOWLEDGE_JOB}`, owner).catch(() => {});
      }
    }
    for (const p of pending.values()) p.done(outcomeOf("paused", "stopping"));
    pending.clear();
    await caughtUp;
  };

  spawn();
  return {
    drain: request,
    writeSearchLog(row) {
      logRows.push(row);
      logTimer ??= setTimeout(flushLog, LOG_FLUSH_MS);
    },
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
