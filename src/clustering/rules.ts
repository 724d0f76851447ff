import type { Database, Statement } from "../db/client.js";
import { getCluster, listClusterMembers } from "../db/queries/clusters.js";
import { repointEntriesStatement } from "../db/queries/entries.js";
import { deleteRuleStatement, getRule } from "../db/queries/rules.js";
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
  alongside: Statement[] = [],
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
    ...alongside,
  ]);
  return row;
}

async function clusterOrThrow(deps: RuleDeps, id: string) {
  const cluster = await getCluster(deps.database.db, id);
  if (!cluster) throw new RuleError("NOT_FOUND", `cluster ${id} does not exist`);
  return cluster;
}

/**
 * Merges clusters into the first one named: its id stays, the others' signatures and member issues
 * join it (the rule holds both, so it still applies when re-mining renames a signature), and their
 * entries follow it.
 */
export async function mergeClusters(
  deps: RuleDeps,
  input: { clusterIds: string[]; actor: string; reason: string },
): Promise<ClusterRuleRow> {
  const ids = [...new Set(input.clusterIds)];
  if (ids.length < 2)
    throw new RuleError("BAD_REQUEST", "clusterIds: name at least two different clusters to merge");
  const clusters = await Promise.all(ids.map((id) => clusterOrThrow(deps, id)));
  const members = await listClusterMembers(deps.database.db, ids);
  return storeRule(
    deps,
    {
      kind: "merge",
      signatureIds: [...new Set(clusters.flatMap((c) => c.signatureIds))],
      issueKeys: members.map((m) => `${m.repo}#${m.number}`),
      targetClusterId: ids[0]!,
      createdBy: input.actor,
      reason: input.reason,
    },
    [repointEntriesStatement(deps.database.db, ids.slice(1), ids[0]!)],
  );
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

/** Undoes a merge or split: the rule is deleted (its content kept in the audit log) and the next clustering runs without it. */
export async function undoRule(
  deps: RuleDeps,
  input: { ruleId: string; actor: string; reason: string },
): Promise<ClusterRuleRow> {
  const { db } = deps.database;
  const rule = await getRule(db, input.ruleId);
  if (!rule)
    throw new RuleError("NOT_FOUND", `rule ${input.ruleId} does not exist (it may have been undone already)`);
  await deps.database.atomic([
    deleteRuleStatement(db, rule.id),
    db.insert(auditLog).values({
      actor: input.actor,
      action: `cluster.${rule.kind}.undo`,
      subject: rule.id,
      detail: { reason: input.reason, rule },
      createdAt: deps.clock.now().toISOString(),
    }),
  ]);
  return rule;
}
