import { writeInBatches } from "../db/chunked.js";
import type { Database } from "../db/client.js";
import {
  clearPlanStatements,
  countClusters,
  insertPlanClustersStatements,
  insertPlanIssuesStatements,
  linkInputsSummary,
  loadLinkState,
  saveLinkStateStatement,
} from "../db/queries/cluster-plan.js";
import { loadClustersByIds } from "../db/queries/cluster-reads.js";
import { listRules } from "../db/queries/clusters.js";
import { clearLinkChangesStatements, countClusterable } from "../db/queries/link-inputs.js";
import { countPostings } from "../db/queries/link-sweep.js";
import type { ClusterRule } from "../domain/cluster/index.js";
import { LINK_VERSION } from "../domain/cluster/link.js";
import { rarityCorpus } from "../domain/cluster/link-weights.js";
import { hash64 } from "../domain/signature/hash.js";
import type { RefreshStep, StepContext } from "../refresh/types.js";
import { changedAssignments, diffClusters, type Stored } from "./link-plan.js";
import { type LocalLink, localLink } from "./local-link.js";
import { pagedLinkCalls, planPaged } from "./paged-link.js";
import { issueKey, type ReclusterOptions } from "./recluster-options.js";

export const LINK_STEP = "link";

export interface ReclusterSummary {
  issues: number;
  changedIssues: number;
  clusters: number;
  removedClusters: number;
}

/**
 * Links the corpus from the cached evidence and link postings (no issue text is read) and stages
 * what changed for the write step: issues whose cluster, primary signature or ties moved, or whose
 * evidence was extracted again, and clusters to upsert or remove. After a change it relinks only
 * what the change can affect (local-link.ts); otherwise it links every issue in pages
 * (paged-link.ts), holding a few hundred bytes an issue rather than its evidence.
 */
export function linkStep(options: ReclusterOptions = {}): RefreshStep {
  const pageSize = options.linkPage ?? 1_000;
  return {
    name: LINK_STEP,
    async run(ctx, cursor) {
      const { database } = ctx;
      const { db, limits } = database;
      const rules = await loadRules(database);
      // The rules and the linking code's version: either changing makes a stored link stale.
      const rulesHash = hash64(JSON.stringify([LINK_VERSION, rules]));
      const counts = await linkInputsSummary(db);
      const inputs = hash64(JSON.stringify([rulesHash, counts.issues, counts.idSum]));
      const last = await loadLinkState(db);
      if (counts.dirty === 0 && counts.inconsistent === 0 && last?.applied && last.inputs === inputs) {
        // No evidence changed, same rules, same issues: linking again would give what is stored.
        const summary: ReclusterSummary = {
          issues: counts.issues,
          changedIssues: 0,
          clusters: await countClusters(db),
          removedClusters: 0,
        };
        await writeInBatches(database, [...clearPlanStatements(db), ...clearLinkChangesStatements(db)]);
        return { cursor: null, done: true, summary: { ...summary, skipped: true } };
      }
      const corpus = rarityCorpus(await countClusterable(db));
      const local = await tryLocal(database, options, { last, rules, rulesHash, corpus, counts });
      const paged = { rules, corpus, pageSize, sweepPage: options.sweepPage };
      if (local.kind === "full" && cursor !== DEFERRED && (await tooFewCalls(ctx, counts.issues, paged)))
        return { cursor: DEFERRED, done: false, pause: true, summary: { deferred: "too few calls left" } };
      // The plan is cleared first: a full link writes its changed assignments as it finds them.
      await writeInBatches(database, [
        ...clearPlanStatements(db),
        saveLinkStateStatement(db, {
          inputs,
          applied: false,
          now: ctx.clock.now().toISOString(),
          rules: rulesHash,
          corpus,
        }),
      ]);
      const linked =
        local.kind === "local" ? await planLocal(database, local) : await planPaged(database, paged);
      await writeInBatches(database, insertPlanClustersStatements(db, linked.planClusters, limits));
      options.onSlice?.(LINK_STEP, 1);
      const summary: ReclusterSummary & { linked: string; reason?: string } = {
        issues: counts.issues,
        changedIssues: linked.changedIssues,
        clusters: local.kind === "local" ? await countClusters(db) : linked.clusters,
        removedClusters: linked.planClusters.filter((c) => c.remove).length,
        linked: local.kind === "local" ? local.linked : "all",
        ...(local.kind === "full" ? { reason: local.reason } : {}),
        ...("figures" in linked ? { paged: linked.figures } : {}),
      };
      return { cursor: null, done: true, summary: { ...summary } };
    },
  };
}

/**
 * The local relink when the last link was applied with the same rules and rarity corpus and every
 * stored assignment is one a link could give; otherwise (and when it declines) the full link.
 */
async function tryLocal(
  database: Database,
  options: ReclusterOptions,
  s: {
    last: Awaited<ReturnType<typeof loadLinkState>>;
    rules: ClusterRule[];
    rulesHash: string;
    corpus: number;
    counts: { issues: number; inconsistent: number };
  },
): Promise<LocalLink> {
  if (options.link === "full") return { kind: "full", reason: "asked for" };
  if (!s.last?.applied) return { kind: "full", reason: "the last link was not applied" };
  if (s.last.rules !== s.rulesHash)
    return { kind: "full", reason: "the curator rules or the linking changed" };
  if (s.last.corpus !== s.corpus) return { kind: "full", reason: "the rarity corpus moved a step" };
  if (s.counts.inconsistent > 0) return { kind: "full", reason: "stored assignments need repair" };
  const maxIssues = Math.max(options.localMinIssues ?? 2_000, Math.floor(s.counts.issues * LOCAL_SHARE));
  const maxJoin = Math.max(options.localMinJoin ?? 1_000, Math.floor(s.counts.issues * JOIN_SHARE));
  return localLink(database, { rules: s.rules, corpus: s.corpus, maxIssues, maxJoin });
}

// Per issue a local relink costs about ten times what the paged full link does (10k: 0.66 ms an
// issue; the paged link 0.065 ms at 100k, 6.5 s in all): past a tenth of the corpus, linking it all
// is as cheap and holds less (a 42k-issue closure at 100k took 20 s and 456 MB of heap).
const LOCAL_SHARE = 0.1;
// The join relink past 1% of the corpus (at least 1,000 issues) declines to the closure (local-link.ts).
const JOIN_SHARE = 0.01;

/**
 * A full link runs in one call: when the calls it needs are not left in this invocation (D1: 1,000
 * an invocation, some spent on ingest or extraction before it), the step asks to be called first in
 * the next invocation (cursor DEFERRED, never deferred twice) instead of failing part way.
 */
async function tooFewCalls(ctx: StepContext, issues: number, o: { pageSize: number; sweepPage?: number }) {
  const left = ctx.budget.callsLeft();
  if (!Number.isFinite(left)) return false;
  return pagedLinkCalls(issues, await countPostings(ctx.database.db), o) > left;
}

const DEFERRED = "deferred";

async function planLocal(database: Database, local: Extract<LocalLink, { kind: "local" }>) {
  const stored: Stored = { ids: [], keys: [], cluster: [], primary: [], tiesHash: [], dirty: [] };
  for (const row of local.rows) {
    stored.ids.push(row.id);
    stored.keys.push(issueKey(row.repo, row.number));
    stored.cluster.push(row.clusterId);
    stored.primary.push(row.primarySignatureId);
    stored.tiesHash.push(hash64(row.ties));
    stored.dirty.push(row.dirty);
  }
  const planIssues = changedAssignments(local.result, stored);
  await writeInBatches(database, insertPlanIssuesStatements(database.db, planIssues, database.limits));
  const ids = [...new Set([...local.clusterIds, ...local.result.clusters.map((c) => c.id)])];
  const storedClusters = await loadClustersByIds(database.db, ids, database.limits);
  const planClusters = diffClusters(local.result, storedClusters, (id) => local.clusterIds.has(id));
  return { changedIssues: planIssues.length, planClusters, clusters: local.result.clusters.length };
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
