import { and, asc, desc, eq, gt, inArray, lt, or } from "drizzle-orm";
import type { ClusterTie } from "../../domain/cluster/types.js";
import { chunkedStatements, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import { D1_LIMITS, type DbLimits } from "../limits.js";
import { type ClusterRow, clusterRules, clusters, issueSignatures, issues, signatures } from "../schema.js";

export interface MemberIssue {
  repo: string;
  number: number;
  title: string;
  url: string;
  clusterId: string | null;
}

/** Why each member of a cluster is in it: the features it shares with which other member. */
export async function listClusterTies(
  db: Db,
  clusterId: string,
): Promise<{ repo: string; number: number; ties: ClusterTie[] }[]> {
  const rows = await db
    .select({ repo: issues.repo, repoKey: issues.repoKey, number: issues.number, ties: issues.clusterTies })
    .from(issues)
    .where(eq(issues.clusterId, clusterId))
    .orderBy(asc(issues.repoKey), asc(issues.number));
  return rows.map(({ repoKey: _, ...r }) => r);
}

/** Clusters by size then id, keyset-paged. */
export async function listClusters(
  db: Db,
  options: { limit: number; after?: { issueCount: number; id: string } },
): Promise<ClusterRow[]> {
  const { after } = options;
  return db
    .select()
    .from(clusters)
    .where(
      after
        ? or(
            lt(clusters.issueCount, after.issueCount),
            and(eq(clusters.issueCount, after.issueCount), gt(clusters.id, after.id)),
          )
        : undefined,
    )
    .orderBy(desc(clusters.issueCount), asc(clusters.id))
    .limit(options.limit);
}

export async function getCluster(db: Db, id: string): Promise<ClusterRow | undefined> {
  const rows = await db.select().from(clusters).where(eq(clusters.id, id));
  return rows[0];
}

export async function listClusterMembers(
  db: Db,
  clusterIds: string[],
  limits: DbLimits = D1_LIMITS,
): Promise<MemberIssue[]> {
  const rows = await selectInChunks(clusterIds, limits, (part) =>
    db
      .select({
        repo: issues.repo,
        repoKey: issues.repoKey,
        number: issues.number,
        title: issues.title,
        url: issues.htmlUrl,
        clusterId: issues.clusterId,
      })
      .from(issues)
      .where(inArray(issues.clusterId, part))
      .orderBy(asc(issues.repoKey), asc(issues.number)),
  );
  // Parts are each ordered; the whole list keeps the one order callers rely on.
  rows.sort((a, b) => (a.repoKey === b.repoKey ? a.number - b.number : a.repoKey < b.repoKey ? -1 : 1));
  return rows.map(({ repoKey: _, ...member }) => member);
}

/** The raw lines and masked values behind a cluster: why its members are grouped. */
export async function listClusterEvidence(db: Db, clusterId: string, limit: number) {
  return db
    .select({
      repo: issues.repo,
      number: issues.number,
      signatureId: issueSignatures.signatureId,
      template: signatures.template,
      sample: issueSignatures.sample,
      masks: issueSignatures.masks,
    })
    .from(issueSignatures)
    .innerJoin(issues, eq(issues.id, issueSignatures.issueId))
    .innerJoin(signatures, eq(signatures.id, issueSignatures.signatureId))
    .where(and(eq(issues.clusterId, clusterId), eq(issueSignatures.role, "primary")))
    .orderBy(asc(issues.repoKey), asc(issues.number))
    .limit(limit);
}

export async function listRules(db: Db) {
  return db.select().from(clusterRules).orderBy(asc(clusterRules.createdAt), asc(clusterRules.id));
}

/** Deletes clusters by id, as many statements as the limits need (D1: 100 ids a statement). */
export function deleteClustersStatements(db: Db, ids: string[], limits: DbLimits = D1_LIMITS): Statement[] {
  return chunkedStatements(ids, limits, (part) => db.delete(clusters).where(inArray(clusters.id, part)));
}
