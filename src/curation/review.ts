// What runs after every knowledge refresh (sync, cron, webhook, curator corrections): entries follow
// their issues to re-mined clusters, published entries that went stale are flagged with the reason,
// ignored clusters stay ignored, and the queue is scored again.
import type { Statement } from "../db/client.js";
import { auditStatement } from "../db/queries/audit.js";
import {
  type CuratedIssue,
  listIssuesByKeys,
  listIssuesOfClusters,
  reapplyIgnoredStatement,
} from "../db/queries/curation.js";
import { flagEntryStatement, listEntriesInStates, repointEntriesStatement } from "../db/queries/entries.js";
import { listQueueClusters } from "../db/queries/queue.js";
import type { EntryRow } from "../db/schema.js";
import { stalenessReasons, type WatchedIssue } from "../domain/curation/index.js";
import { versionsIn } from "../domain/entry/index.js";
import { refreshSearchIndex } from "../search/index.js";
import type { CurationDeps } from "./deps.js";
import { keyOf } from "./evidence.js";
import { rebuildQueue } from "./queue.js";

export const REVIEW_ACTOR = "staleness-review";

export interface ReviewSummary {
  flagged: number;
  repointed: number;
  queueItems: number;
}

const watched = (i: CuratedIssue): WatchedIssue => ({
  key: keyOf(i),
  state: i.state,
  stateReason: i.stateReason,
  updatedAt: i.updatedAt,
  versions: versionsIn(i.body),
});

/** An entry whose cluster vanished moves to the cluster now holding most of its source issues. */
async function repointOrphans(deps: CurationDeps, entries: EntryRow[], now: string): Promise<Statement[]> {
  const { db } = deps.database;
  const live = new Set((await listQueueClusters(db, deps.database.limits)).map((c) => c.id));
  const statements: Statement[] = [];
  for (const e of entries) {
    if (!e.clusterId || live.has(e.clusterId)) continue;
    const votes = new Map<string, number>();
    for (const i of await listIssuesByKeys(db, e.sourceIssues))
      if (i.clusterId) votes.set(i.clusterId, (votes.get(i.clusterId) ?? 0) + 1);
    const best = [...votes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
    if (!best) continue;
    statements.push(
      repointEntriesStatement(db, [e.clusterId], best),
      auditStatement(db, {
        actor: REVIEW_ACTOR,
        action: "entry.repoint",
        subject: e.id,
        detail: { from: e.clusterId, to: best },
        createdAt: now,
      }),
    );
    e.clusterId = best;
  }
  return statements;
}

async function flagStale(deps: CurationDeps, entries: EntryRow[], now: string): Promise<Statement[]> {
  const { db } = deps.database;
  const published = entries.filter((e) => e.state === "published");
  const clusterIds = [...new Set(published.map((e) => e.clusterId).filter((c): c is string => c !== null))];
  const members = await listIssuesOfClusters(db, clusterIds);
  const sources = await listIssuesByKeys(db, [...new Set(published.flatMap((e) => e.sourceIssues))]);
  const byCluster = new Map<string, WatchedIssue[]>();
  for (const m of members)
    byCluster.set(m.clusterId ?? "", [...(byCluster.get(m.clusterId ?? "") ?? []), watched(m)]);
  const byKey = new Map(sources.map((s) => [keyOf(s), watched(s)]));
  const statements: Statement[] = [];
  for (const e of published) {
    const reasons = stalenessReasons(
      e,
      byCluster.get(e.clusterId ?? "") ?? [],
      e.sourceIssues.map((k) => byKey.get(k)).filter((w): w is WatchedIssue => w !== undefined),
    );
    if (reasons.length === 0) continue;
    statements.push(
      flagEntryStatement(db, e.id, reasons, now),
      auditStatement(db, {
        actor: REVIEW_ACTOR,
        action: "entry.needs-review",
        subject: e.id,
        detail: { reasons },
        createdAt: now,
      }),
    );
  }
  return statements;
}

export async function reviewAfterRefresh(deps: CurationDeps): Promise<ReviewSummary> {
  const { db } = deps.database;
  const now = deps.clock.now().toISOString();
  const entries = await listEntriesInStates(db, ["draft", "published", "needs-review"]);
  const repoint = await repointOrphans(deps, entries, now);
  const flags = await flagStale(deps, entries, now);
  await deps.database.atomic([reapplyIgnoredStatement(db), ...repoint, ...flags]);
  const queue = await rebuildQueue(deps);
  // The refresh re-indexed before this ran: entries that changed here must reach search too.
  if (repoint.length + flags.length > 0) {
    if (deps.search) await deps.search.refresh();
    else await refreshSearchIndex(deps);
  }
  return { flagged: flags.length / 2, repointed: repoint.length / 2, queueItems: queue.items };
}
