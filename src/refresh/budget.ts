import type { CallMeter } from "../db/meter.js";
import type { Budget } from "./types.js";

export interface BudgetLimits {
  /** Database calls one invocation may make in all (D1: 1,000 paid, 50 free). */
  maxCalls: number;
  /** Calls kept back for the runner's own bookkeeping (lease, progress) after the last step call. */
  reserveCalls: number;
  /** Wall time after which no new step call starts. On Workers this also bounds CPU, which is not observable. */
  maxWallMs: number;
  /** CPU time after which no new step call starts, where the runtime shows CPU (Node). */
  maxCpuMs: number;
}

/** What the runtime lets us observe about this invocation. */
export interface RuntimeProbe {
  /** Process CPU time in ms (Node: process.cpuUsage); null where it cannot be read (Workers). */
  cpuMs(): number | null;
  /** Heap in use in bytes (Node: process.memoryUsage); null where it cannot be read (Workers). */
  heapUsedBytes(): number | null;
}

/** Workers: Date.now() only moves on I/O and neither CPU time nor heap is exposed to the isolate. */
export const opaqueRuntime: RuntimeProbe = { cpuMs: () => null, heapUsedBytes: () => null };

/** A budget measured from now: calls through the database's meter, time through `now()` and the probe. */
export function startBudget(
  meter: CallMeter,
  limits: BudgetLimits,
  runtime: RuntimeProbe = opaqueRuntime,
  now: () => number = Date.now,
): Budget {
  const startedAt = now();
  const startCalls = meter.calls;
  const startCpu = runtime.cpuMs();
  const budget: Budget = {
    callsUsed: () => meter.calls - startCalls,
    // Calls made before this budget started (an ingest earlier in the invocation) count against the cap too.
    callsLeft: () =>
      Math.max(
        0,
        Math.min(limits.maxCalls - budget.callsUsed(), meter.cap - meter.calls) - limits.reserveCalls,
      ),
    elapsedMs: () => now() - startedAt,
    cpuMs: () => {
      const cpu = runtime.cpuMs();
      return cpu === null || startCpu === null ? null : cpu - startCpu;
    },
    reason: () => {
      if (budget.callsLeft() <= 0) return "calls";
      if (budget.elapsedMs() >= limits.maxWallMs) return "wall-time";
      const cpu = budget.cpuMs();
      if (cpu !== null && cpu >= limits.maxCpuMs) return "cpu-time";
      return null;
    },
    exhausted: () => budget.reason() !== null,
  };
  return budget;
}
