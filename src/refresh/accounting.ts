import type { CallMeter } from "../db/meter.js";
import type { Logger } from "../logger.js";
import type { RuntimeProbe } from "./budget.js";

export interface InvocationFigures {
  /** Database calls (queries and batches) and the statements inside them. */
  d1Calls: number;
  statements: number;
  wallMs: number;
  /** Null where the runtime does not show CPU time (Workers). */
  cpuMs: number | null;
  /** Heap in use at the end and the highest seen while sampling; null where not observable. */
  heapUsedMb: number | null;
  heapPeakMb: number | null;
}

const mb = (bytes: number | null) => (bytes === null ? null : Math.round((bytes / 2 ** 20) * 10) / 10);

/**
 * Measures one invocation (a cron run, a refresh after a webhook, a CLI ingest) and logs it as one
 * JSON line: the figures the platform limits are about.
 */
export function accountInvocation(meter: CallMeter, runtime: RuntimeProbe, sampleMs = 50) {
  const calls = meter.calls;
  const statements = meter.statements;
  const started = Date.now();
  const cpu = runtime.cpuMs();
  let peak = runtime.heapUsedBytes();
  // Only where heap is observable (Node): a sampler that never keeps the process alive.
  const timer =
    peak === null
      ? null
      : setInterval(() => {
          peak = Math.max(peak ?? 0, runtime.heapUsedBytes() ?? 0);
        }, sampleMs);
  (timer as { unref?: () => void } | null)?.unref?.();
  return {
    figures(): InvocationFigures {
      const heap = runtime.heapUsedBytes();
      if (heap !== null) peak = Math.max(peak ?? 0, heap);
      const cpuNow = runtime.cpuMs();
      return {
        d1Calls: meter.calls - calls,
        statements: meter.statements - statements,
        wallMs: Date.now() - started,
        cpuMs: cpuNow === null || cpu === null ? null : Math.round(cpuNow - cpu),
        heapUsedMb: mb(heap),
        heapPeakMb: mb(peak),
      };
    },
    /** Stops sampling and writes the one line. */
    finish(logger: Logger, message: string, fields: Record<string, unknown>): InvocationFigures {
      if (timer) clearInterval(timer);
      const figures = this.figures();
      logger.info(message, { ...fields, ...figures });
      return figures;
    },
  };
}
