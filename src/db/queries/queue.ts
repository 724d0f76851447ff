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
import { chunkedStatements, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import {
  clusters,
  entries,
  issues,
  type QueueItemRow,
  queueBasis,
  queueItems,
  queuePending,
  searchLog,
} from "../schema.js";

// Read from `issues_cluster_cover` (a raw source: drizzle types its columns only through sql).
const memberStats = {
  clusterId: sql<string | null>`${issues.clusterId}`,
  repo: sql<string>`${issues.repo}`,
  repoKey: sql<string>`${issues.repoKey}`,
  number: sql<number>`${issues.number}`,
  labels: sql<string[]>`${issues.labels}`.mapWith(issues.labels),
  author: sql<string | null>`${issues.author}`,
  createdAt: sql<string>`${issues.createdAt}`,
  state: sql<"open" | "closed">`${issues.state}`,
  stateReason: sql<string | null>`${issues.stateReason}`,
  reactions: sql<number>`${issues.reactions}`,
  // Kept by triggers on `comments` (migration 0028): counting per member from the comments index
  // cost a random probe each, and grouping every comment once cost most of a whole re-score's CPU.
  comments: sql<number>`${issues.commentCount}`,
};

/**
 * Per member issue, what the queue score reads (no bodies: this runs over every clustered issue),
 * of every cluster or of the given ones. Migration 0015's triggers mark a cluster whenever one of
 * these columns of a member changes: a column read here must be in their list.
 */
export async function listClusteredIssueStats(db: Db, limits: DbLimits, clusterIds?: string[]) {
  // From `issues_cluster_cover` alone: a cluster's members lie side by side there (their rows, with
  // the bodies, lie all over the file).
  const byCluster = sql`${issues} indexed by issues_cluster_cover`;
  if (!clusterIds) return db.select(memberStats).from(byCluster).where(isNotNull(issues.clusterId));
  return selectInChunks(clusterIds, limits, (part) =>
    db.select(memberStats).from(byCluster).where(inArray(issues.clusterId, part)),
  );
}

export async function listQueueClusters(db: Db, limits: DbLimits, ids?: string[]) {
  const columns = {
    id: clusters.id,
    template: clusters.template,
    signatureIds: clusters.signatureIds,
    state: clusters.state,
  };
  if (!ids) return db.select(columns).from(clusters);
  return selectInChunks(ids, limits, (part) =>
    db.select(columns).from(clusters).where(inArray(clusters.id, part)),
  );
}

/** The newest creation time of a clustered issue: where "recent" counts back from. */
export async function newestClusteredIssue(db: Db): Promise<string | null> {
  // Walks the creation-time index from the newest (`+` keeps SQLite off the cluster index).
  const rows = await db
    .select({ at: issues.createdAt })
    .from(issues)
    .where(sql`+${issues.clusterId} is not null`)
    .orderBy(desc(issues.createdAt))
    .limit(1);
  return rows[0]?.at ?? null;
}

/** Clusters marked since their item was scored (migration 0015), oldest mark first. */
export async function listQueuePending(db: Db, limit: number) {
  return db
    .select({ seq: queuePending.seq, clusterId: queuePending.clusterId })
    .from(queuePending)
    .orderBy(asc(queuePending.seq))
    .limit(limit);
}

/** Clears the marks read, by `seq`: a cluster marked again meanwhile has a new `seq` and stays. */
export function clearQueuePendingStatements(db: Db, seqs: number[], limits: DbLimits): Statement[] {
  return chunkedStatements(seqs, limits, (part) =>
    db.delete(queuePending).where(inArray(queuePending.seq, part)),
  );
}

/** Clears every mark up to `seq` (a whole re-score read everything marked before it started). */
export function clearQueuePendingUpToStatement(db: Db, seq: number): Statement {
  return db.delete(queuePending).where(lte(queuePending.seq, seq));
}

export async function maxQueuePendingSeq(db: Db): Promise<number> {
  const rows = await db.select({ seq: sql<number | null>`max(${queuePending.seq})` }).from(queuePending);
  return Number(rows[0]?.seq ?? 0);
}

const BASIS_ROW = "queue";

export interface QueueBasis {
  horizon: string;
  fullAt: string;
  wholeRequested: boolean;
}

export async function loadQueueBasis(db: Db): Promise<QueueBasis | null> {
  const rows = await db
    .select({
      horizon: queueBasis.horizon,
      fullAt: queueBasis.fullAt,
      wholeRequested: queueBasis.wholeRequested,
    })
    .from(queueBasis)
    .where(eq(queueBasis.id, BASIS_ROW));
  return rows[0] ?? null;
}

/**
 * Saves what the items were scored against. A whole re-score clears the request it answered; a
 * partial one leaves the flag alone (housekeeping may set it while the re-score runs).
 */
export function saveQueueBasisStatement(
  db: Db,
  basis: { horizon: string; fullAt: string },
  whole: boolean,
): Statement {
  const set = whole ? { ...basis, wholeRequested: false } : basis;
  return db
    .insert(queueBasis)
    .values({ id: BASIS_ROW, ...basis, wholeRequested: false })
    .onConflictDoUpdate({ target: queueBasis.id, set });
}

/** Asks the next refresh to score the whole queue (see `requestWholeRescoreIfDue` in src/curation/queue.ts). */
export function requestWholeRescoreStatement(db: Db): Statement {
  return db.update(queueBasis).set({ wholeRequested: true }).where(eq(queueBasis.id, BASIS_ROW));
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

/** Stored items' fingerprints: all of them, or the items of the given clusters and every other kind. */
export async function listQueueFingerprints(db: Db, limits: DbLimits, clusterIds?: string[]) {
  const columns = { id: queueItems.id, fingerprint: queueItems.fingerprint };
  if (!clusterIds) return db.select(columns).from(queueItems);
  const others = await db.select(columns).from(queueItems).where(ne(queueItems.kind, "cluster"));
  const ids = clusterIds.map((id) => `cluster:${id}`);
  const mine = await selectInChunks(ids, limits, (part) =>
    db.select(columns).from(queueItems).where(inArray(queueItems.id, part)),
  );
  return [...others, ...mine];
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
