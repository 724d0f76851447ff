import type { Database } from "../db/client.js";
import { getCluster } from "../db/queries/clusters.js";
import { auditLog, type ClusterRuleRow, clusterRules } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";

export interface RuleDeps {
  database: Database;
  clock: Clock;
}

export class RuleError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "BAD_REQUEST",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Stores a curator correction as data over signatures (or issue keys) with its audit entry, in one
 * atomic group. Clustering applies every rule after mining, so the correction survives re-ingestion.
 */
async function storeRule(
  deps: RuleDeps,
  rule: Omit<ClusterRuleRow, "id" | "createdAt">,
): Promise<ClusterRuleRow> {
  const now = deps.clock.now().toISOString();
  // Time first so rules sort, and apply, in the order curators made them.
  const row: ClusterRuleRow = {
    ...rule,
    id: `rule_${now}_${crypto.randomUUID().slice(0, 8)}`,
    createdAt: now,
  };
  const { db } = deps.database;
  await deps.database.atomic([
    db.insert(clusterRules).values(row),
    db.insert(auditLog).values({
      actor: rule.createdBy,
      action: `cluster.${rule.kind}`,
      subject: row.id,
      detail: {
        reason: rule.reason,
        signatureIds: rule.signatureIds,
        issueKeys: rule.issueKeys,
        target: rule.targetClusterId,
      },
      createdAt: now,
    }),
  ]);
  return row;
}

async function clusterOrThrow(deps: RuleDeps, id: string) {
  const cluster = await getCluster(deps.database.db, id);
  if (!cluster) throw new RuleError("NOT_FOUND", `cluster ${id} does not exist`);
  return cluster;
}

/** Merges clusters into the first one named: its id stays, the others' signatures join it. */
export async function mergeClusters(
  deps: RuleDeps,
  input: { clusterIds: string[]; actor: string; reason: string },
): Promise<ClusterRuleRow> {
  const ids = [...new Set(input.clusterIds)];
  if (ids.length < 2)
    throw new RuleError("BAD_REQUEST", "clusterIds: name at least two different clusters to merge");
  const clusters = await Promise.all(ids.map((id) => clusterOrThrow(deps, id)));
  return storeRule(deps, {
    kind: "merge",
    signatureIds: [...new Set(clusters.flatMap((c) => c.signatureIds))],
    issueKeys: [],
    targetClusterId: ids[0]!,
    createdBy: input.actor,
    reason: input.reason,
  });
}

/** Moves the named issues (or every issue carrying the named signatures) out into a cluster of their own. */
export async function splitCluster(
  deps: RuleDeps,
  input: { clusterId: string; issueKeys?: string[]; signatureIds?: string[]; actor: string; reason: string },
): Promise<ClusterRuleRow> {
  const cluster = await clusterOrThrow(deps, input.clusterId);
  const issueKeys = input.issueKeys ?? [];
  const signatureIds = input.signatureIds ?? [];
  if (issueKeys.length === 0 && signatureIds.length === 0) {
    throw new RuleError("BAD_REQUEST", "name the issueKeys or signatureIds that leave the cluster");
  }
  const foreign = signatureIds.filter((id) => !cluster.signatureIds.includes(id));
  if (foreign.length > 0)
    throw new RuleError("BAD_REQUEST", `signatureIds not in cluster ${cluster.id}: ${foreign.join(", ")}`);
  return storeRule(deps, {
    kind: "split",
    signatureIds,
    issueKeys,
    targetClusterId: null,
    createdBy: input.actor,
    reason: input.reason,
  });
}
