import { type ReclusterOptions, reclusterSteps } from "../clustering/recluster.js";
import { reviewAfterRefresh } from "../curation/review.js";
import { refreshIndexSlices, type SearchService, SLICE_CALLS, SLICE_ISSUES } from "../search/index.js";
import type { RefreshStep } from "./types.js";

/**
 * Brings the persisted search index in line, slice by slice, while the invocation has the calls
 * and time for another slice; a running service then re-reads only the rows this refresh changed.
 */
const SLICE_FIXED_CALLS = 10;

export interface IndexFollowers {
  /** A running search service in this thread: its loaded index re-reads what the refresh changed. */
  search?: SearchService;
  /** Told whenever the persisted index changed (Node's refresh worker tells the HTTP thread). */
  onIndexChanged?: () => void;
}

export function searchIndexStep(options: IndexFollowers & { sliceIssues?: number } = {}): RefreshStep {
  const size = options.sliceIssues ?? SLICE_ISSUES;
  // A slice makes a few calls whatever its size (fingerprints, indexed rows, a batch), the rest per 100 ids.
  const sliceCalls = SLICE_FIXED_CALLS + Math.ceil(((SLICE_CALLS - SLICE_FIXED_CALLS) * size) / SLICE_ISSUES);
  return {
    name: "search-index",
    async run(ctx, cursor) {
      const stop = () => ctx.budget.exhausted() || ctx.budget.callsLeft() < sliceCalls;
      const slices = await refreshIndexSlices(ctx, cursor, stop, size);
      if (slices.done) {
        await options.search?.catchUp();
        options.onIndexChanged?.();
      }
      return { cursor: slices.cursor, done: slices.done, summary: { ...slices.update } };
    },
  };
}

/**
 * The refresh as steps: the re-cluster's three bounded ones (`extract`, `link`, `write`, see
 * `reclusterSteps`), the search index in slices of issues, then re-scoring the review queue and
 * flagging entries the change made stale (one call). A bounded step returns with a cursor when the
 * invocation's budget runs out.
 */
export function knowledgeSteps(
  options: IndexFollowers & { recluster?: ReclusterOptions } = {},
): RefreshStep[] {
  return [
    ...reclusterSteps(options.recluster),
    searchIndexStep(options),
    {
      name: "review-queue",
      async run(ctx) {
        const review = await reviewAfterRefresh({ ...ctx, search: options.search });
        // Entries it flagged or repointed were re-indexed.
        if (review.flagged + review.repointed > 0) options.onIndexChanged?.();
        return { cursor: null, done: true, summary: { ...review } };
      },
    },
  ];
}
