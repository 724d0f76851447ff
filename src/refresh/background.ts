import type { Logger } from "../logger.js";

/**
 * Node's `deps.defer`: work that runs after the response, as `waitUntil` does on Workers. Failures
 * are logged, never unhandled, and `settled()` lets shutdown and tests wait for what is in flight.
 */
export function backgroundTasks(logger: Logger) {
  const inFlight = new Set<Promise<void>>();
  return {
    defer(work: Promise<void>): void {
      const tracked = work
        .catch((error: unknown) =>
          logger.error("background work failed", { error: (error as Error)?.message ?? String(error) }),
        )
        .finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    },
    async settled(): Promise<void> {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
