import { inArray, lt } from "drizzle-orm";
import type { Db } from "../client.js";
import { deletedComments, searchLog, webhookDeliveries } from "../schema.js";

// Rows removed per statement: small enough for D1's statement limits, large enough to be quick.
const BATCH = 2000;

/**
 * Deletes rows older than `before` in batches; stops after `maxBatches` so one cron run stays
 * bounded (the next run continues). Returns how many rows went.
 */
async function pruneInBatches(
  select: () => Promise<{ id: number | string }[]>,
  remove: (ids: (number | string)[]) => Promise<unknown>,
  maxBatches: number,
): Promise<number> {
  let removed = 0;
  for (let i = 0; i < maxBatches; i++) {
    const ids = (await select()).map((r) => r.id);
    if (ids.length === 0) break;
    for (let j = 0; j < ids.length; j += 90) await remove(ids.slice(j, j + 90));
    removed += ids.length;
    if (ids.length < BATCH) break;
  }
  return removed;
}

export function pruneSearchLog(db: Db, before: string, maxBatches: number): Promise<number> {
  return pruneInBatches(
    () => db.select({ id: searchLog.id }).from(searchLog).where(lt(searchLog.createdAt, before)).limit(BATCH),
    (ids) => db.delete(searchLog).where(inArray(searchLog.id, ids as number[])),
    maxBatches,
  );
}

export function pruneWebhookDeliveries(db: Db, before: string, maxBatches: number): Promise<number> {
  return pruneInBatches(
    () =>
      db
        .select({ id: webhookDeliveries.id })
        .from(webhookDeliveries)
        .where(lt(webhookDeliveries.receivedAt, before))
        .limit(BATCH),
    (ids) => db.delete(webhookDeliveries).where(inArray(webhookDeliveries.id, ids as string[])),
    maxBatches,
  );
}

export function pruneCommentTombstones(db: Db, before: string, maxBatches: number): Promise<number> {
  return pruneInBatches(
    () =>
      db
        .select({ id: deletedComments.id })
        .from(deletedComments)
        .where(lt(deletedComments.deletedAt, before))
        .limit(BATCH),
    (ids) => db.delete(deletedComments).where(inArray(deletedComments.id, ids as number[])),
    maxBatches,
  );
}
