import type { Database } from "../db/client.js";
import { markRefreshPendingStatement } from "../db/queries/refresh.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { SearchService } from "../search/index.js";
import { createRefreshCoordinator, type RefreshCoordinator } from "./coordinator.js";
import type { RefreshOutcome } from "./types.js";

const quiet: Logger = { info() {}, warn() {}, error() {} };

/**
 * Marks a refresh pending and runs it here, through the service's coordinator when there is one
 * (so it joins a refresh already in flight) or a coordinator of its own: for changes that are not
 * GitHub data (a curator's merge or split) and for tools that want the result before they go on.
 * When another process holds the lease the outcome is "busy" and that holder includes the change.
 */
export async function refreshNow(
  deps: {
    database: Database;
    clock: Clock;
    logger?: Logger;
    search?: SearchService;
    refresh?: RefreshCoordinator;
  },
  trigger: string,
): Promise<RefreshOutcome> {
  const { database, clock } = deps;
  await database.atomic([markRefreshPendingStatement(database.db, clock.now().toISOString())]);
  const coordinator =
    deps.refresh ??
    createRefreshCoordinator({ database, clock, logger: deps.logger ?? quiet, search: deps.search });
  const outcome = await coordinator.drain(trigger, { account: deps.refresh !== undefined });
  if (outcome.status === "failed") throw new Error(`refresh failed: ${outcome.error ?? "unknown error"}`);
  return outcome;
}
