import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import { applyRetention, type RetentionPolicy } from "./retention.js";

export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * `npm start`'s housekeeping: retention once at start and then daily, in this process. Failures are
 * logged and retried on the next run, never fatal. Returns a stop function for shutdown.
 */
export function scheduleRetention(
  deps: { database: Database; clock: Clock; logger: Logger },
  policy: RetentionPolicy,
  intervalMs = RETENTION_INTERVAL_MS,
): () => void {
  const run = () =>
    applyRetention(deps, policy).then(
      (report) => deps.logger.info("retention applied", { ...report }),
      (error: unknown) => deps.logger.warn("retention failed", { error: (error as Error).message }),
    );
  void run();
  const timer = setInterval(run, intervalMs);
  // Housekeeping alone must not keep the process alive.
  timer.unref?.();
  return () => clearInterval(timer);
}
