import { and, eq, exists, getTableColumns, inArray, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db, Statement } from "../client.js";
import { comments, deletedComments, issues, repos, type SyncStateRow, syncState } from "../schema.js";

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

/**
 * `SET col = excluded.col` for the columns ingestion writes (never the key, and never what clustering
 * owns, such as the issue's cluster): an upsert that takes GitHub's new row whole.
 */
function excludedSet(table: SQLiteTable, written: string[]) {
  const columns = getTableColumns(table);
  const set: Record<string, unknown> = {};
  for (const name of written) {
    const column = columns[name];
    if (column && name !== "id") set[name] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

/**
 * Rows per multi-row INSERT: one statement a page on SQLite, and within D1's limit of 100 bound
 * parameters a statement there. Building and preparing one statement a row cost more than the I/O.
 */
function chunk<T>(rows: T[], columns: number, maxParams: number): T[][] {
  const size = Math.max(1, Math.floor(maxParams / columns));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * GitHub's events and pages arrive in any order (webhooks are not ordered, a sync page can be older
 * than an event already applied): a stored row is replaced only by a version at least as new.
 * Timestamps compare as instants (julianday), so "…:00Z" and "…:00.000Z" are the same moment; a
 * stored value that is not a timestamp at all is replaced.
 */
export function notOlderThanStored(table: typeof issues | typeof comments) {
  return sql`julianday(excluded.updated_at) >= julianday(${table.updatedAt}) or julianday(${table.updatedAt}) is null`;
}

/** Multi-row upserts keyed on GitHub's id: the one write path for both issues and comments. */
function upsertById(
  db: Db,
  table: typeof issues | typeof comments,
  rows: object[],
  maxParams: number,
): Statement[] {
  const columns = Object.keys(getTableColumns(table)).length;
  const set = excludedSet(table, Object.keys(rows[0] ?? {}));
  return chunk(rows, columns, maxParams).map((part) =>
    db
      .insert(table)
      .values(part as never)
      .onConflictDoUpdate({ target: table.id, set, setWhere: notOlderThanStored(table) }),
  );
}

export function upsertIssueStatements(db: Db, rows: IssueInsert[], maxParams: number): Statement[] {
  const values = rows.map((row) => ({ ...row, needsAnalysis: true }));
  return upsertById(db, issues, values, maxParams);
}

export function upsertIssueStatement(db: Db, row: IssueInsert): Statement {
  return upsertIssueStatements(db, [row], Number.MAX_SAFE_INTEGER)[0]!;
}

/**
 * Comment upserts that honour deletions: a comment GitHub deleted comes back only with a version
 * newer than the one it was deleted at. The insert-then-remove runs in the caller's atomic group,
 * so no reader sees the comment in between.
 */
export function upsertCommentStatements(db: Db, rows: CommentInsert[], maxParams: number): Statement[] {
  if (rows.length === 0) return [];
  const ids = [...new Set(rows.map((r) => r.id))];
  const deletedSince = db
    .select({ id: deletedComments.id })
    .from(deletedComments)
    .where(
      and(
        eq(deletedComments.id, comments.id),
        sql`julianday(${deletedComments.updatedAt}) >= julianday(${comments.updatedAt})`,
      ),
    );
  return [
    ...upsertById(db, comments, rows, maxParams),
    ...chunk(ids, 1, maxParams - 1).map((part) =>
      db.delete(comments).where(and(inArray(comments.id, part), exists(deletedSince))),
    ),
  ];
}

/** One comment upsert without the deletion check: for seeding fixtures, not for GitHub's data. */
export function upsertCommentStatement(db: Db, row: CommentInsert): Statement {
  return upsertById(db, comments, [row], Number.MAX_SAFE_INTEGER)[0]!;
}

/** A changed comment changes what its issue says, so the issue is analysed again. */
export function markIssuesChangedStatements(
  db: Db,
  repoKey: string,
  issueNumbers: number[],
  maxParams: number,
): Statement[] {
  const unique = [...new Set(issueNumbers)];
  return chunk(unique, 1, maxParams - 1).map((part) =>
    db
      .update(issues)
      .set({ needsAnalysis: true })
      .where(and(eq(issues.repoKey, repoKey), inArray(issues.number, part))),
  );
}
