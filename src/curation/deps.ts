import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { RefreshCoordinator } from "../refresh/coordinator.js";
import type { SearchService } from "../search/index.js";

/** What curation verbs use; a subset of the app's dependencies. */
export interface CurationDeps {
  database: Database;
  clock: Clock;
  search?: SearchService;
  logger?: Logger;
  /** The service's refresh coordinator: a correction's refresh joins one already running. */
  refresh?: RefreshCoordinator;
}
