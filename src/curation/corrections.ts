// Curator corrections to clustering: merge, split and their undo are rules that clustering applies
// after every run; ignore and snooze are the cluster's curation state. All audited.

import { mergeClusters, RuleError, splitCluster, undoRule } from "../clustering/rules.js";
import { auditStatement } from "../db/queries/audit.js";
import { getCluster, listRules } from "../db/queries/clusters.js";
import {
  deleteCurationStatement,
  getCuration,
  listIssuesOfClusters,
  setClusterStateStatement,
  upsertCurationStatement,
} from "../db/queries/curation.js";
import { listEntriesOfClusters } from "../db/queries/entries.js";
import type { ClusterRow, ClusterRuleRow } from "../db/schema.js";
import { splitClusterId } from "../domain/cluster/index.js";
import { refreshNow } from "../refresh/now.js";
import { afterCuration } from "./after-change.js";
import type { CurationDeps } from "./deps.js";
import { CurationError } from "./errors.js";
import { clusterOrThrow, keyOf } from "./evidence.js";

async function ruled<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof RuleError) throw new CurationError(error.code, error.message);
    throw error;
  }
}

async function existing(deps: CurationDeps, ids: string[]): Promise<ClusterRow[]> {
  const rows = await Promise.all(ids.map((id) => getCluster(deps.database.db, id)));
  return rows.filter((r): r is ClusterRow => r !== undefined);
}

/** Merges the named clusters into the first; answers with the cluster they became. */
export async function mergeInto(
  deps: CurationDeps,
  input: { clusterIds: string[]; reason: string; actor: string },
): Promise<{ rule: ClusterRuleRow; clusters: ClusterRow[] }> {
  const rule = await ruled(mergeClusters(deps, input));
  await refreshNow(deps, "curation");
  return { rule, clusters: await existing(deps, [rule.targetClusterId ?? ""]) };
}

/** Moves the named issues (or signatures) out of a cluster; answers with what remains and what left. */
export async function splitOut(
  deps: CurationDeps,
  input: { clusterId: string; issueKeys?: string[]; signatureIds?: string[]; reason: string; actor: string },
): Promise<{ rule: ClusterRuleRow; clusters: ClusterRow[] }> {
  const cluster = await clusterOrThrow(deps.database.db, input.clusterId);
  if (input.issueKeys && input.issueKeys.length > 0) {
    const members = new Set((await listIssuesOfClusters(deps.database.db, [cluster.id])).map(keyOf));
    const foreign = input.issueKeys.filter((k) => !members.has(k));
    if (foreign.length > 0)
      throw new CurationError("BAD_REQUEST", `issues not in cluster ${cluster.id}: ${foreign.join(", ")}`);
    if (input.issueKeys.length >= members.size)
      throw new CurationError("BAD_REQUEST", "a split must leave at least one issue in the cluster");
  }
  const rule = await ruled(splitCluster(deps, input));
  await refreshNow(deps, "curation");
  return {
    rule,
    clusters: await existing(deps, [cluster.id, splitClusterId({ ...rule, targetClusterId: undefined })]),
  };
}

export async function listCorrections(deps: CurationDeps): Promise<ClusterRuleRow[]> {
  return listRules(deps.database.db);
}

export async function undoCorrection(
  deps: CurationDeps,
  input: { ruleId: string; reason: string; actor: string },
): Promise<ClusterRuleRow> {
  const rule = await ruled(undoRule(deps, input));
  await refreshNow(deps, "curation");
  return rule;
}

async function setCuration(
  deps: CurationDeps,
  cluster: ClusterRow,
  change: { ignoredReason: string | null; snoozedUntil: string | null },
  audit: { actor: string; action: string; detail: unknown },
) {
  const { db } = deps.database;
  const now = deps.clock.now().toISOString();
  const hasEntry = (await listEntriesOfClusters(db, [cluster.id])).length > 0;
  const state = change.ignoredReason ? "ignored" : hasEntry ? "promoted" : "new";
  const clear = change.ignoredReason === null && change.snoozedUntil === null;
  await deps.database.atomic([
    clear
      ? deleteCurationStatement(db, cluster.id)
      : upsertCurationStatement(db, {
          clusterId: cluster.id,
          ...change,
          updatedBy: audit.actor,
          updatedAt: now,
        }),
    setClusterStateStatement(db, cluster.id, state),
    auditStatement(db, { ...audit, subject: cluster.id, createdAt: now }),
  ]);
  await afterCuration(deps);
  return (await getCluster(db, cluster.id)) ?? cluster;
}

/** Not a problem worth an entry (a question, a user error): leaves the queue and search, with the reason. */
export async function ignoreCluster(
  deps: CurationDeps,
  input: { clusterId: string; reason: string; actor: string },
) {
  const cluster = await clusterOrThrow(deps.database.db, input.clusterId);
  const current = await getCuration(deps.database.db, cluster.id);
  return setCuration(
    deps,
    cluster,
    { ignoredReason: input.reason, snoozedUntil: current?.snoozedUntil ?? null },
    { actor: input.actor, action: "cluster.ignore", detail: { reason: input.reason } },
  );
}

/** Out of the queue until a date (waiting for a release, for the reporter…). */
export async function snoozeCluster(
  deps: CurationDeps,
  input: { clusterId: string; until: string; reason: string; actor: string },
) {
  const cluster = await clusterOrThrow(deps.database.db, input.clusterId);
  if (input.until <= deps.clock.now().toISOString())
    throw new CurationError("BAD_REQUEST", "until: snooze until a date in the future");
  const current = await getCuration(deps.database.db, cluster.id);
  return setCuration(
    deps,
    cluster,
    { ignoredReason: current?.ignoredReason ?? null, snoozedUntil: input.until },
    { actor: input.actor, action: "cluster.snooze", detail: { until: input.until, reason: input.reason } },
  );
}

/** Undoes ignore and snooze: the cluster is back in the queue and in search. */
export async function restoreCluster(deps: CurationDeps, input: { clusterId: string; actor: string }) {
  const cluster = await clusterOrThrow(deps.database.db, input.clusterId);
  const current = await getCuration(deps.database.db, cluster.id);
  if (!current) throw new CurationError("CONFLICT", `cluster ${cluster.id} is neither ignored nor snoozed`);
  return setCuration(
    deps,
    cluster,
    { ignoredReason: null, snoozedUntil: null },
    { actor: input.actor, action: "cluster.restore", detail: { was: current } },
  );
}
