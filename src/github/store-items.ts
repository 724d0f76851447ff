import type { Database, Statement } from "../db/client.js";
import {
  markIssuesChangedStatements,
  saveRepoStatement,
  upsertCommentStatements,
  upsertIssueStatements,
} from "../db/queries/ingest.js";
import { markRefreshPendingStatement } from "../db/queries/refresh.js";
import { toCommentRows, toIssueRows } from "./to-rows.js";

/**
 * The statements that store GitHub-shaped issues and comments the way a sync page does (same row
 * mapping, same upserts), for sources other than the list endpoints: webhook events, fixtures,
 * benchmarks. Callers may add their own statements to the same atomic group.
 */
export function storeItemsStatements(
  database: Database,
  items: { issues: unknown[]; comments: unknown[] },
  now: string,
): Statement[] {
  const { db, limits } = database;
  const issueRows = toIssueRows(items.issues);
  const commentRows = toCommentRows(items.comments);
  const repoNames = new Map(issueRows.map((r) => [r.repoKey, r.repo]));
  const touched = new Map<string, number[]>();
  for (const c of commentRows) touched.set(c.repoKey, [...(touched.get(c.repoKey) ?? []), c.issueNumber]);
  return [
    ...[...repoNames].map(([key, name]) => saveRepoStatement(db, key, name, now)),
    ...upsertIssueStatements(db, issueRows, limits),
    ...upsertCommentStatements(db, commentRows, limits),
    ...[...touched].flatMap(([key, numbers]) => markIssuesChangedStatements(db, key, numbers, limits)),
    ...(issueRows.length + commentRows.length > 0 ? [markRefreshPendingStatement(db, now)] : []),
  ];
}

/** Stores GitHub-shaped issues and comments in one atomic group. */
export async function storeGitHubItems(
  database: Database,
  items: { issues: unknown[]; comments: unknown[] },
  now: string,
): Promise<void> {
  await database.atomic(storeItemsStatements(database, items, now));
}
