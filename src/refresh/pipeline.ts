import { recluster } from "../clustering/recluster.js";
import { reviewAfterRefresh } from "../curation/review.js";
import { refreshSearchIndex, type SearchService } from "../search/index.js";
import type { RefreshStep } from "./types.js";

/**
 * The refresh as three steps, each one call from start to finish (no cursor yet): re-cluster the
 * corpus, bring the search index in line, then re-score the review queue and flag entries the
 * change made stale. The runner and the persisted progress already take the shape of bounded
 * steps that return early with a cursor.
 */
export function knowledgeSteps(options: { search?: SearchService } = {}): RefreshStep[] {
  return [
    {
      name: "recluster",
      async run(ctx) {
        const summary = await recluster(ctx);
        return { cursor: null, done: true, summary: { ...summary } };
      },
    },
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
