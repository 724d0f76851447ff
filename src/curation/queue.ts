// The review queue: every cluster without a published entry, every error people searched for and
// found nothing, every published entry that went stale, scored so the most impact comes first.
// Scored after each refresh and curator action and stored, so reading a page is one indexed query.
import type { Statement } from "../db/client.js";
import { listCuration } from "../db/queries/curation.js";
import {
  clearQueuePendingStatements,
  clearQueuePendingUpToStatement,
  countAnsweredSearches,
  deleteQueueItemsStatement,
  listClusteredIssueStats,
  listLiveEntries,
  listQueueClusters,
  listQueueFingerprints,
  listQueuePending,
  listRecentUnanswered,
  loadQueueBasis,
  maxQueuePendingSeq,
  newestClusteredIssue,
  requestWholeRescoreStatement,
  saveQueueBasisStatement,
  upsertQueueItemStatement,
} from "../db/queries/queue.js";
import { markRefreshPendingStatement } from "../db/queries/refresh.js";
import type { QueueItemRow } from "../db/schema.js";
import {
  groupDemand,
  type MemberStats,
  monthlyActivity,
  scoreCluster,
  scoreDemand,
  scoreStaleEntry,
} from "../domain/curation/index.js";
import { componentsOf, readableTitle } from "../domain/entry/index.js";
import { signatureId } from "../domain/signature/index.js";
import type { CurationDeps } from "./deps.js";

const DAY = 86_400_000;
// A search that met no known signature and whose best result scored below this found nothing good:
// signature hits score 1, close templates up to 0.85, full-text likeness at most about 0.8.
export const GOOD_ANSWER = 0.85;
const DEMAND_DAYS = 90;
const MAX_DEMAND_ROWS = 20_000;
const CHUNK = 200;

type Item = Omit<QueueItemRow, "fingerprint">;

interface Member extends MemberStats {
  repo: string;
  labels: string[];
}

/**
 * The day "recent" counts back from: the end of the UTC day of the newest clustered issue (of today
 * when that is later, or there is none). The same as now on a live mirror to within a day, still
 * meaningful on a mirror that stopped syncing (or the demo's fixed corpus), and it moves once a day,
 * so between moves a change re-scores only the clusters it touched.
 */
export function queueHorizon(newest: string | null, now: Date): Date {
  const at = newest ? Math.min(Date.parse(newest), now.getTime()) : now.getTime();
  const t = Number.isNaN(at) ? now.getTime() : at;
  return new Date(Math.floor(t / DAY) * DAY + DAY - 1);
}

type LiveEntry = Awaited<ReturnType<typeof listLiveEntries>>[number];

/** Items of every cluster, or of the given ones, scored against `horizon`. */
async function clusterItems(
  deps: CurationDeps,
  entries: LiveEntry[],
  now: Date,
  horizon: Date,
  only?: string[],
): Promise<Item[]> {
  const { db, limits } = deps.database;
  const since = new Date(now.getTime() - DEMAND_DAYS * DAY).toISOString();
  const [clusters, stats, curation, answered] = await Promise.all([
    listQueueClusters(db, limits, only),
    listClusteredIssueStats(db, limits, only),
    listCuration(db),
    countAnsweredSearches(db, { since }),
  ]);
  const members = new Map<string, Member[]>();
  for (const s of stats) {
    const member = s as typeof s & Member;
    member.comments = Number(s.comments);
    const list = members.get(s.clusterId ?? "");
    if (list) list.push(member);
    else members.set(s.clusterId ?? "", [member]);
  }
  const searches = new Map(answered.map((a) => [a.signature ?? "", Number(a.n)]));
  const entryOf = new Map(entries.filter((e) => e.clusterId).map((e) => [e.clusterId!, e]));
  const curated = new Map(curation.map((c) => [c.clusterId, c]));
  const items: Item[] = [];
  for (const cluster of clusters) {
    const entry = entryOf.get(cluster.id);
    if (entry && entry.state !== "draft") continue;
    const list = members.get(cluster.id) ?? [];
    const landed = cluster.signatureIds.reduce((n, id) => n + (searches.get(id) ?? 0), 0);
    const { score, why } = scoreCluster(list, landed, horizon);
    const c = curated.get(cluster.id);
    items.push({
      id: `cluster:${cluster.id}`,
      kind: "cluster",
      title: entry?.title ?? readableTitle(cluster.template),
      score,
      why: { ...why, template: cluster.template, issues: list.length },
      clusterId: cluster.id,
      entryId: entry?.id ?? null,
      state: c?.ignoredReason ? "ignored" : entry ? "draft" : "new",
      repos: [...new Set(list.map((m) => m.repo))].sort(),
      components: componentsOf(list),
      activity: monthlyActivity(
        list.map((m) => m.createdAt),
        horizon,
      ),
      snoozedUntil: c?.snoozedUntil ?? null,
    });
    if (c?.ignoredReason) (items.at(-1)!.why as Record<string, unknown>).ignoredReason = c.ignoredReason;
  }
  return items;
}

/** Stale entries and unanswered searches: read whole every time (entries and the log's last 90 days). */
async function otherItems(deps: CurationDeps, entries: LiveEntry[], now: Date): Promise<Item[]> {
  const items: Item[] = [];
  for (const e of entries) {
    if (e.state !== "needs-review") continue;
    const { score, why } = scoreStaleEntry(e.reviewReasons);
    items.push({
      id: `stale-entry:${e.id}`,
      kind: "stale-entry",
      title: e.title,
      score,
      why,
      clusterId: e.clusterId,
      entryId: e.id,
      state: "needs-review",
      repos: [...new Set(e.sourceIssues.map((k) => k.split("#")[0] ?? k))].sort(),
      components: e.components.map((x) => x.toLowerCase()),
      activity: [],
      snoozedUntil: null,
    });
  }
  const covered = new Set(entries.flatMap((e) => e.errorSignatures.map((t) => signatureId(t))));
  items.push(...(await demandItems(deps, now, covered)));
  return items;
}

async function demandItems(deps: CurationDeps, now: Date, covered: Set<string>): Promise<Item[]> {
  const since = new Date(now.getTime() - DEMAND_DAYS * DAY).toISOString();
  const rows = await listRecentUnanswered(deps.database.db, {
    since,
    belowScore: GOOD_ANSWER,
    limit: MAX_DEMAND_ROWS,
  });
  return groupDemand(rows)
    .filter((g) => !covered.has(g.signatureId))
    .map((g) => {
      const { score, why } = scoreDemand(g.searchedAt, g.examples, now);
      return {
        id: `demand:${g.signatureId}`,
        kind: "demand" as const,
        title: readableTitle(g.template),
        score,
        why: { ...why, template: g.template },
        clusterId: null,
        entryId: null,
        state: "demand",
        repos: [],
        components: [],
        activity: monthlyActivity(g.searchedAt, now),
        snoozedUntil: null,
      };
    });
}

// A whole re-score at least this often: searches that landed on a cluster count toward its score,
// and a search marks nothing, so an unchanged cluster's count is brought up to date here.
const WHOLE_EVERY_MS = 60 * 60_000;
// More marked clusters than this and the whole queue is scored at once.
const MAX_PENDING = 2_000;

export interface QueueRebuild {
  items: number;
  written: number;
  removed: number;
  whole: boolean;
}

/**
 * Scores the queue again and writes only the rows that changed. Normally only the clusters marked
 * since the last score are re-scored (migration 0015's triggers mark a cluster when its row, its
 * members' stats, comment counts or membership, its entry or its curation changed), with the
 * stale-entry and demand items, against the horizon the stored items were scored against, so a
 * change costs what it touched. Everything is scored, against today's horizon, when asked (`whole`),
 * when housekeeping requested it (`requestWholeRescoreIfDue`: another day, or an hour gone), when
 * nothing was scored yet, or past 2,000 marks. Either way the result equals a whole re-score against
 * the same horizon and search counts.
 */
export async function rebuildQueue(
  deps: CurationDeps,
  options: { whole?: boolean } = {},
): Promise<QueueRebuild> {
  const { db, limits } = deps.database;
  const now = deps.clock.now();
  const [newest, basis, pending, entries] = await Promise.all([
    newestClusteredIssue(db),
    loadQueueBasis(db),
    listQueuePending(db, MAX_PENDING + 1),
    listLiveEntries(db),
  ]);
  // The horizon the stored items were scored against (none without a readable basis).
  const stored = basis && !Number.isNaN(Date.parse(basis.horizon)) ? new Date(basis.horizon) : null;
  const whole =
    options.whole === true ||
    !stored ||
    basis?.wholeRequested === true ||
    Number.isNaN(Date.parse(basis?.fullAt ?? "")) ||
    pending.length > MAX_PENDING;
  const horizon = !whole && stored ? stored : queueHorizon(newest, now);
  const only = whole ? undefined : [...new Set(pending.map((p) => p.clusterId))];
  const upTo = whole ? await maxQueuePendingSeq(db) : 0;
  const [clustered, others, fingerprints] = await Promise.all([
    clusterItems(deps, entries, now, horizon, only),
    otherItems(deps, entries, now),
    listQueueFingerprints(db, limits, only),
  ]);
  const items = [...clustered, ...others];
  const before = new Map(fingerprints.map((s) => [s.id, s.fingerprint]));
  const statements: Statement[] = [];
  const ids = new Set<string>();
  for (const item of items) {
    ids.add(item.id);
    const fingerprint = JSON.stringify(item);
    if (before.get(item.id) !== fingerprint)
      statements.push(upsertQueueItemStatement(db, { ...item, fingerprint }));
  }
  const written = statements.length;
  const gone = [...before.keys()].filter((id) => !ids.has(id));
  for (let i = 0; i < gone.length; i += 90)
    statements.push(deleteQueueItemsStatement(db, gone.slice(i, i + 90)));
  const basisNow = {
    horizon: horizon.toISOString(),
    fullAt: whole ? now.toISOString() : (basis?.fullAt ?? now.toISOString()),
  };
  // The marks read go with the last group, so a re-score that dies leaves them for the next one.
  const finish = [
    saveQueueBasisStatement(db, basisNow, whole),
    ...(whole
      ? [clearQueuePendingUpToStatement(db, upTo)]
      : clearQueuePendingStatements(
          db,
          pending.map((p) => p.seq),
          limits,
        )),
  ];
  for (let i = 0; i < statements.length; i += CHUNK)
    await deps.database.atomic(statements.slice(i, i + CHUNK));
  await deps.database.atomic(finish);
  return { items: items.length, written, removed: gone.length, whole };
}

/**
 * Housekeeping (`npm start`'s timer, the Workers cron): when the stored scores are of another day's
 * horizon or an hour old, asks the next refresh to score the whole queue (the flag and the refresh
 * marker in one write) and says so, so the caller can start that refresh. A webhook's refresh then
 * re-scores only what it touched.
 */
export async function requestWholeRescoreIfDue(deps: CurationDeps): Promise<boolean> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [newest, basis] = await Promise.all([newestClusteredIssue(db), loadQueueBasis(db)]);
  if (!basis || basis.wholeRequested) return false;
  const due =
    basis.horizon !== queueHorizon(newest, now).toISOString() ||
    !(now.getTime() - Date.parse(basis.fullAt) < WHOLE_EVERY_MS);
  if (!due) return false;
  await deps.database.atomic([
    requestWholeRescoreStatement(db),
    markRefreshPendingStatement(db, now.toISOString()),
  ]);
  return true;
}
