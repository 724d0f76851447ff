// The full link in bounded memory (issue 11): the same result as linking every issue's evidence at
// once (`clusterEvidence`), without holding that evidence. A Worker isolate has 128 MB; a corpus's
// evidence held at once took about 2.4 KB an issue and ran out past about 40k issues.
//
// Two passes over the database, a page at a time:
// 1. Every issue's evidence: what naming and the plan need of it (key, primary signature, stored
//    assignment, in flat arrays), and its cut rows against today's templates, written as it goes.
// 2. Every posting in feature order (own and cut rows, from the covering index): each feature is
//    linked as it completes (`StreamLinker`); features with near partners are kept for their near
//    features, linked after the sweep.
// Then groups are named and each issue's assignment is compared with the stored one, one issue at a
// time; the changed ones are written to the plan as they come, never held all at once.
import { writeInBatches } from "../db/chunked.js";
import type { Database } from "../db/client.js";
import { insertPlanIssuesStatements, loadLinkPage, type PlanIssue } from "../db/queries/cluster-plan.js";
import type { CutRow } from "../db/queries/link-inputs.js";
import {
  deleteCutRowsStatement,
  insertCutRowsStatements,
  loadPostingSweepPage,
  type SweepCursor,
} from "../db/queries/link-sweep.js";
import { nameGroups } from "../domain/cluster/cluster-issues.js";
import {
  cutPostings,
  type FeatureStats,
  type Posting,
  templateIndex,
} from "../domain/cluster/feature-stats.js";
import { applyRules, type Group } from "../domain/cluster/groups.js";
import type { ClusterRule } from "../domain/cluster/index.js";
import { issueSignatures } from "../domain/cluster/issue-signatures.js";
import { DEFAULT_LINK_PARAMS, type LinkParams } from "../domain/cluster/link-weights.js";
import { NearIndex, nearFeature } from "../domain/cluster/near-features.js";
import { StreamLinker } from "../domain/cluster/stream-link.js";
import { EvidenceInterner, restoreLinkEvidence } from "../domain/evidence/compact.js";
import type { Spelling } from "./affected-set.js";
import { changedClusters } from "./link-plan.js";
import { presentFeatures } from "./local-inputs.js";
import { digest, Issues } from "./paged-issues.js";
import { issueKey } from "./recluster-options.js";

export interface PagedLinkOptions {
  rules: ClusterRule[];
  corpus: number;
  /** Issues per evidence page. */
  pageSize: number;
  /** Postings per sweep page. */
  sweepPage?: number;
  params?: LinkParams;
}

/** What the paged link read and wrote, for the step's summary. */
export interface PagedLinkFigures {
  postings: number;
  sweepPages: number;
  linkedFeatures: number;
  nearKept: number;
  cutRows: number;
}

// Plan rows written per statement group while assignments are compared; cut rows the same.
const PLAN_CHUNK = 2_000;
const CUT_CHUNK = 5_000;
const SWEEP_PAGE = 5_000;

/**
 * About how many database calls a paged link makes: one a page of evidence, of postings and of
 * stored clusters, one a chunk of plan and cut rows (when every issue changes), a few to start.
 */
export function pagedLinkCalls(
  issues: number,
  postings: number,
  o: { pageSize: number; sweepPage?: number },
) {
  const pages = (n: number, size: number) => Math.ceil(n / size);
  return (
    pages(issues, o.pageSize) * 2 +
    pages(postings, o.sweepPage ?? SWEEP_PAGE) +
    pages(issues, PLAN_CHUNK) +
    pages(issues, CUT_CHUNK) +
    10
  );
}

/**
 * The full link's plan, linked from the database in pages. Changed assignments go to the plan as
 * they are found (`writePlan`); the clusters to upsert or remove are returned.
 */
export async function planPaged(
  database: Database,
  o: PagedLinkOptions,
  writePlan: (rows: PlanIssue[]) => Promise<void> = (rows) =>
    writeInBatches(database, insertPlanIssuesStatements(database.db, rows, database.limits)),
) {
  const present = await presentFeatures(database);
  const { issues, cutRows } = await readIssues(database, o, present);
  const rankOf = issues.inKeyOrder();
  const n = issues.keys.length;
  const keyOf = (i: number) => issues.keys[i] ?? "";
  const linker = new StreamLinker(n, keyOf, o.corpus, o.params ?? DEFAULT_LINK_PARAMS);
  const sweep = await sweepPostings(database, o, present, linker, rankOf);
  const groupsIdx = linker.finish((i) => issues.clusterable[i] === true);

  // Names and ids, as `clusterLinked` gives them.
  const at = new Map(issues.keys.map((k, i) => [k, i]));
  const index = (k: string) => at.get(k) ?? -1;
  let groups: Group[] = groupsIdx.map((g) => ({ members: new Set(g.map(keyOf)) }));
  if (o.rules.length > 0) {
    const carried = new Map(
      issues.keys.map((k, i) => [
        k,
        new Set([issues.primary[i]?.id, ...(issues.secondary[i] ?? [])].filter((x) => x !== undefined)),
      ]),
    );
    groups = applyRules(groups, o.rules, carried);
  }
  const { ids, clusters } = nameGroups(
    groups,
    (k) => issues.primary[index(k)],
    { get: (k) => linker.tiesOf(index(k)) },
    { get: (k) => issues.storedCluster[index(k)] ?? undefined },
  );
  const groupOf = new Int32Array(n).fill(-1);
  groups.forEach((g, gi) => {
    for (const k of g.members) groupOf[index(k)] = gi;
  });
  at.clear();
  groups = [];

  // Each issue's assignment against the stored one; the changed ones to the plan.
  let changed = 0;
  let batch: PlanIssue[] = [];
  for (let i = 0; i < n; i++) {
    const g = groupOf[i] ?? -1;
    const clusterId = g >= 0 ? (ids[g] ?? null) : null;
    const ties = linker
      .tiesOf(i)
      // By id, not by group: a merge into a split's cluster and that split can give two groups one id.
      .filter((t) => clusterId !== null && ids[groupOf[t.other] ?? -1] === clusterId)
      .map((t) => ({ template: t.template, weight: t.weight, other: keyOf(t.other) }));
    const primarySignatureId = issues.primary[i]?.id ?? null;
    const dirty = issues.dirty[i] === true;
    const same =
      !dirty &&
      issues.storedCluster[i] === clusterId &&
      issues.storedPrimary[i] === primarySignatureId &&
      issues.storedTies[i] === digest(JSON.stringify(ties));
    if (same) continue;
    batch.push({
      issueId: issues.ids[i] ?? 0,
      clusterId,
      primarySignatureId,
      ties,
      rewriteSignatures: dirty,
    });
    changed += 1;
    if (batch.length >= PLAN_CHUNK) {
      await writePlan(batch.sort((a, b) => a.issueId - b.issueId));
      batch = [];
    }
  }
  if (batch.length > 0) await writePlan(batch.sort((a, b) => a.issueId - b.issueId));
  const planClusters = await changedClusters(database, { clusters }, o.pageSize);
  const figures: PagedLinkFigures = { ...sweep, cutRows };
  return { changedIssues: changed, planClusters, clusters: clusters.length, figures };
}

/** Pass 1: every issue's key, signatures and stored assignment; cut rows written page by page. */
async function readIssues(database: Database, o: PagedLinkOptions, present: Map<string, Spelling>) {
  const { db, limits } = database;
  const index = templateIndex(present);
  await writeInBatches(database, [deleteCutRowsStatement(db)]);
  const issues = new Issues();
  const cut: CutRow[] = [];
  let cutRows = 0;
  for (let after = 0; ; ) {
    const page = await loadLinkPage(db, after, o.pageSize);
    if (page.length === 0) break;
    const interner = new EvidenceInterner();
    for (const row of page) {
      const key = issueKey(issues.intern(row.repo), row.number);
      const ev = restoreLinkEvidence(key, row.isPullRequest, row.link, interner);
      const sigs = issueSignatures(ev);
      issues.ids.push(row.id);
      issues.keys.push(key);
      issues.clusterable.push(ev.clusterable);
      issues.primary.push(issues.primaryOf(sigs.primary));
      issues.secondary.push(o.rules.length > 0 ? sigs.secondary.map((s) => s.id) : null);
      issues.storedCluster.push(issues.intern(row.clusterId));
      issues.storedPrimary.push(issues.intern(row.primarySignatureId));
      issues.storedTies.push(digest(row.ties));
      issues.dirty.push(row.dirty);
      for (const p of cutPostings(ev, index)) cut.push({ ...p, issueId: row.id });
    }
    if (cut.length >= CUT_CHUNK) {
      cutRows += cut.length;
      await writeInBatches(database, insertCutRowsStatements(db, cut.splice(0), limits));
    }
    after = page[page.length - 1]?.id ?? after;
  }
  cutRows += cut.length;
  await writeInBatches(database, insertCutRowsStatements(db, cut, limits));
  return { issues, cutRows };
}

/** Pass 2: every posting in feature order, each feature linked as it completes, then near features. */
async function sweepPostings(
  database: Database,
  o: PagedLinkOptions,
  present: Map<string, Spelling>,
  linker: StreamLinker,
  rankOf: (issueId: number) => number | undefined,
) {
  const near = new NearIndex(present);
  const kept = new Map<string, FeatureStats>();
  const figures = { postings: 0, sweepPages: 0, linkedFeatures: 0, nearKept: 0 };
  const flush = (featureId: string, postings: Posting[]) => {
    const spelling = present.get(featureId);
    if (!spelling || postings.length === 0) return;
    const s: FeatureStats = {
      template: spelling.template,
      spec: spelling.spec,
      general: spelling.general,
      postings,
    };
    if (near.pairsUncached(featureId).length > 0) kept.set(featureId, s);
    linker.add(featureId, s);
  };
  const sweepPage = o.sweepPage ?? SWEEP_PAGE;
  let current: { featureId: string; postings: Posting[] } | null = null;
  for (let cursor: SweepCursor | null = null; ; ) {
    const page = await loadPostingSweepPage(database.db, cursor, sweepPage);
    figures.sweepPages += 1;
    figures.postings += page.length;
    for (const r of page) {
      if (current && current.featureId !== r.featureId) {
        flush(current.featureId, current.postings);
        current = null;
      }
      current ??= { featureId: r.featureId, postings: [] };
      const issue = rankOf(r.issueId);
      if (issue !== undefined)
        current.postings.push({ issue, quality: r.quality, lead: r.lead, whole: r.whole });
    }
    const last = page[page.length - 1];
    if (!last || page.length < sweepPage) break;
    cursor = { featureId: last.featureId, issueId: last.issueId };
  }
  if (current) flush(current.featureId, current.postings);
  // Near features: the union of two worded-alike features' postings (see `nearFeatures`).
  figures.nearKept = kept.size;
  for (const featureId of [...kept.keys()].sort()) {
    const a = kept.get(featureId);
    if (!a) continue;
    for (const pair of near.pairsUncached(featureId)) {
      if (pair.a !== featureId) continue;
      const b = kept.get(pair.b);
      const made = b ? nearFeature(pair, a, b) : null;
      if (made) linker.add(made[0], made[1]);
    }
  }
  figures.linkedFeatures = linker.linkedFeatures;
  return figures;
}
