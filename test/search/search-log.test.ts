import { describe, expect, it } from "vitest";
import { listUnansweredSearches } from "../../src/db/queries/search.js";
import { fixedClock } from "../../src/domain/clock.js";
import { createSearchService } from "../../src/search/index.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { seedCorpus } from "../helpers/seed.js";
import { makeTestDb } from "../helpers/test-db.js";

describe("the search log", () => {
  it("lists the queries that found no good answer, for the review queue", async () => {
    const database = makeTestDb();
    await seedCorpus(database, corpus);
    const search = createSearchService({ database, clock: fixedClock("2026-11-26T12:00:00Z") });
    await search.search({ text: "TypeError: Object of type float32 is not JSON serializable", limit: 3 });
    await search.search({ text: "xyzzy plugh frobnicate", limit: 3 });
    const unanswered = await listUnansweredSearches(database.db, { belowScore: 0.5, limit: 10 });
    expect(unanswered.map((r) => r.query)).toEqual(["xyzzy plugh frobnicate"]);
    expect(unanswered[0]).toMatchObject({ matchedSignature: null, resultCount: 0, bestScore: null });
  });
});
