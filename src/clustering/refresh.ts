import { reviewAfterRefresh } from "../curation/review.js";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import { type IndexUpdate, refreshSearchIndex, type SearchService } from "../search/index.js";
import { formatReclusterSummary, type ReclusterSummary, recluster } from "./recluster.js";

export interface KnowledgeRefresh {
  clusters: ReclusterSummary;
  index: IndexUpdate;
}

/**
 * What every change to the stored issues is followed by, whoever made it (sync, cron, webhook):
 * re-cluster, then re-index what that changed. A running service passes its own search service so
 * its in-memory index moves too.
 */
export async function refreshKnowledge(deps: {
  database: Database;
  clock: Clock;
  search?: SearchService;
}): Promise<KnowledgeRefresh> {
  const clusters = await recluster(deps);
  const index = deps.search ? await deps.search.refresh() : await refreshSearchIndex(deps);
  await reviewAfterRefresh(deps);
  return { clusters, index };
}

export function formatKnowledgeRefresh(refresh: KnowledgeRefresh): string {
  const { index } = refresh;
  return (
    `${formatReclusterSummary(refresh.clusters)}; search index: ${index.documents} documents ` +
    `(+${index.added} new, ${index.updated} updated, ${index.removed} removed)`
  );
}
