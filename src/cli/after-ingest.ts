import { formatReclusterSummary, recluster } from "../clustering/recluster.js";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";

/** What every ingest is followed by: clustering what changed (and, through it, the search index). */
export function afterIngest(clock: Clock) {
  return async (database: Database): Promise<string> =>
    formatReclusterSummary(await recluster({ database, clock }));
}
