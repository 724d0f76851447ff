import { and, eq, sql } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { comments, deletedComments, webhookDeliveries } from "../schema.js";

/** True when this X-GitHub-Delivery id was applied before. */
export async function deliverySeen(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.id, id));
  return rows.length > 0;
}

/** Remembers a delivery; written in the same atomic group as its changes, so only applied ones count. */
export function recordDeliveryStatement(
  db: Db,
  delivery: { id: string; event: string; receivedAt: string },
): Statement {
  return db.insert(webhookDeliveries).values(delivery).onConflictDoNothing();
}

/**
 * A comment deleted on GitHub, as of `updatedAt` (its last edit GitHub reported in the event):
 * removes the stored comment unless the stored one is newer, and leaves a tombstone so an older
 * create or edit arriving later cannot bring it back.
 */
export function deleteCommentStatements(
  db: Db,
  comment: { id: number; updatedAt: string; deletedAt: string },
): Statement[] {
  return [
    db
      .delete(comments)
      .where(
        and(
          eq(comments.id, comment.id),
          sql`(julianday(${comments.updatedAt}) <= julianday(${comment.updatedAt}) or julianday(${comments.updatedAt}) is null)`,
        ),
      ),
    db
      .insert(deletedComments)
      .values(comment)
      .onConflictDoUpdate({
        target: deletedComments.id,
        set: { updatedAt: comment.updatedAt, deletedAt: comment.deletedAt },
        setWhere: sql`julianday(excluded.updated_at) > julianday(${deletedComments.updatedAt})`,
      }),
  ];
}
