import type { Database } from "../db/client.js";
import { insertSearchLog, type SearchLogRow } from "../db/queries/search.js";
import {
  countClusteredSearchDocs,
  loadSearchCounts,
  resetSearchFingerprintsStatement,
} from "../db/queries/search-docs.js";
import type { Clock } from "../domain/clock.js";
import { redactSecrets } from "../domain/redact.js";
import type { Logger } from "../logger.js";
import { databaseLookups } from "./database-lookups.js";
import { type IndexUpdate, refreshIndexSlices } from "./index-refresh.js";
import { catchUpSearchIndex, loadSearchIndex, persistedVersion } from "./index-store.js";
import type { SearchLookups } from "./lookups.js";
import { memoryLookups } from "./memory-lookups.js";
import { checkQueryText, type QueryProblem } from "./query-text.js";
import { runSearch } from "./ranking.js";
import type { SearchIndex } from "./search-index.js";
import type { SearchOutcome, SearchRequest } from "./types.js";

/**
 * `database`: every search looks up its own keys in the database (nothing of the corpus is held);
 * `memory`: the metadata and lookups are loaded on first use and kept, moved by catch-ups.
 */
export type SearchIndexMode = "database" | "memory";

export interface SearchDeps {
  database: Database;
  clock: Clock;
  logger?: Logger;
  /** Where search's lookups live (default `database`). */
  index?: SearchIndexMode;
  /** How often a search checks whether another process saved a newer index (default 10 s). */
  stalenessCheckMs?: number;
  /**
   * Where a query's log row goes instead of a write here (Node's server hands it to the refresh
   * worker, so the HTTP thread never waits on SQLite's write lock while that thread writes).
   */
  writeLog?: (row: SearchLogRow) => void;
}

export interface SearchService {
  /** Ranked answers for a pasted text; logs the query with its best score. */
  search(request: SearchRequest): Promise<SearchOutcome>;
  /** After ingest and clustering: re-index what changed, persist it, and move the loaded index. */
  refresh(): Promise<IndexUpdate>;
  /** Re-indexes every document from the database, then moves the loaded index. */
  rebuild(): Promise<IndexUpdate>;
  /** After a refresh step wrote the persisted index: re-read only the rows it changed. */
  catchUp(): Promise<void>;
}

/** Thrown when a text is not searchable; every surface turns it into its own 4xx or message. */
export class SearchInputError extends Error {
  constructor(readonly problem: QueryProblem) {
    super(problem.message);
    this.name = "SearchInputError";
  }
}

const LOGGED_QUERY_CHARS = 4000;
const STALENESS_CHECK_MS = 10_000;

/** The search service over one database (see SearchIndexMode). */
export function createSearchService(deps: SearchDeps): SearchService {
  return (deps.index ?? "database") === "memory" ? memorySearchService(deps) : databaseSearchService(deps);
}

/**
 * Every search reads the counts saved with the persisted version, then only the rows its own keys
 * lead to (see database-lookups.ts); the first search on a database no refresh has completed on
 * builds the index first.
 */
function databaseSearchService(deps: SearchDeps): SearchService {
  let unreportedBuild: IndexUpdate | null = null;
  // Clustered counts of versions saved without one (written before they were saved), by token.
  let counted: { token: string; clustered: number } | null = null;
  const lookups = async (): Promise<SearchLookups> => {
    let counts = await loadSearchCounts(deps.database.db);
    if (!counts) {
      unreportedBuild = (await refreshIndexSlices(deps, null)).update;
      counts = await loadSearchCounts(deps.database.db);
      if (!counts) throw new Error("the search index was refreshed but no version was saved");
    }
    let clustered = counts.clustered;
    if (clustered === null) {
      if (counted?.token !== counts.version.token)
        counted = {
          token: counts.version.token,
          clustered: await countClusteredSearchDocs(deps.database.db),
        };
      clustered = counted.clustered;
    }
    return databaseLookups(deps.database, { documents: counts.documents, clustered });
  };
  const log = searchLogger(deps);
  return {
    async search(request) {
      const problem = checkQueryText(request.text);
      if (problem) throw new SearchInputError(problem);
      const outcome = await runSearch(await lookups(), request);
      await log(outcome);
      return outcome;
    },
    async refresh() {
      const { update } = await refreshIndexSlices(deps, null);
      const built = unreportedBuild;
      unreportedBuild = null;
      return built ? { ...update, added: built.added + update.added } : update;
    },
    async rebuild() {
      await deps.database.atomic([resetSearchFingerprintsStatement(deps.database.db)]);
      return (await refreshIndexSlices(deps, null)).update;
    },
    // Nothing is held: the next search reads what the refresh wrote.
    async catchUp() {},
  };
}

/**
 * Full text is queried in the database; the metadata and lookups search ranks with are loaded on
 * first use in pages of rows (refreshed first when no refresh has completed yet) and kept in
 * memory, then moved by re-reading only changed rows.
 */
function memorySearchService(deps: SearchDeps): SearchService {
  let current: Promise<SearchIndex> | null = null;
  let checkedAt = Date.now();
  // A build on first use is reported by the refresh that triggered it, not lost.
  let unreportedBuild: IndexUpdate | null = null;
  const ready = (): Promise<SearchIndex> => {
    current ??= loadSearchIndex(deps.database)
      .then(async (loaded) => {
        if (loaded) return loaded;
        unreportedBuild = (await refreshIndexSlices(deps, null)).update;
        const built = await loadSearchIndex(deps.database);
        if (!built) throw new Error("the search index was refreshed but no version was saved");
        return built;
      })
      .catch((error: unknown) => {
        current = null;
        throw error;
      });
    return current;
  };
  // Re-reads the rows changed since the loaded version; loads afresh when the persisted index went
  // back in time or away (a restored backup, emptied tables), which changed rows cannot describe.
  const catchUp = async (): Promise<SearchIndex> => {
    const index = await ready();
    const version = await persistedVersion(deps.database);
    if (version?.token === index.builtAt) return index;
    if (!version || (index.stamp !== null && version.stamp < index.stamp)) {
      current = null;
      return ready();
    }
    await catchUpSearchIndex(deps.database, index);
    return index;
  };
  // Another process (kb ingest, the cron, another isolate) may have saved a newer index.
  const fresh = async (): Promise<SearchIndex> => {
    const index = await ready();
    if (Date.now() - checkedAt < (deps.stalenessCheckMs ?? STALENESS_CHECK_MS)) return index;
    checkedAt = Date.now();
    return catchUp();
  };
  const log = searchLogger(deps);

  return {
    async search(request) {
      const problem = checkQueryText(request.text);
      if (problem) throw new SearchInputError(problem);
      const outcome = await runSearch(memoryLookups(await fresh()), request);
      await log(outcome);
      return outcome;
    },
    async refresh() {
      await ready();
      const { update } = await refreshIndexSlices(deps, null);
      await catchUp();
      const built = unreportedBuild;
      unreportedBuild = null;
      return built ? { ...update, added: built.added + update.added } : update;
    },
    async rebuild() {
      await deps.database.atomic([resetSearchFingerprintsStatement(deps.database.db)]);
      const { update } = await refreshIndexSlices(deps, null);
      if (current) await catchUp();
      return update;
    },
    async catchUp() {
      if (current) await catchUp();
    },
  };
}

function searchLogger(deps: SearchDeps) {
  return async (outcome: SearchOutcome) => {
    try {
      const row: SearchLogRow = {
        // Pasted logs carry credentials: redact before storing, and before truncating so a cut cannot
        // leave half a secret that no rule recognises.
        query: redactSecrets(outcome.query).slice(0, LOGGED_QUERY_CHARS),
        matchedSignature: outcome.matchedSignature,
        bestScore: outcome.results[0]?.score ?? null,
        resultCount: outcome.results.length,
        createdAt: deps.clock.now().toISOString(),
      };
      if (deps.writeLog) deps.writeLog(row);
      else await insertSearchLog(deps.database.db, row);
    } catch (error) {
      deps.logger?.warn("search log write failed", { error: (error as Error).message });
    }
  };
}

/** For the ingest path (CLI, tests): apply what changed to the persisted index, all in one go. */
export async function refreshSearchIndex(deps: SearchDeps): Promise<IndexUpdate> {
  return (await refreshIndexSlices(deps, null)).update;
}
