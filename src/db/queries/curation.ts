import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import {
  type ClusterCurationRow,
  clusterCuration,
  clusters,
  comments,
  issues,
  signatures,
} from "../schema.js";

// D1 binds at most 100 parameters per statement: 90 ids, or 45 (repo, number) pairs.
const IN_CHUNK = 90;
const PAIR_CHUNK = 45;

async function chunked<T, R>(items: T[], run: (part: T[]) => Promise<R[]>, size = IN_CHUNK): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await run(items.slice(i, i + size))));
  return out;
}

const issueColumns = {
  id: issues.id,
  repo: issues.repo,
  repoKey: issues.repoKey,
  number: issues.number,
  title: issues.title,
  body: issues.body,
  labels: issues.labels,
  state: issues.state,
  stateReason: issues.stateReason,
  author: issues.author,
  createdAt: issues.createdAt,
  updatedAt: issues.updatedAt,
  closedAt: issues.closedAt,
  htmlUrl: issues.htmlUrl,
  clusterId: issues.clusterId,
};

export type CuratedIssue = Awaited<ReturnType<typeof listIssuesOfClusters>>[number];

export async function listIssuesOfClusters(db: Db, clusterIds: string[]) {
  return chunked(clusterIds, (part) =>
    db
      .select(issueColumns)
      .from(issues)
      .where(inArray(issues.clusterId, part))
      .orderBy(asc(issues.repoKey), asc(issues.number)),
  );
}

/** Issues by "Owner/repo#N" keys (entries name their sources that way). */
export async function listIssuesByKeys(db: Db, keys: string[]) {
  const pairs = keys
    .map((k) => /^(.+)#(\d+)$/.exec(k))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ repoKey: (m[1] ?? "").toLowerCase(), number: Number(m[2]) }));
  return chunked(
    pairs,
    (part) =>
      db
        .select(issueColumns)
        .from(issues)
        .where(or(...part.map((p) => and(eq(issues.repoKey, p.repoKey), eq(issues.number, p.number))))),
    PAIR_CHUNK,
  );
}

export async function listCommentsOfIssues(db: Db, list: { repoKey: string; number: number }[]) {
  return chunked(
    list,
    (part) =>
      db
        .select({
          repoKey: comments.repoKey,
          issueNumber: comments.issueNumber,
          body: comments.body,
          author: comments.author,
          authorAssociation: comments.authorAssociation,
          htmlUrl: comments.htmlUrl,
          createdAt: comments.createdAt,
        })
        .from(comments)
        .where(
          or(...part.map((p) => and(eq(comments.repoKey, p.repoKey), eq(comments.issueNumber, p.number)))),
        )
        .orderBy(asc(comments.createdAt), asc(comments.id)),
    PAIR_CHUNK,
  );
}

export async function listSignatureTemplatesById(db: Db, ids: string[]) {
  return chunked(ids, (part) =>
    db
      .select({ id: signatures.id, template: signatures.template })
      .from(signatures)
      .where(inArray(signatures.id, part)),
  );
}

export async function listCuration(db: Db): Promise<ClusterCurationRow[]> {
  return db.select().from(clusterCuration);
}

export async function getCuration(db: Db, clusterId: string): Promise<ClusterCurationRow | undefined> {
  const rows = await db.select().from(clusterCuration).where(eq(clusterCuration.clusterId, clusterId));
  return rows[0];
}

export function upsertCurationStatement(db: Db, row: ClusterCurationRow): Statement {
  return db
    .insert(clusterCuration)
    .values(row)
    .onConflictDoUpdate({
      target: clusterCuration.clusterId,
      set: {
        ignoredReason: row.ignoredReason,
        snoozedUntil: row.snoozedUntil,
        updatedBy: row.updatedBy,
        updatedAt: row.updatedAt,
      },
    });
}

export function deleteCurationStatement(db: Db, clusterId: string): Statement {
  return db.delete(clusterCuration).where(eq(clusterCuration.clusterId, clusterId));
}

export function setClusterStateStatement(
  db: Db,
  clusterId: string,
  state: "new" | "reviewed" | "promoted" | "ignored",
): Statement {
  return db.update(clusters).set({ state }).where(eq(clusters.id, clusterId));
}

/** Re-applies "ignored" to clusters a re-clustering run re-created under an ignored id. */
export function reapplyIgnoredStatement(db: Db): Statement {
  return db
    .update(clusters)
    .set({ state: "ignored" })
    .where(
      and(
        sql`${clusters.state} <> 'ignored'`,
        inArray(
          clusters.id,
          db
            .select({ id: clusterCuration.clusterId })
            .from(clusterCuration)
            .where(isNotNull(clusterCuration.ignoredReason)),
        ),
      ),
    );
}
