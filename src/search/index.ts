export type { IndexUpdate } from "./index-refresh.js";
export { refreshIndexSlices, SLICE_CALLS, SLICE_ISSUES } from "./index-refresh.js";
export { checkQueryText, decodeQueryBytes, MAX_QUERY_BYTES, type QueryProblem } from "./query-text.js";
export { createSearchService, refreshSearchIndex, SearchInputError, type SearchService } from "./service.js";
export * from "./types.js";
