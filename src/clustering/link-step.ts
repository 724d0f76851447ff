import { writeInBatches } from "../db/chunked.js";
import type { Database } from "../db/client.js";
import {
  clearPlanStatements,
  countClusters,
  insertPlanClustersStatements,
  insertPlanIssuesStatements,
  linkInputsSummary,
  loadLinkPage,
  loadLinkState,
  saveLinkStateStatement,
} from "../db/queries/cluster-plan.js";
import { loadClustersByIds } from "../db/queries/cluster-reads.js";
import { listRules } from "../db/queries/clusters.js";
import {
  type CutRow,
  clearLinkChangesStatements,
  countClusterable,
  replaceCutPostingsStatements,
} from "../db/queries/link-inputs.js";
import { type ClusterRule, clusterEvidence } from "../domain/cluster/index.js";
import {
  LINK_VERSION,
  prefixPostings,
  rarityCorpus,
  templateIndex,
  variantBefore,
} from "../domain/cluster/link.js";
import { EvidenceInterner, restoreLinkEvidence } from "../domain/evidence/compact.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import { hash64 } from "../domain/signature/hash.js";
import type { RefreshStep } from "../refresh/types.js";
import { changedAssignments, changedClusters, diffClusters, type Stored } from "./link-plan.js";
import { type LocalLink, localLink } from "./local-link.js";
import { issueKey, type ReclusterOptions } from "./recluster-options.js";

export const LINK_STEP = "link";

export interface ReclusterSummary {
  issues: number;
  changedIssues: number;
  clusters: number;
  removedClusters: number;
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
      const linked =
        local.kind === "local" ? await planLocal(database, local) : await planFull(database, rules, pageSize);
      await writeInBatches(database, [
        ...clearPlanStatements(db),
        saveLinkStateStatement(db, {
          inputs,
          applied: false,
          now: ctx.clock.now().toISOString(),
          rules: rulesHash,
          corpus,
        }),
        ...insertPlanIssuesStatements(db, linked.planIssues, limits),
        ...insertPlanClustersStatements(db, linked.planClusters, limits),
      ]);
      options.onSlice?.(LINK_STEP, 1);
      const summary: ReclusterSummary & { linked: string; reason?: string } = {
        issues: counts.issues,
        changedIssues: linked.planIssues.length,
        clusters: local.kind === "local" ? await countClusters(db) : linked.clusters,
        removedClusters: linked.planClusters.filter((c) => c.remove).length,
        linked: local.kind === "local" ? local.linked : "all",
        ...(local.kind === "full" ? { reason: local.reason } : {}),
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
  return localLink(database, { rules: s.rules, corpus: s.corpus, maxIssues });
}

// Per issue a local relink costs about 1.5 times what the full link does (10k: 0.66 vs 0.44 ms):
// past half the corpus, linking it all is as cheap.
const LOCAL_SHARE = 0.5;

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
  const ids = [...new Set([...local.clusterIds, ...local.result.clusters.map((c) => c.id)])];
  const storedClusters = await loadClustersByIds(database.db, ids, database.limits);
  const planClusters = diffClusters(local.result, storedClusters, (id) => local.clusterIds.has(id));
  return { planIssues, planClusters, clusters: local.result.clusters.length };
}

async function planFull(database: Database, rules: ClusterRule[], pageSize: number) {
  const { evidence, stored, previous } = await loadEvidence(database, pageSize);
  const result = clusterEvidence(evidence, rules, previous);
  const cut = cutRows(evidence, stored.ids);
  evidence.length = 0;
  const planIssues = changedAssignments(result, stored);
  const planClusters = await changedClusters(database, result, pageSize);
  // The cut rows of every issue, against today's templates: the local relink reads them.
  await writeInBatches(database, replaceCutPostingsStatements(database.db, null, cut, database.limits));
  return { planIssues, planClusters, clusters: result.clusters.length };
}

/** What every issue's cut lines match, as `collectFeatures` finds it (issue = the issue's id). */
function cutRows(evidence: readonly IssueEvidence[], ids: number[]): CutRow[] {
  const spellings = new Map<string, { template: string; general: boolean }>();
  for (const ev of evidence) {
    if (!ev.clusterable) continue;
    for (const line of ev.lines)
      for (const f of line.features) {
        const prev = spellings.get(f.id);
        if (!prev || variantBefore(f, prev))
          spellings.set(f.id, { template: f.template, general: f.general });
      }
  }
  const index = templateIndex(spellings);
  const out: CutRow[] = [];
  evidence.forEach((ev, i) => {
    const best = new Map<string, CutRow>();
    for (const [featureId, p] of prefixPostings(ev, ids[i] ?? 0, index)) {
      const prev = best.get(featureId);
      if (!prev) best.set(featureId, { featureId, issueId: p.issue, quality: p.quality, lead: p.lead });
      else {
        prev.quality = Math.max(prev.quality, p.quality);
        prev.lead ||= p.lead;
      }
    }
    out.push(...best.values());
  });
  return out;
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
