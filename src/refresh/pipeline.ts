import { type ReclusterOptions, reclusterSteps } from "../clustering/recluster.js";
import { reviewAfterRefresh } from "../curation/review.js";
import { refreshSearchIndex, type SearchService } from "../search/index.js";
import type { RefreshStep } from "./types.js";

/**
 * The refresh as steps: the re-cluster's three bounded ones (`extract`, `link`, `write`, see
 * `reclusterSteps`), then bringing the search index in line, then re-scoring the review queue and
 * flagging entries the change made stale (each of those two one call from start to finish).
 */
export function knowledgeSteps(
  options: { search?: SearchService; recluster?: ReclusterOptions } = {},
): RefreshStep[] {
  return [
    ...reclusterSteps(options.recluster),
    {
      name: "search-index",
      async run(ctx) {
        // A running service moves its in-memory index too; elsewhere load, update and save.
        const update = options.search ? await options.search.refresh() : await refreshSearchIndex(ctx);
        return { cursor: null, done: true, summary: { ...update } };
      },
    },
    {
      name: "review-queue",
      async run(ctx) {
        const review = await reviewAfterRefresh({ ...ctx, search: options.search });
        return { cursor: null, done: true, summary: { ...review } };
      },
    },
  ];
}
