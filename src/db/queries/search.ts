import { and, asc, desc, eq, inArray, isNull, lt, ne, or, sql } from "drizzle-orm";
import { selectInChunks } from "../chunked.js";
import type { Db } from "../client.js";
import { D1_LIMITS, type DbLimits } from "../limits.js";
import { clusters, comments, entries, issueSignatures, issues, searchLog, signatures } from "../schema.js";

// Correlated on the (repo_key, issue_number) index; identical on SQLite and D1. Written with
// qualified names: drizzle leaves columns unqualified in a one-table select, and inside the
// subquery an unqualified "repo_key" is the comment's own, which matched every repo's comments of
// the same number and scanned the whole table once per issue.
export const commentStamp = sql<string>`(select count(*) || ':' || coalesce(max("c"."updated_at"), '') from "comments" as "c" where "c"."repo_key" = "issues"."repo_key" and "c"."issue_number" = "issues"."number")`;

/** The comments of the given issues, in thread order, keyed `repoKey#number`. */
export async function listThreadComments(
  db: Db,
  keys: { repoKey: string; number: number }[],
  limits: DbLimits = D1_LIMITS,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const byRepo = new Map<string, number[]>();
  for (const k of keys) byRepo.set(k.repoKey, [...(byRepo.get(k.repoKey) ?? []), k.number]);
  for (const [repoKey, numbers] of byRepo) {
    const rows = await selectInChunks(numbers, limits, (part) =>
      db
        .select({ number: comments.issueNumber, body: comments.body })
        .from(comments)
        .where(and(eq(comments.repoKey, repoKey), inArray(comments.issueNumber, part)))
        .orderBy(asc(comments.issueNumber), asc(comments.createdAt), asc(comments.id)),
    );
    for (const r of rows)
      out.set(`${repoKey}#${r.number}`, [...(out.get(`${repoKey}#${r.number}`) ?? []), r.body]);
  }
  return out;
}

const issueDocColumns = {
  id: issues.id,
  repo: issues.repo,
  repoKey: issues.repoKey,
  commentStamp,
  number: issues.number,
  title: issues.title,
  body: issues.body,
  labels: issues.labels,
  url: issues.htmlUrl,
  updatedAt: issues.updatedAt,
  clusterId: issues.clusterId,
  primarySignatureId: issues.primarySignatureId,
  isPullRequest: issues.isPullRequest,
};

export type IssueDocRow = Awaited<ReturnType<typeof listIssueDocs>>[number];

/** Issues to index: all of them, or the given ids. */
export async function listIssueDocs(db: Db, ids?: number[], limits: DbLimits = D1_LIMITS) {
  if (!ids) return db.select(issueDocColumns).from(issues).orderBy(asc(issues.id));
  return selectInChunks(ids, limits, (part) =>
    db.select(issueDocColumns).from(issues).where(inArray(issues.id, part)),
  );
}

export type IssueSignatureLink = {
  issueId: number;
  signatureId: string;
  role: "primary" | "secondary";
  sample: string;
  template: string;
};

export async function listIssueSignatureLinks(
  db: Db,
  issueIds?: number[],
  limits: DbLimits = D1_LIMITS,
): Promise<IssueSignatureLink[]> {
  const columns = {
    issueId: issueSignatures.issueId,
    signatureId: issueSignatures.signatureId,
    role: issueSignatures.role,
    sample: issueSignatures.sample,
    template: signatures.template,
  };
  const base = () =>
    db
      .select(columns)
      .from(issueSignatures)
      .innerJoin(signatures, eq(signatures.id, issueSignatures.signatureId));
  if (!issueIds) return base();
  return selectInChunks(issueIds, limits, (part) => base().where(inArray(issueSignatures.issueId, part)));
}

export async function listSignatureTemplates(db: Db) {
  return db.select({ id: signatures.id, template: signatures.template }).from(signatures);
}

export async function listClusterRows(db: Db) {
  return db.select().from(clusters);
}

/** Entries search may show: archived ones leave the index. */
export async function listEntryRows(db: Db) {
  return db.select().from(entries).where(ne(entries.state, "archived"));
}

export interface SearchLogRow {
  query: string;
  matchedSignature: string | null;
  bestScore: number | null;
  resultCount: number;
  createdAt: string;
}

/** One row, or several at once (Node's refresh worker writes the HTTP thread's rows in batches). */
export async function insertSearchLog(db: Db, rows: SearchLogRow | SearchLogRow[]): Promise<void> {
  if (Array.isArray(rows) && rows.length === 0) return;
  await db.insert(searchLog).values(rows as SearchLogRow);
}

/** Queries without a good answer, newest first: demand for the review queue. */
export async function listUnansweredSearches(db: Db, options: { belowScore: number; limit: number }) {
  return db
    .select()
    .from(searchLog)
    .where(or(isNull(searchLog.bestScore), lt(searchLog.bestScore, options.belowScore)))
    .orderBy(desc(searchLog.createdAt), desc(searchLog.id))
    .limit(options.limit);
}
