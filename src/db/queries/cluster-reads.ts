// Reads by id that a local or join relink (src/clustering/local-link.ts, join-link.ts) makes of what
// is stored: assignments, cluster ids, clusters, issues named by key.
import { and, eq, sql } from "drizzle-orm";
import { inJson, selectInChunks } from "../chunked.js";
import type { Db } from "../client.js";
import type { DbLimits } from "../limits.js";
import { clusters, issueEvidence, issues, signatures } from "../schema.js";
import { storedCluster } from "./cluster-plan.js";
import { issuesByCover } from "./issues-cover.js";

// What a join relink (src/clustering/join-link.ts) reads of an issue it does not relink: its stored
// assignment, without the link evidence.
export const assignmentRow = {
  id: issues.id,
  repo: issues.repo,
  number: issues.number,
  clusterId: issues.clusterId,
  primarySignatureId: issues.primarySignatureId,
  primaryTemplate: signatures.template,
  ties: sql<string>`${issues.clusterTies}`,
  dirty: issueEvidence.dirty,
};

/** Stored assignments of these issues (`by` "id"), or of every member of these clusters ("cluster"). */
export async function loadAssignmentRows(
  db: Db,
  by: "id" | "cluster",
  keys: (number | string)[],
  limits: DbLimits,
) {
  const column = by === "id" ? issues.id : issues.clusterId;
  return selectInChunks(keys, limits, (part) =>
    db
      .select(assignmentRow)
      .from(issues)
      .innerJoin(issueEvidence, eq(issueEvidence.issueId, issues.id))
      .leftJoin(signatures, eq(signatures.id, issues.primarySignatureId))
      .where(inJson(column, part)),
  );
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
