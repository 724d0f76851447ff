import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import type { BudgetLimits, RuntimeProbe } from "./budget.js";

/** Node shows its CPU time and heap; the budget and the invocation log use both. Node only. */
export const nodeRuntime: RuntimeProbe = {
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  heapUsedBytes: () => process.memoryUsage().heapUsed,
};

/**
 * Inside a worker thread `process.cpuUsage()` counts every thread of the process (the HTTP thread's
 * searches too), and Node 20 has no per-thread CPU clock: the thread's busy time (its event loop's
 * active time; the refresh is synchronous SQLite and CPU) stands in for it. The heap is this thread's.
 */
export const threadRuntime: RuntimeProbe = {
  cpuMs: () => performance.eventLoopUtilization().active,
  heapUsedBytes: () => getHeapStatistics().used_heap_size,
};

/** Node continues a paused refresh on the next turn of its event loop. */
export const nextTick = (work: () => void): void => {
  setImmediate(work);
};

/** Node has no platform cap, but a refresh still yields between steps after this much, as on Workers. */
export const NODE_SLICE: Partial<BudgetLimits> = { maxWallMs: 30_000, maxCpuMs: 30_000 };

/** A write waits this long for the writes that follow it: one refresh per burst, not per event. */
export const NODE_SETTLE_MS = 1_000;

/** The refresh worker's SQLite page cache (MiB): the indexes every refresh walks, at 100k issues. */
export const REFRESH_CACHE_MB = 64;

/**
 * Writes arriving during a refresh wait for one more run, started after a pause as long as the last
 * run (1–5 s), so a stream of webhooks cannot keep the refresh running back to back.
 */
export const nodeCoalesceDelayMs = (lastRunMs: number): number => Math.min(5_000, Math.max(1_000, lastRunMs));

/**
 * Linux: the refresh worker thread's default nice value (KB_REFRESH_NICE). 0, the HTTP thread's:
 * measured under the load bench, a lower priority (10) gained searches nothing once the HTTP thread
 * stopped saturating its core, and on a saturated machine it made things worse: the worker, descheduled
 * while holding SQLite's write lock, kept webhook writes waiting (132 timeouts against 0, a new issue
 * visible in 10.1 s p50 against 7.0 s, in one run).
 */
export const REFRESH_THREAD_NICE = 0;
