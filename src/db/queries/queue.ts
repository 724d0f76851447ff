import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  or,
  sql,
} from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { clusters, comments, entries, issues, type QueueItemRow, queueItems, searchLog } from "../schema.js";

/** Per member issue, what the queue score reads (no bodies: this runs over every clustered issue). */
export async function listClusteredIssueStats(db: Db) {
  return db
    .select({
      clusterId: issues.clusterId,
      repo: issues.repo,
      repoKey: issues.repoKey,
      number: issues.number,
      labels: issues.labels,
      author: issues.author,
      createdAt: issues.createdAt,
      state: issues.state,
      stateReason: issues.stateReason,
      reactions: issues.reactions,
    })
    .from(issues)
    .where(isNotNull(issues.clusterId));
}

export async function listCommentCounts(db: Db) {
  return db
    .select({ repoKey: comments.repoKey, number: comments.issueNumber, n: sql<number>`count(*)` })
    .from(comments)
    .groupBy(comments.repoKey, comments.issueNumber);
}

export async function listQueueClusters(db: Db) {
  return db
    .select({
      id: clusters.id,
      template: clusters.template,
      signatureIds: clusters.signatureIds,
      state: clusters.state,
    })
    .from(clusters);
}

export async function listLiveEntries(db: Db) {
  return db
    .select({
      id: entries.id,
      clusterId: entries.clusterId,
      title: entries.title,
      state: entries.state,
      reviewReasons: entries.reviewReasons,
      errorSignatures: entries.errorSignatures,
      components: entries.components,
      sourceIssues: entries.sourceIssues,
    })
    .from(entries)
    .where(ne(entries.state, "archived"));
}

/** Searches that met a known signature, per signature, since a time: "searches landed on it". */
export async function countAnsweredSearches(db: Db, options: { since: string }) {
  return db
    .select({ signature: searchLog.matchedSignature, n: sql<number>`count(*)` })
    .from(searchLog)
    .where(and(gte(searchLog.createdAt, options.since), isNotNull(searchLog.matchedSignature)))
    .groupBy(searchLog.matchedSignature);
}

/**
 * Searches without a good answer since a time, newest first, bounded: no known signature met and
 * nothing scored as high as a close template (a shared word or a loose likeness is not an answer).
 */
export async function listRecentUnanswered(
  db: Db,
  options: { since: string; belowScore: number; limit: number },
) {
  return db
    .select({ query: searchLog.query, createdAt: searchLog.createdAt })
    .from(searchLog)
    .where(
      and(
        gte(searchLog.createdAt, options.since),
        isNull(searchLog.matchedSignature),
        or(isNull(searchLog.bestScore), lt(searchLog.bestScore, options.belowScore)),
      ),
    )
    .orderBy(desc(searchLog.createdAt), desc(searchLog.id))
    .limit(options.limit);
}

export async function listQueueFingerprints(db: Db) {
  return db.select({ id: queueItems.id, fingerprint: queueItems.fingerprint }).from(queueItems);
}

export function upsertQueueItemStatement(db: Db, row: QueueItemRow): Statement {
  const { id, ...rest } = row;
  return db.insert(queueItems).values(row).onConflictDoUpdate({ target: queueItems.id, set: rest });
}

export function deleteQueueItemsStatement(db: Db, ids: string[]): Statement {
  return db.delete(queueItems).where(inArray(queueItems.id, ids));
}

export interface QueueFilter {
  repo?: string;
  component?: string;
  /** new, draft, needs-review, demand, ignored, snoozed; absent: everything a curator should see now. */
  state?: string;
  now: string;
}

function filterConditions(f: QueueFilter) {
  const awake = or(isNull(queueItems.snoozedUntil), lte(queueItems.snoozedUntil, f.now));
  const state =
    f.state === "snoozed"
      ? gt(queueItems.snoozedUntil, f.now)
      : f.state === "ignored"
        ? eq(queueItems.state, "ignored")
        : f.state
          ? and(eq(queueItems.state, f.state), awake)
          : and(ne(queueItems.state, "ignored"), awake);
  // repos and components are JSON arrays of strings; a quoted match is an exact element match.
  return [
    state,
    f.repo ? like(queueItems.repos, `%${JSON.stringify(f.repo)}%`) : undefined,
    f.component ? like(queueItems.components, `%${JSON.stringify(f.component.toLowerCase())}%`) : undefined,
  ];
}

/** Highest score first, keyset-paged on (score, id). */
export async function listQueuePage(
  db: Db,
  options: QueueFilter & { limit: number; after?: { score: number; id: string } },
): Promise<QueueItemRow[]> {
  const { after } = options;
  return db
    .select()
    .from(queueItems)
    .where(
      and(
        ...filterConditions(options),
        after
          ? or(
              lt(queueItems.score, after.score),
              and(eq(queueItems.score, after.score), gt(queueItems.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(queueItems.score), asc(queueItems.id))
    .limit(options.limit);
}

export async function getQueueItem(db: Db, id: string): Promise<QueueItemRow | undefined> {
  const rows = await db.select().from(queueItems).where(eq(queueItems.id, id));
  return rows[0];
}

/** Issues per cluster created in a time range (the page's versions and sparkline read this for its items only). */
export async function listBodiesOfClusters(db: Db, clusterIds: string[]) {
  if (clusterIds.length === 0) return [];
  return db
    .select({ clusterId: issues.clusterId, body: issues.body })
    .from(issues)
    .where(inArray(issues.clusterId, clusterIds.slice(0, 90)));
}
