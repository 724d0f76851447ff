// What the re-cluster's write step (src/clustering/write-step.ts) reads and writes: the plan the
// link step staged, applied in a few statements, the signature rows of the issues whose primary or
// evidence moved, and the clusters to upsert. Every `IN (…)` list and multi-row write goes through
// the chunking helpers.
import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import { chunkedStatements, inJson, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import {
  clusterPlanClusters,
  clusterPlanIssues,
  clusters,
  issueEvidence,
  issueSignatures,
  issues,
  signatures,
} from "../schema.js";
import type { PlanCluster } from "./cluster-plan.js";

/** The next `limit` staged issues after `after`: which they are, and whose signatures are rewritten. */
export async function loadPlanIssues(db: Db, after: number, limit: number) {
  return db
    .select({ issueId: clusterPlanIssues.issueId, rewriteSignatures: clusterPlanIssues.rewriteSignatures })
    .from(clusterPlanIssues)
    .where(gt(clusterPlanIssues.issueId, after))
    .orderBy(asc(clusterPlanIssues.issueId))
    .limit(limit);
}

export async function loadPlanClusters(db: Db, remove: boolean, after: string, limit: number) {
  return db
    .select()
    .from(clusterPlanClusters)
    .where(and(eq(clusterPlanClusters.remove, remove), gt(clusterPlanClusters.id, after)))
    .orderBy(asc(clusterPlanClusters.id))
    .limit(limit);
}

/** Whole evidence rows (both parts) of the issues whose signatures are written again. */
export async function loadEvidenceRows(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db
      .select({
        id: issues.id,
        repo: issues.repo,
        number: issues.number,
        isPullRequest: issues.isPullRequest,
        link: issueEvidence.link,
        detail: issueEvidence.detail,
      })
      .from(issueEvidence)
      .innerJoin(issues, eq(issues.id, issueEvidence.issueId))
      .where(inJson(issueEvidence.issueId, part)),
  );
}

/**
 * Applies each staged issue's cluster, primary signature and ties (its change flag is the extract
 * step's). Applies the staged assignments of issues in (after, last] in one statement, copied from the plan
 * in the database: a relink that moves thousands of issues sends a few statements, not one each.
 */
export function applyAssignmentsStatement(db: Db, after: number, last: number): Statement {
  return db
    .update(issues)
    .set({
      clusterId: sql`${clusterPlanIssues.clusterId}`,
      primarySignatureId: sql`${clusterPlanIssues.primarySignatureId}`,
      clusterTies: sql`${clusterPlanIssues.ties}`,
    })
    .from(clusterPlanIssues)
    .where(
      and(
        eq(issues.id, clusterPlanIssues.issueId),
        gt(clusterPlanIssues.issueId, after),
        lte(clusterPlanIssues.issueId, last),
      ),
    );
}

export type SignatureLink = typeof issueSignatures.$inferInsert;

/** Replaces the signature rows of these issues with `rows` (which may name only some of them). */
export function replaceSignatureLinksStatements(
  db: Db,
  issueIds: number[],
  rows: SignatureLink[],
  limits: DbLimits,
): Statement[] {
  return [
    ...chunkedStatements(issueIds, limits, (part) =>
      db.delete(issueSignatures).where(inArray(issueSignatures.issueId, part)),
    ),
    ...(rows.length === 0
      ? []
      : chunkedStatements(rows, limits, (part) =>
          db.insert(issueSignatures).values(part).onConflictDoNothing(),
        )),
  ];
}

export function upsertSignaturesStatements(
  db: Db,
  rows: { id: string; template: string; createdAt: string }[],
  limits: DbLimits,
): Statement[] {
  if (rows.length === 0) return [];
  return chunkedStatements(rows, limits, (part) =>
    db
      .insert(signatures)
      .values(part)
      .onConflictDoUpdate({ target: signatures.id, set: { template: sql.raw("excluded.template") } }),
  );
}

export function markEvidenceWrittenStatements(db: Db, ids: number[], limits: DbLimits): Statement[] {
  return chunkedStatements(ids, limits, (part) =>
    db.update(issueEvidence).set({ dirty: false }).where(inArray(issueEvidence.issueId, part)),
  );
}

export function upsertClustersStatements(
  db: Db,
  rows: PlanCluster[],
  now: string,
  limits: DbLimits,
): Statement[] {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({
    id: r.id,
    template: r.template,
    signatureIds: r.signatureIds,
    issueCount: r.issueCount ?? 0,
    createdAt: now,
    updatedAt: now,
  }));
  return chunkedStatements(values, limits, (part) =>
    db
      .insert(clusters)
      .values(part)
      .onConflictDoUpdate({
        target: clusters.id,
        set: {
          template: sql.raw("excluded.template"),
          signatureIds: sql.raw("excluded.signature_ids"),
          issueCount: sql.raw("excluded.issue_count"),
          updatedAt: sql.raw("excluded.updated_at"),
        },
      }),
  );
}
