import { recluster } from "../clustering/recluster.js";
import { reviewAfterRefresh } from "../curation/review.js";
import { refreshIndexSlices, type SearchService } from "../search/index.js";
import type { RefreshStep } from "./types.js";

/**
 * The refresh as three steps: re-cluster the corpus, bring the search index in line, then re-score
 * the review queue and flag entries the change made stale. The search index step works in slices
 * of issues and returns with a cursor when the invocation's budget runs out.
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
      async run(ctx, cursor) {
        const slices = await refreshIndexSlices(ctx, cursor, () => ctx.budget.exhausted());
        // A running service then re-reads only the rows this refresh changed.
        if (slices.done) await options.search?.catchUp();
        return { cursor: slices.cursor, done: slices.done, summary: { ...slices.update } };
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
