import { recluster } from "../clustering/recluster.js";
import { refreshSearchIndex, type SearchService } from "../search/index.js";
import type { RefreshStep } from "./types.js";

/**
 * Today's refresh as two steps, each one call from start to finish (no cursor yet): re-cluster the
 * corpus, then bring the search index in line. They will be split into bounded steps that return
 * early with a cursor; the runner and the persisted progress already take that shape.
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
  ];
}
