import { and, eq, inArray } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { comments, issues, repos, type SyncStateRow, syncState } from "../schema.js";

export type IssueInsert = typeof issues.$inferInsert & { id: number };
export type CommentInsert = typeof comments.$inferInsert & { id: number };
export type Endpoint = SyncStateRow["endpoint"];

export async function getSyncState(
  db: Db,
  repoKey: string,
  endpoint: Endpoint,
): Promise<SyncStateRow | undefined> {
  const rows = await db
    .select()
    .from(syncState)
    .where(and(eq(syncState.repoKey, repoKey), eq(syncState.endpoint, endpoint)));
  return rows[0];
}

export function saveSyncStateStatement(db: Db, row: SyncStateRow): Statement {
  return db
    .insert(syncState)
    .values(row)
    .onConflictDoUpdate({
      target: [syncState.repoKey, syncState.endpoint],
      set: { since: row.since, page: row.page, etag: row.etag, updatedAt: row.updatedAt },
    });
}

export function saveRepoStatement(db: Db, key: string, fullName: string, syncedAt: string | null): Statement {
  return db
    .insert(repos)
    .values({ key, fullName, lastSyncedAt: syncedAt })
    .onConflictDoUpdate({ target: repos.key, set: { fullName, lastSyncedAt: syncedAt } });
}

/** `updated_at` of the stored rows among `ids`: how a page's rows are told apart as new, edited or unchanged. */
export async function storedIssueVersions(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: issues.id, updatedAt: issues.updatedAt })
    .from(issues)
    .where(inArray(issues.id, ids));
  return new Map(rows.map((r) => [r.id, r.updatedAt]));
}

export async function storedCommentVersions(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: comments.id, updatedAt: comments.updatedAt })
    .from(comments)
    .where(inArray(comments.id, ids));
  return new Map(rows.map((r) => [r.id, r.updatedAt]));
}

export function upsertIssueStatement(db: Db, row: IssueInsert): Statement {
  const { id: _id, ...changes } = row;
  return db
    .insert(issues)
    .values({ ...row, needsAnalysis: true })
    .onConflictDoUpdate({ target: issues.id, set: { ...changes, needsAnalysis: true } });
}

export function upsertCommentStatement(db: Db, row: CommentInsert): Statement {
  const { id: _id, ...changes } = row;
  return db.insert(comments).values(row).onConflictDoUpdate({ target: comments.id, set: changes });
}

/** A changed comment changes what its issue says, so the issue is analysed again. */
export function markIssueChangedStatement(db: Db, repoKey: string, issueNumber: number): Statement {
  return db
    .update(issues)
    .set({ needsAnalysis: true })
    .where(and(eq(issues.repoKey, repoKey), eq(issues.number, issueNumber)));
}
