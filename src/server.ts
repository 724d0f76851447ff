import { monitorEventLoopDelay } from "node:perf_hooks";
import { type ServerType, serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { appDepsFrom } from "./app-deps.js";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import type { SqliteOptions } from "./db/node-client.js";
import { systemClock } from "./domain/clock.js";
import { createApp } from "./http/app.js";
import { createRateLimiters } from "./http/rate-limit.js";
import type { Logger } from "./logger.js";
import { scheduleQueueRescore } from "./maintenance/schedule.js";
import { backgroundTasks } from "./refresh/background.js";
import { createRefreshCoordinator, type RefreshCoordinator } from "./refresh/coordinator.js";
import {
  NODE_SETTLE_MS,
  NODE_SLICE,
  nextTick,
  nodeCoalesceDelayMs,
  nodeRuntime,
} from "./refresh/node-runtime.js";
import { type RefreshWorkerOptions, startRefreshWorker } from "./refresh/worker-client.js";
import type { SearchService } from "./search/index.js";
import { createSearchService } from "./search/index.js";

/** The socket's peer address: on Node the one client identity nobody can forge with a header. */
export function nodeClientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Tests: the refresh worker's settle time, restart backoff, or entry module. */
  refreshWorker?: Partial<
    Pick<RefreshWorkerOptions, "settleMs" | "restartDelayMs" | "entry" | "stopTimeoutMs" | "heapMb">
  >;
}

/**
 * The HTTP thread's SQLite connection: with a refresh worker, the worker checkpoints the log after
 * each run and this connection only past the backstop (node-client.ts), so a webhook's commit never
 * copies a refresh's pages on the thread that answers searches.
 */
export function httpConnectionOptions(config: Config): SqliteOptions {
  return { checkpoint: config.KB_REFRESH_WORKER === "1" ? "deferred" : "auto" };
}

/**
 * Over a SQLite file the refresh runs in a worker thread with its own connection, so clustering and
 * indexing never hold up a search; over `:memory:` (tests) there is no second connection, and it
 * runs here, yielding between slices, as it does with KB_REFRESH_WORKER=0.
 */
function nodeRefresh(
  config: Config,
  database: Database,
  logger: Logger,
  options: ServerOptions,
): { search: SearchService; refresh: RefreshCoordinator & { stop?: () => Promise<void> } } {
  if (database.file && config.KB_REFRESH_WORKER === "1") {
    const file = database.file;
    // The search log's rows go to the worker too: the HTTP thread then writes only webhooks and curation.
    const search: SearchService = createSearchService({
      database,
      clock: systemClock,
      logger,
      index: config.KB_SEARCH_INDEX,
      writeLog: (row) => refresh.writeSearchLog(row),
    });
    const refresh = startRefreshWorker({
      database,
      file,
      logger,
      search,
      nice: config.KB_REFRESH_NICE,
      heapMb: config.KB_REFRESH_HEAP_MB,
      ...options.refreshWorker,
    });
    return { search, refresh };
  }
  const search = createSearchService({ database, clock: systemClock, logger, index: config.KB_SEARCH_INDEX });
  const refresh = createRefreshCoordinator({
    database,
    clock: systemClock,
    logger,
    search,
    runtime: nodeRuntime,
    budget: NODE_SLICE,
    continueLater: nextTick,
    coalesceDelayMs: nodeCoalesceDelayMs,
    settleMs: NODE_SETTLE_MS,
  });
  return { search, refresh };
}

/** Serves the app over an open database; resolves once the port is bound. */
export function startServer(
  config: Config,
  database: Database,
  logger: Logger,
  options: ServerOptions = {},
): Promise<RunningServer> {
  const { search, refresh } = nodeRefresh(config, database, logger, options);
  const tasks = backgroundTasks(logger);
  // How long requests waited for the HTTP thread's event loop: logged once at shutdown.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // Load the persisted index (or build it) before the first query, then finish any refresh that a
  // previous process left pending (it died mid-refresh, or another process wrote without refreshing).
  tasks.defer(
    search
      .refresh()
      .catch((error: unknown) =>
        logger.warn("search index refresh failed", { error: (error as Error).message }),
      )
      .then(() => refresh.drain("start"))
      .then(() => {}),
  );
  // The review queue's whole re-score (hourly, or on another day) in a refresh of its own.
  const stopQueueRescore = scheduleQueueRescore({ database, clock: systemClock, logger }, () =>
    refresh.drain("housekeeping"),
  );
  const app = createApp(
    appDepsFrom(config, {
      database,
      clock: systemClock,
      logger,
      search,
      refresh,
      defer: tasks.defer,
      rateLimiters: createRateLimiters(config),
      clientAddress: nodeClientAddress,
    }),
  );
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      // A pasted log travels in the query string (GET /api/search?q=, up to 64 KiB): raise Node's 16 KiB header cap.
      const serverOptions = { maxHeaderSize: 256 * 1024 };
      server = serve(
        { fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions },
        (info) => {
          resolve({
            url: `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${info.port}`,
            close: async () => {
              await new Promise<void>((done) => server.close(() => done()));
              stopQueueRescore();
              // The refresh stops after its step call in progress; requests waiting on it answer "paused".
              await refresh.stop?.();
              await tasks.settled();
              loopDelay.disable();
              const ms = (ns: number) => Math.round(ns / 1e5) / 10;
              logger.info("http event loop delay", {
                p50Ms: ms(loopDelay.percentile(50)),
                p99Ms: ms(loopDelay.percentile(99)),
                maxMs: ms(loopDelay.max),
              });
            },
          });
        },
      );
      server.once("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}
