import { requestWholeRescoreIfDue } from "../curation/queue.js";
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

export const QUEUE_CHECK_INTERVAL_MS = 5 * 60 * 1000;

/**
 * `npm start`'s queue housekeeping: every few minutes, when the review queue's scores are an hour
 * old or of another day, asks for a whole re-score and starts the refresh that does it (`drain`), so
 * no webhook's refresh carries it. Failures are logged and retried next time. Returns a stop function.
 */
export function scheduleQueueRescore(
  deps: { database: Database; clock: Clock; logger: Logger },
  drain: () => Promise<unknown>,
  intervalMs = QUEUE_CHECK_INTERVAL_MS,
): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      if (await requestWholeRescoreIfDue(deps)) await drain();
    } catch (error) {
      deps.logger.warn("queue re-score request failed", { error: (error as Error).message });
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
