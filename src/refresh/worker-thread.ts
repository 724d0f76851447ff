import { performance } from "node:perf_hooks";
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { Database } from "../db/client.js";
import { openSqliteDatabase } from "../db/node-client.js";
import { insertSearchLog } from "../db/queries/search.js";
import { systemClock } from "../domain/clock.js";
import type { LogFields, Logger } from "../logger.js";
import { createRefreshCoordinator } from "./coordinator.js";
import { NODE_SLICE, nodeCoalesceDelayMs, REFRESH_CACHE_MB, threadRuntime } from "./node-runtime.js";
import { knowledgeSteps } from "./pipeline.js";
import { lowerThreadPriority } from "./thread-priority.js";
import type { RefreshOutcome, RefreshStep } from "./types.js";
import type { FromRefreshThread, RefreshThreadData, ToRefreshThread } from "./worker-protocol.js";

const post = (port: MessagePort, message: FromRefreshThread) => port.postMessage(message);

/** Log lines go to the HTTP thread's logger, so they land where the server's own lines do. */
function portLogger(port: MessagePort): Logger {
  const emit = (level: "info" | "warn" | "error") => (message: string, fields?: LogFields) =>
    post(port, { type: "log", level, message, fields });
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

const stopped = (id: number): FromRefreshThread => ({
  type: "drained",
  id,
  outcome: { status: "paused", completed: 0, steps: [], stoppedBy: "stopping" } satisfies RefreshOutcome,
});

/**
 * The refresh worker's side (Node): the coordinator's drain of the refresh steps over this thread's
 * own SQLite connection, so clustering and indexing never take the HTTP thread's event loop. It runs
 * what the HTTP thread asks for (`drain`), coalescing as the coordinator does, and stops after the
 * step call in progress when told to. The HTTP thread hears, as each refresh job's search-index step
 * finishes, that the persisted index moved, so its loaded index catches up without waiting for the
 * run (which goes round while writes keep arriving) to end. `steps` replaces the pipeline (tests).
 */
/** After a run, its changes already visible: the log copied into the file (slow or failed ones logged). */
function checkpointAfterRun(database: Database, logger: Logger): void {
  const started = performance.now();
  try {
    const result = database.checkpoint?.();
    const ms = Math.round(performance.now() - started);
    if (ms >= SLOW_CHECKPOINT_MS) logger.info("wal checkpoint", { ms, ...result });
  } catch (error) {
    logger.warn("wal checkpoint failed", { error: (error as Error)?.message ?? String(error) });
  }
}

const SLOW_CHECKPOINT_MS = 500;

export function serveRefreshThread(
  options: { steps?: (onIndexChanged: () => void) => RefreshStep[] } = {},
): void {
  const port = parentPort;
  if (!port) throw new Error("serveRefreshThread runs in a worker thread");
  const data = workerData as RefreshThreadData;
  // Refreshing is background work: below the HTTP thread, it takes only the CPU searches leave.
  const tid = lowerThreadPriority(data.nice);
  // This thread copies the write-ahead log back after each run, the HTTP thread's connection never
  // (both connections defer it): no commit, a refresh's or a webhook's, waits for a checkpoint.
  const database = openSqliteDatabase(data.file, {
    migrate: false,
    cacheMb: REFRESH_CACHE_MB,
    checkpoint: "deferred",
  });
  const logger = portLogger(port);
  if (data.nice > 0) logger.info("refresh worker priority", { nice: data.nice, tid, lowered: tid !== null });
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };
  let stopping = false;
  let lastRunMs = 0;
  let continuation: NodeJS.Timeout | undefined;
  const refresh = createRefreshCoordinator({
    database,
    clock: systemClock,
    logger,
    steps: (options.steps ?? ((onIndexChanged) => knowledgeSteps({ onIndexChanged })))(() =>
      post(port, { type: "index-changed" }),
    ),
    runtime: threadRuntime,
    budget: NODE_SLICE,
    owner: data.owner,
    settleMs: data.settleMs,
    coalesceDelayMs: nodeCoalesceDelayMs,
    // One job a run, then a pause as long as that run (1–5 s) before the next: under a stream of
    // webhooks the refresh takes at most about half of a core from the HTTP thread and the machine.
    jobsPerRun: 1,
    continueLater: () => {
      continuation = setTimeout(() => track(refresh.drain("continuation")), nodeCoalesceDelayMs(lastRunMs));
    },
    afterRun: (outcome) => {
      lastRunMs = outcome.steps.reduce((sum, call) => sum + call.ms, 0);
      post(port, { type: "ran", outcome });
      checkpointAfterRun(database, logger);
    },
    halted: () => stopping,
  });
  port.on("message", (message: ToRefreshThread) => {
    if (message.type === "search-log") {
      track(
        insertSearchLog(database.db, message.rows).catch((error: unknown) =>
          logger.warn("search log write failed", { error: (error as Error)?.message ?? String(error) }),
        ),
      );
      return;
    }
    if (message.type === "drain") {
      if (stopping) return post(port, stopped(message.id));
      track(
        refresh
          .drain(message.trigger, message.options)
          .then((outcome) => post(port, { type: "drained", id: message.id, outcome })),
      );
      return;
    }
    stopping = true;
    clearTimeout(continuation);
    void (async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
      database.close();
      port.close();
    })();
  });
}
