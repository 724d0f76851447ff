import { formatKnowledgeRefresh, refreshKnowledge } from "../clustering/refresh.js";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";

/** What every ingest is followed by: clustering what changed, then the search index. */
export function afterIngest(clock: Clock) {
  return async (database: Database): Promise<string> =>
    formatKnowledgeRefresh(await refreshKnowledge({ database, clock }));
}
