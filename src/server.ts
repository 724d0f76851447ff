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

/** Serves the app over an open database; resolves once the port is bound. */
export function startServer(config: Config, database: Database, logger: Logger): Promise<RunningServer> {
  const search = createSearchService({ database, clock: systemClock, logger });
  // Load the persisted index (or build it) and catch up with the database before the first query.
  search
    .refresh()
    .catch((error: unknown) =>
      logger.warn("search index refresh failed", { error: (error as Error).message }),
    );
  const app = createApp(
    appDepsFrom(config, {
      database,
      clock: systemClock,
      logger,
      search,
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
            close: () => new Promise((done) => server.close(() => done())),
          });
        },
      );
      server.once("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}
