import type { Database } from "../db/client.js";
import { insertSearchLog } from "../db/queries/search.js";
import type { Clock } from "../domain/clock.js";
import { redactSecrets } from "../domain/redact.js";
import type { Logger } from "../logger.js";
import {
  type IndexUpdate,
  loadSearchIndex,
  persistedBuiltAt,
  saveSearchIndex,
  updateSearchIndex,
} from "./index-store.js";
import { checkQueryText, type QueryProblem } from "./query-text.js";
import { runSearch } from "./ranking.js";
import { SearchIndex } from "./search-index.js";
import type { SearchOutcome, SearchRequest } from "./types.js";

export interface SearchDeps {
  database: Database;
  clock: Clock;
  logger?: Logger;
  /** How often a search checks whether another process saved a newer index (default 10 s). */
  stalenessCheckMs?: number;
}

export interface SearchService {
  /** Ranked answers for a pasted text; logs the query with its best score. */
  search(request: SearchRequest): Promise<SearchOutcome>;
  /** After ingest and clustering: re-index what changed and persist. */
  refresh(): Promise<IndexUpdate>;
  /** Drops the index and builds it again from the database, then persists. */
  rebuild(): Promise<IndexUpdate>;
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

/**
 * The search service over one database. The index is loaded from its persisted form on first
 * use (built and persisted when there is none) and kept in memory.
 */
export function createSearchService(deps: SearchDeps): SearchService {
  let current: Promise<SearchIndex> | null = null;
  let checkedAt = Date.now();
  const version = (now: Date) => `${now.toISOString()} ${crypto.randomUUID().slice(0, 8)}`;

  const build = async (): Promise<{ index: SearchIndex; update: IndexUpdate }> => {
    const index = SearchIndex.empty();
    const update = await updateSearchIndex(deps.database, index);
    await saveSearchIndex(deps.database, index, version(deps.clock.now()));
    return { index, update };
  };
  // A build on first use is reported by the refresh that triggered it, not lost.
  let unreportedBuild: IndexUpdate | null = null;
  const ready = (): Promise<SearchIndex> => {
    current ??= loadSearchIndex(deps.database)
      .then(async (loaded) => {
        if (loaded) return loaded;
        const built = await build();
        unreportedBuild = built.update;
        return built.index;
      })
      .catch((error: unknown) => {
        current = null;
        throw error;
      });
    return current;
  };
  // Another process (kb ingest, the cron, another isolate) may have saved a newer index.
  const fresh = async (): Promise<SearchIndex> => {
    const index = await ready();
    if (Date.now() - checkedAt < (deps.stalenessCheckMs ?? STALENESS_CHECK_MS)) return index;
    checkedAt = Date.now();
    const saved = await persistedBuiltAt(deps.database);
    if (saved === index.builtAt) return index;
    current = null;
    return ready();
  };
  const log = async (outcome: SearchOutcome) => {
    try {
      await insertSearchLog(deps.database.db, {
        // Pasted logs carry credentials: redact before storing, and before truncating so a cut cannot
        // leave half a secret that no rule recognises.
        query: redactSecrets(outcome.query).slice(0, LOGGED_QUERY_CHARS),
        matchedSignature: outcome.matchedSignature,
        bestScore: outcome.results[0]?.score ?? null,
        resultCount: outcome.results.length,
        createdAt: deps.clock.now().toISOString(),
      });
    } catch (error) {
      deps.logger?.warn("search log write failed", { error: (error as Error).message });
    }
  };

  return {
    async search(request) {
      const problem = checkQueryText(request.text);
      if (problem) throw new SearchInputError(problem);
      const outcome = runSearch(await fresh(), request);
      await log(outcome);
      return outcome;
    },
    async refresh() {
      const index = await ready();
      const update = await updateSearchIndex(deps.database, index);
      if (update.added + update.updated + update.removed > 0) {
        await saveSearchIndex(deps.database, index, version(deps.clock.now()));
      }
      const built = unreportedBuild;
      unreportedBuild = null;
      return built ? { ...update, added: built.added + update.added } : update;
    },
    async rebuild() {
      const built = build();
      current = built.then(
        (b) => b.index,
        (error: unknown) => {
          current = null;
          throw error;
        },
      );
      return (await built).update;
    },
  };
}

/** For the ingest path (CLI, cron): load the persisted index, apply what changed, persist it. */
export async function refreshSearchIndex(deps: SearchDeps): Promise<IndexUpdate> {
  return createSearchService(deps).refresh();
}
