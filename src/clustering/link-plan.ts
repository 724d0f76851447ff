import type { Database } from "../db/client.js";
import { loadClusterPage, type PlanCluster, type PlanIssue } from "../db/queries/cluster-plan.js";
import type { ClusterResult, ClusterSummary } from "../domain/cluster/index.js";
import { hash64 } from "../domain/signature/hash.js";
import type { PlannedAssignment } from "./local-link.js";

/** What the link step keeps per issue besides its evidence: the stored assignment, compact. */
export interface Stored {
  ids: number[];
  keys: string[];
  cluster: (string | null)[];
  primary: (string | null)[];
  tiesHash: string[];
  dirty: boolean[];
}

export function changedAssignments(
  result: { assignments: PlannedAssignment[] },
  stored: Stored,
): PlanIssue[] {
  const at = new Map(stored.keys.map((key, i) => [key, i]));
  const plan: PlanIssue[] = [];
  for (const a of result.assignments) {
    const i = at.get(a.key);
    if (i === undefined) continue;
    const primarySignatureId = a.primary?.id ?? null;
    const dirty = stored.dirty[i] === true;
    const changed =
      dirty ||
      stored.cluster[i] !== a.clusterId ||
      stored.primary[i] !== primarySignatureId ||
      stored.tiesHash[i] !== hash64(JSON.stringify(a.ties));
    if (!changed) continue;
    plan.push({
      issueId: stored.ids[i] ?? 0,
      clusterId: a.clusterId,
      primarySignatureId,
      ties: a.ties,
      rewriteSignatures: dirty,
    });
  }
  return plan.sort((a, b) => a.issueId - b.issueId);
}

const fingerprint = (c: { template: string; signatureIds: string[]; issueCount: number }) =>
  JSON.stringify([c.template, c.signatureIds, c.issueCount]);

/** The clusters a link result asks for, by id, as the plan would write them. */
function wantedClusters(result: { clusters: ClusterSummary[] }): Map<string, PlanCluster> {
  return new Map(
    result.clusters.map((c) => [
      c.id,
      {
        id: c.id,
        remove: false,
        template: c.template,
        signatureIds: c.signatureIds,
        issueCount: c.memberKeys.length,
      },
    ]),
  );
}

type StoredCluster = { id: string; template: string; signatureIds: string[]; issueCount: number };

// Stored clusters the result no longer has are removed (when `mayRemove` accepts); those it has
// unchanged are dropped from `wanted`, which keeps only what to upsert.
function compareStored(
  wanted: Map<string, PlanCluster>,
  stored: StoredCluster[],
  plan: PlanCluster[],
  mayRemove: (id: string) => boolean = () => true,
): void {
  for (const row of stored) {
    const want = wanted.get(row.id);
    if (!want) {
      if (mayRemove(row.id)) plan.push({ ...row, remove: true });
    } else if (fingerprint(want) === fingerprint(row)) wanted.delete(row.id);
  }
}

/** Clusters to upsert or remove among `stored`; only those `mayRemove` accepts are removed. */
export function diffClusters(
  result: { clusters: ClusterSummary[] },
  stored: StoredCluster[],
  mayRemove: (id: string) => boolean,
): PlanCluster[] {
  const wanted = wantedClusters(result);
  const plan: PlanCluster[] = [];
  compareStored(wanted, stored, plan, mayRemove);
  plan.push(...wanted.values());
  return plan;
}

/** Clusters to upsert (new or changed) and to remove, comparing stored clusters a page at a time. */
export async function changedClusters(
  database: Database,
  result: Pick<ClusterResult, "clusters">,
  pageSize: number,
) {
  const wanted = wantedClusters(result);
  const plan: PlanCluster[] = [];
  for (let after = ""; ; ) {
    const page = await loadClusterPage(database.db, after, pageSize);
    if (page.length === 0) break;
    compareStored(wanted, page, plan);
    after = page[page.length - 1]?.id ?? after;
  }
  plan.push(...wanted.values());
  return plan;
}
