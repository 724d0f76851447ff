// What the re-cluster's link step (src/clustering/link-step.ts) reads and stages: the cached link
// evidence with each issue's stored assignment, in pages or by id, the plan it stages for the write
// step (cluster-apply.ts applies it), and the state of the last link. Every `IN (…)` list and
// multi-row write goes through the chunking helpers.
import { asc, eq, gt, sql } from "drizzle-orm";
import { chunkedStatements, inJson, jsonRowsStatements, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import {
  clusterLinkState,
  clusterPlanClusters,
  clusterPlanIssues,
  clusters,
  issueEvidence,
  issues,
} from "../schema.js";
import { issuesByCover } from "./issues-cover.js";

// What the link step reads per issue: its link evidence and its stored assignment (the ties as
// the JSON text written, compared by hash with the new ties).
const linkRow = {
  id: issues.id,
  repo: issues.repo,
  number: issues.number,
  isPullRequest: issues.isPullRequest,
  clusterId: issues.clusterId,
  primarySignatureId: issues.primarySignatureId,
  ties: sql<string>`${issues.clusterTies}`,
  link: issueEvidence.link,
  dirty: issueEvidence.dirty,
};

/** One page of what the link step reads. */
// A stored cluster as the link step's fingerprint compares it.
export const storedCluster = {
  id: clusters.id,
  template: clusters.template,
  signatureIds: clusters.signatureIds,
  issueCount: clusters.issueCount,
};

export async function loadLinkPage(db: Db, after: number, limit: number) {
  return db
    .select(linkRow)
    .from(issueEvidence)
    .innerJoin(issues, eq(issues.id, issueEvidence.issueId))
    .where(gt(issueEvidence.issueId, after))
    .orderBy(asc(issueEvidence.issueId))
    .limit(limit);
}

/** The same rows for these issues only (a local relink's affected set). */
export async function loadLinkRowsOf(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db
      .select(linkRow)
      .from(issueEvidence)
      .innerJoin(issues, eq(issues.id, issueEvidence.issueId))
      .where(inJson(issueEvidence.issueId, part)),
  );
}

/** One page of stored clusters, as the fingerprint compares them. */
export async function loadClusterPage(db: Db, after: string, limit: number) {
  return db
    .select(storedCluster)
    .from(clusters)
    .where(gt(clusters.id, after))
    .orderBy(asc(clusters.id))
    .limit(limit);
}

export function clearPlanStatements(db: Db): Statement[] {
  return [db.delete(clusterPlanIssues), db.delete(clusterPlanClusters)];
}

export type PlanIssue = typeof clusterPlanIssues.$inferSelect;
export type PlanCluster = typeof clusterPlanClusters.$inferSelect;

/** The staged assignments, as JSON rows (a relink may stage thousands; see jsonRowsStatements). */
export function insertPlanIssuesStatements(db: Db, rows: PlanIssue[], limits: DbLimits): Statement[] {
  const at = (i: number) => sql.raw(`json_extract(value, '$[${i}]')`);
  return jsonRowsStatements(
    rows,
    limits,
    (r) => [
      r.issueId,
      r.clusterId,
      r.primarySignatureId,
      JSON.stringify(r.ties),
      r.rewriteSignatures ? 1 : 0,
    ],
    (json) =>
      db
        .insert(clusterPlanIssues)
        .select(sql`select ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}, ${at(4)} from json_each(${json})`),
  );
}

export function insertPlanClustersStatements(db: Db, rows: PlanCluster[], limits: DbLimits): Statement[] {
  if (rows.length === 0) return [];
  return chunkedStatements(rows, limits, (part) => db.insert(clusterPlanClusters).values(part));
}

const LINK_STATE = "last";

/**
 * What the link step will link: how many issues (and which, by a sum of ids), rows extracted since
 * their last write, and stored assignments that cannot be a link result (a clusterable issue
 * without a cluster, an unclusterable one with one, a cluster id no cluster row has).
 * Every refresh reads it, so it reads narrow indexes only, once: the evidence through its (dirty,
 * clusterable) index and each issue's cluster through the narrow covering index (reading the wide
 * evidence rows took 150–220 ms at 100k issues, now ~30 ms); a missing cluster is a probe of the
 * cluster index per row in the same pass. (A separate count of the orphans walked issues_cluster_cover,
 * 63 MB at 100k with the queue's columns: 0.35 s of every refresh with the page cache empty, 0.23 s now.)
 */
export async function linkInputsSummary(db: Db) {
  const clusterOf = sql`${issues.clusterId}`;
  const [row] = await db
    .select({
      issues: sql<number>`count(*)`,
      idSum: sql<number>`coalesce(sum(${issueEvidence.issueId}), 0)`,
      dirty: sql<number>`coalesce(sum(${issueEvidence.dirty}), 0)`,
      mismatched: sql<number>`coalesce(sum(case
        when ${issueEvidence.dirty} = 1 then 0
        when ${issueEvidence.clusterable} = 1 and ${clusterOf} is null then 1
        when ${issueEvidence.clusterable} = 0 and ${clusterOf} is not null then 1
        else 0 end), 0)`,
      orphaned: sql<number>`coalesce(sum(${issueEvidence.dirty} = 0 and ${clusterOf} is not null
        and ${clusterOf} not in (select ${clusters.id} from ${clusters})), 0)`,
    })
    .from(sql`${issueEvidence} indexed by issue_evidence_state`)
    .innerJoin(issuesByCover, eq(issues.id, issueEvidence.issueId));
  return {
    issues: Number(row?.issues ?? 0),
    idSum: Number(row?.idSum ?? 0),
    dirty: Number(row?.dirty ?? 0),
    inconsistent: Number(row?.mismatched ?? 0) + Number(row?.orphaned ?? 0),
  };
}

export async function loadLinkState(db: Db) {
  const rows = await db.select().from(clusterLinkState).where(eq(clusterLinkState.id, LINK_STATE));
  return rows[0];
}

export function saveLinkStateStatement(
  db: Db,
  state: { inputs: string; applied: boolean; now: string; rules: string; corpus: number },
): Statement {
  const row = {
    id: LINK_STATE,
    inputs: state.inputs,
    applied: state.applied,
    linkedAt: state.now,
    rules: state.rules,
    corpus: state.corpus,
  };
  return db
    .insert(clusterLinkState)
    .values(row)
    .onConflictDoUpdate({
      target: clusterLinkState.id,
      set: {
        inputs: row.inputs,
        applied: row.applied,
        linkedAt: row.linkedAt,
        rules: row.rules,
        corpus: row.corpus,
      },
    });
}

export function markLinkAppliedStatement(db: Db): Statement {
  return db.update(clusterLinkState).set({ applied: true }).where(eq(clusterLinkState.id, LINK_STATE));
}

export async function countClusters(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(clusters);
  return Number(row?.n ?? 0);
}
