import type { SearchLogRow } from "../db/queries/search.js";
import type { LogFields } from "../logger.js";
import type { DrainOptions } from "./coordinator.js";
import type { RefreshOutcome } from "./types.js";

/** What the HTTP thread gives the refresh worker when it starts it (`workerData`). */
export interface RefreshThreadData {
  /** The module the thread runs (a file URL): src/refresh/worker-entry.ts, or a test's. */
  entry: string;
  /** The SQLite file the server opened; the worker opens its own connection to it. */
  file: string;
  /** The lease holder's name, the same for every worker of one server process. */
  owner: string;
  settleMs: number;
  /** Linux: the thread's nice value, so the HTTP thread wins the CPU when both want it (0: equal). */
  nice: number;
}

/** HTTP thread → refresh worker. */
export type ToRefreshThread =
  | { type: "drain"; id: number; trigger: string; options?: DrainOptions }
  /** Search log rows the HTTP thread collected: written here, so that thread never waits for the write lock. */
  | { type: "search-log"; rows: SearchLogRow[] }
  /** Finish the step call in progress, close the database, exit. */
  | { type: "stop" };

/** Refresh worker → HTTP thread. */
export type FromRefreshThread =
  | { type: "log"; level: "info" | "warn" | "error"; message: string; fields?: LogFields }
  /** The persisted search index changed (a job's search-index step finished): catch up now. */
  | { type: "index-changed" }
  /** After every run, before the `drained` of the requests it served: the search index may catch up. */
  | { type: "ran"; outcome: RefreshOutcome }
  | { type: "drained"; id: number; outcome: RefreshOutcome };
