import type { Database } from "../db/client.js";
import { pruneCommentTombstones, pruneSearchLog, pruneWebhookDeliveries } from "../db/queries/retention.js";
import type { Clock } from "../domain/clock.js";

export interface RetentionPolicy {
  /** KB_SEARCH_LOG_RETENTION_DAYS. */
  searchLogDays: number;
  /** GitHub lets a delivery be redelivered for 3 days; a week of ids covers it with room. */
  webhookDeliveryDays?: number;
  /** Late events for a deleted comment come within minutes; a month is generous. */
  commentTombstoneDays?: number;
  /** Bound on one run's work (batches of 2,000 rows per table); the next run continues. */
  maxBatches?: number;
}

export interface RetentionReport {
  searchLog: number;
  webhookDeliveries: number;
  commentTombstones: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** ISO instant `days` before now: rows stamped earlier are past their retention. */
export function cutoff(clock: Clock, days: number): string {
  return new Date(clock.now().getTime() - days * DAY_MS).toISOString();
}

/** Deletes what is past its retention: old search queries, delivery ids and comment tombstones. */
export async function applyRetention(
  deps: { database: Database; clock: Clock },
  policy: RetentionPolicy,
): Promise<RetentionReport> {
  const { db } = deps.database;
  const maxBatches = policy.maxBatches ?? 50;
  return {
    searchLog: await pruneSearchLog(db, cutoff(deps.clock, policy.searchLogDays), maxBatches),
    webhookDeliveries: await pruneWebhookDeliveries(
      db,
      cutoff(deps.clock, policy.webhookDeliveryDays ?? 7),
      maxBatches,
    ),
    commentTombstones: await pruneCommentTombstones(
      db,
      cutoff(deps.clock, policy.commentTombstoneDays ?? 30),
      maxBatches,
    ),
  };
}
