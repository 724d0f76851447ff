import { writeInBatches } from "../db/chunked.js";
import type { Database } from "../db/client.js";
import {
  clearPlanStatements,
  countClusters,
  insertPlanClustersStatements,
  insertPlanIssuesStatements,
  linkInputsSummary,
  loadClusterPage,
  loadLinkPage,
  loadLinkState,
  type PlanCluster,
  type PlanIssue,
  saveLinkStateStatement,
} from "../db/queries/cluster-plan.js";
import { listRules } from "../db/queries/clusters.js";
import { type ClusterResult, type ClusterRule, clusterEvidence } from "../domain/cluster/index.js";
import { EvidenceInterner, restoreLinkEvidence } from "../domain/evidence/compact.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import { hash64 } from "../domain/signature/hash.js";
import type { RefreshStep } from "../refresh/types.js";
import { issueKey, type ReclusterOptions } from "./recluster-options.js";

export const LINK_STEP = "link";

export interface ReclusterSummary {
  issues: number;
  changedIssues: number;
  clusters: number;
  removedClusters: number;
}

/** What the link step keeps per issue besides its evidence: the stored assignment, compact. */
interface Stored {
  ids: number[];
  keys: string[];
  cluster: (string | null)[];
  primary: (string | null)[];
  tiesHash: string[];
  dirty: boolean[];
}

/**
 * Links the whole corpus from the cached evidence (no issue text is read) and stages what changed
 * for the write step: issues whose cluster, primary signature or ties moved, or whose evidence was
 * extracted again, and clusters to upsert or remove. Linking is corpus-wide (rarity is a share of
 * the corpus), so it is one call; its memory is the evidence of every issue, interned.
 */
export function linkStep(options: ReclusterOptions = {}): RefreshStep {
  const pageSize = options.linkPage ?? 500;
  return {
    name: LINK_STEP,
    async run(ctx) {
      const { database } = ctx;
      const { db, limits } = database;
      const rules = await loadRules(database);
      const counts = await linkInputsSummary(db);
      const inputs = hash64(JSON.stringify([rules, counts.issues, counts.idSum]));
      const last = await loadLinkState(db);
      if (counts.dirty === 0 && counts.inconsistent === 0 && last?.applied && last.inputs === inputs) {
        // No evidence changed, same rules, same issues: linking again would give what is stored.
        const summary: ReclusterSummary = {
          issues: counts.issues,
          changedIssues: 0,
          clusters: await countClusters(db),
          removedClusters: 0,
        };
        await writeInBatches(database, clearPlanStatements(db));
        return { cursor: null, done: true, summary: { ...summary, skipped: true } };
      }
      const { evidence, stored, previous } = await loadEvidence(database, pageSize);
      const result = clusterEvidence(evidence, rules, previous);
      evidence.length = 0;
      const planIssues = changedAssignments(result, stored);
      const planClusters = await changedClusters(database, result, pageSize);
      await writeInBatches(database, [
        ...clearPlanStatements(db),
        saveLinkStateStatement(db, { inputs, applied: false, now: ctx.clock.now().toISOString() }),
        ...insertPlanIssuesStatements(db, planIssues, limits),
        ...insertPlanClustersStatements(db, planClusters, limits),
      ]);
      options.onSlice?.(LINK_STEP, 1);
      const summary: ReclusterSummary = {
        issues: stored.ids.length,
        changedIssues: planIssues.length,
        clusters: result.clusters.length,
        removedClusters: planClusters.filter((c) => c.remove).length,
      };
      return { cursor: null, done: true, summary: { ...summary } };
    },
  };
}

async function loadRules(database: Database): Promise<ClusterRule[]> {
  return (await listRules(database.db)).map((r) => ({
    id: r.id,
    kind: r.kind,
    signatureIds: r.signatureIds,
    issueKeys: r.issueKeys,
    targetClusterId: r.targetClusterId ?? undefined,
  }));
}

async function loadEvidence(database: Database, pageSize: number) {
  const interner = new EvidenceInterner();
  const evidence: IssueEvidence[] = [];
  const stored: Stored = { ids: [], keys: [], cluster: [], primary: [], tiesHash: [], dirty: [] };
  const previous = new Map<string, string>();
  for (let after = 0; ; ) {
    const page = await loadLinkPage(database.db, after, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      const key = issueKey(row.repo, row.number);
      evidence.push(restoreLinkEvidence(key, row.isPullRequest, row.link, interner));
      stored.ids.push(row.id);
      stored.keys.push(key);
      stored.cluster.push(row.clusterId);
      stored.primary.push(row.primarySignatureId);
      stored.tiesHash.push(hash64(row.ties));
      stored.dirty.push(row.dirty);
      if (row.clusterId) previous.set(key, row.clusterId);
    }
    after = page[page.length - 1]?.id ?? after;
  }
  return { evidence, stored, previous };
}

function changedAssignments(result: ClusterResult, stored: Stored): PlanIssue[] {
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

/** Clusters to upsert (new or changed) and to remove, comparing stored clusters a page at a time. */
async function changedClusters(database: Database, result: ClusterResult, pageSize: number) {
  const wanted = new Map(
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
  const plan: PlanCluster[] = [];
  for (let after = ""; ; ) {
    const page = await loadClusterPage(database.db, after, pageSize);
    if (page.length === 0) break;
    for (const row of page) {
      const want = wanted.get(row.id);
      if (!want) plan.push({ ...row, remove: true });
      else if (fingerprint(want) === fingerprint(row)) wanted.delete(row.id);
    }
    after = page[page.length - 1]?.id ?? after;
  }
  plan.push(...wanted.values());
  return plan;
}
