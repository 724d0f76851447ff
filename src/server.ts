import { type ServerType, serve } from "@hono/node-server";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import { appDepsFrom } from "./app-deps.js";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { systemClock } from "./domain/clock.js";
import { createApp } from "./http/app.js";
import { createRateLimiters } from "./http/rate-limit.js";
import type { Logger } from "./logger.js";
import { backgroundTasks } from "./refresh/background.js";
import { createRefreshCoordinator } from "./refresh/coordinator.js";
import { nextTick, nodeRuntime } from "./refresh/node-runtime.js";
import { createSearchService } from "./search/index.js";

/** The socket's peer address: on Node the one client identity nobody can forge with a header. */
export function nodeClientAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // app.request() in tests has no socket
  }
}

// Node has no platform cap, but a refresh still yields between steps after this much, as on Workers.
const NODE_SLICE = { maxWallMs: 30_000, maxCpuMs: 30_000 };

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app over an open database; resolves once the port is bound. */
export function startServer(config: Config, database: Database, logger: Logger): Promise<RunningServer> {
  const search = createSearchService({ database, clock: systemClock, logger, index: config.KB_SEARCH_INDEX });
  const tasks = backgroundTasks(logger);
  const refresh = createRefreshCoordinator({
    database,
    clock: systemClock,
    logger,
    search,
    runtime: nodeRuntime,
    budget: NODE_SLICE,
    continueLater: nextTick,
    // Webhooks arriving during a refresh wait for one more run, started after a pause as long as
    // the last run (1–5 s): the refresh never takes more than half of the event loop from searches.
    coalesceDelayMs: (lastRunMs) => Math.min(5_000, Math.max(1_000, lastRunMs)),
    // A write waits a second for the writes that follow it: one refresh per burst, not per event.
    settleMs: 1_000,
  });
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
              await tasks.settled();
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
