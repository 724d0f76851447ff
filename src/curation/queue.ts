// The review queue: every cluster without a published entry, every error people searched for and
// found nothing, every published entry that went stale, scored so the most impact comes first.
// Scored after each refresh and curator action and stored, so reading a page is one indexed query.
import type { Statement } from "../db/client.js";
import { listCuration } from "../db/queries/curation.js";
import {
  countAnsweredSearches,
  deleteQueueItemsStatement,
  listClusteredIssueStats,
  listCommentCounts,
  listLiveEntries,
  listQueueClusters,
  listQueueFingerprints,
  listRecentUnanswered,
  upsertQueueItemStatement,
} from "../db/queries/queue.js";
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

async function clusterItems(deps: CurationDeps, now: Date): Promise<Item[]> {
  const { db } = deps.database;
  const since = new Date(now.getTime() - DEMAND_DAYS * DAY).toISOString();
  const [clusters, stats, commentCounts, entries, curation, answered] = await Promise.all([
    listQueueClusters(db),
    listClusteredIssueStats(db),
    listCommentCounts(db),
    listLiveEntries(db),
    listCuration(db),
    countAnsweredSearches(db, { since }),
  ]);
  const comments = new Map(commentCounts.map((c) => [`${c.repoKey}#${c.number}`, Number(c.n)]));
  const members = new Map<string, Member[]>();
  for (const s of stats) {
    const list = members.get(s.clusterId ?? "") ?? [];
    list.push({ ...s, comments: comments.get(`${s.repoKey}#${s.number}`) ?? 0 });
    members.set(s.clusterId ?? "", list);
  }
  const searches = new Map(answered.map((a) => [a.signature ?? "", Number(a.n)]));
  // "Recent" counts back from the newest ingested issue: the same as now on a live mirror, and still
  // meaningful on a mirror that stopped syncing (or the demo's fixed corpus).
  let newest = "";
  for (const s of stats) if (s.createdAt > newest) newest = s.createdAt;
  const horizon = newest && Date.parse(newest) < now.getTime() ? new Date(Date.parse(newest)) : now;
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

/** Re-scores the whole queue and writes only the rows that changed. */
export async function rebuildQueue(
  deps: CurationDeps,
): Promise<{ items: number; written: number; removed: number }> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const [items, stored] = await Promise.all([clusterItems(deps, now), listQueueFingerprints(db)]);
  const before = new Map(stored.map((s) => [s.id, s.fingerprint]));
  const statements: Statement[] = [];
  const ids = new Set<string>();
  for (const item of items) {
    ids.add(item.id);
    const fingerprint = JSON.stringify(item);
    if (before.get(item.id) !== fingerprint)
      statements.push(upsertQueueItemStatement(db, { ...item, fingerprint }));
  }
  const gone = [...before.keys()].filter((id) => !ids.has(id));
  for (let i = 0; i < gone.length; i += 90)
    statements.push(deleteQueueItemsStatement(db, gone.slice(i, i + 90)));
  for (let i = 0; i < statements.length; i += CHUNK)
    await deps.database.atomic(statements.slice(i, i + CHUNK));
  return {
    items: items.length,
    written: statements.length - Math.ceil(gone.length / 90),
    removed: gone.length,
  };
}
