// Reads by id that a local or join relink (src/clustering/local-link.ts, join-link.ts) makes of what
// is stored: assignments, cluster ids, clusters, issues named by key.
import { and, eq, sql } from "drizzle-orm";
import { inJson, selectInChunks } from "../chunked.js";
import type { Db } from "../client.js";
import type { DbLimits } from "../limits.js";
import { clusters, issueEvidence, issues, signatures } from "../schema.js";
import { storedCluster } from "./cluster-plan.js";
import { issuesByCover } from "./issues-cover.js";

// An issue's stored assignment as a relink compares it, without its link evidence: its primary
// signature did not change unless its evidence was extracted again, which the caller knows.
const storedRow = {
  id: sql<number>`${issues.id}`,
  repo: sql<string>`${issues.repo}`,
  number: sql<number>`${issues.number}`,
  clusterId: sql<string | null>`${issues.clusterId}`,
  primarySignatureId: sql<string | null>`${issues.primarySignatureId}`,
  ties: sql<string>`${issues.clusterTies}`,
};

/**
 * Every member of these clusters with its stored assignment, from `issues_cluster_cover` alone: a
 * family's entries lie side by side there, where its rows (with their bodies) lie all over the file.
 */
export async function loadClusterMembers(db: Db, clusterIds: string[], limits: DbLimits) {
  return selectInChunks(clusterIds, limits, (part) =>
    db
      .select(storedRow)
      .from(sql`${issues} indexed by issues_cluster_cover`)
      .where(inJson(issues.clusterId, part)),
  );
}

/** The same by id (for issues in no cluster: a relink meets few). */
export async function loadStoredAssignments(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db.select(storedRow).from(issues).where(inJson(issues.id, part)),
  );
}

/** Signature templates by id. */
export async function loadSignatureTemplates(db: Db, ids: string[], limits: DbLimits) {
  const rows = await selectInChunks(ids, limits, (part) =>
    db
      .select({ id: signatures.id, template: signatures.template })
      .from(signatures)
      .where(inJson(signatures.id, part)),
  );
  return new Map(rows.map((r) => [r.id, r.template]));
}

/**
 * Which of these issues cannot be linked (no error line, or a pull request's), from the narrow
 * `issue_evidence_state` index (ids included) rather than each issue's evidence row.
 */
export async function loadUnclusterableOf(db: Db, ids: number[], limits: DbLimits) {
  const rows = await selectInChunks(ids, limits, (part) =>
    db
      .select({ id: sql<number>`${issueEvidence.issueId}` })
      .from(sql`${issueEvidence} indexed by issue_evidence_state`)
      .where(
        and(
          sql`${issueEvidence.dirty} in (0, 1)`,
          eq(issueEvidence.clusterable, false),
          inJson(issueEvidence.issueId, part),
        ),
      ),
  );
  return new Set(rows.map((r) => r.id));
}

/** Each issue's stored cluster. */
export async function loadClusterIdsOf(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db
      .select({ id: sql<number>`${issues.id}`, clusterId: sql<string | null>`${issues.clusterId}` })
      .from(issuesByCover)
      .where(inJson(issues.id, part)),
  );
}

/** Stored clusters by id, as the fingerprint compares them. */
export async function loadClustersByIds(db: Db, ids: string[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db.select(storedCluster).from(clusters).where(inJson(clusters.id, part)),
  );
}

/** Issue ids by their keys ("Owner/repo#N"), for the rules that name issues. */
export async function loadIssueIdsByKeys(db: Db, keys: string[], limits: DbLimits) {
  const byRepo = new Map<string, number[]>();
  for (const key of keys) {
    const at = key.lastIndexOf("#");
    const repo = key.slice(0, at);
    byRepo.set(repo, [...(byRepo.get(repo) ?? []), Number(key.slice(at + 1))]);
  }
  const out = new Map<string, number[]>();
  for (const [repo, numbers] of byRepo) {
    const rows = await selectInChunks(numbers, limits, (part) =>
      db
        .select({ id: issues.id, number: issues.number })
        .from(issues)
        .where(and(eq(issues.repo, repo), inJson(issues.number, part))),
    );
    for (const r of rows) out.set(`${repo}#${r.number}`, [...(out.get(`${repo}#${r.number}`) ?? []), r.id]);
  }
  return out;
}
