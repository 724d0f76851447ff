import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import { createRefreshCoordinator } from "../refresh/coordinator.js";
import { formatRefreshOutcome } from "../refresh/format.js";
import { nodeRuntime } from "../refresh/node-runtime.js";

/**
 * What every ingest is followed by: the refresh coordinator re-clusters and re-indexes what the
 * ingest marked, or leaves it to the process already refreshing this database.
 */
export function afterIngest(clock: Clock, logger: Logger) {
  return async (database: Database): Promise<string> => {
    const refresh = createRefreshCoordinator({ database, clock, logger, runtime: nodeRuntime });
    return formatRefreshOutcome(await refresh.drain("ingest"));
  };
}
