import { describe, expect, it } from "vitest";
import { recluster } from "../../src/clustering/recluster.js";
import { fixedClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { refreshSearchIndex } from "../../src/search/index.js";
import { makeTestDb } from "../helpers/test-db.js";

const clock = fixedClock("2026-11-26T12:00:00Z");

function issue(number: number) {
  return {
    id: 100 + number,
    number,
    title: `Readiness probe failed #${number}`,
    body: "Warning  Unhealthy  Readiness probe failed: HTTP probe failed with statuscode: 503",
    state: "open",
    labels: [],
    html_url: `https://github.com/SeldonIO/seldon-core/issues/${number}`,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

describe("refreshSearchIndex", () => {
  it("reports the documents a first build added, then only what later changed", async () => {
    const database = makeTestDb();
    await storeGitHubItems(
      database,
      { issues: [issue(1), issue(2)], comments: [] },
      clock.now().toISOString(),
    );
    await recluster({ database, clock });
    const first = await refreshSearchIndex({ database, clock });
    expect(first.documents).toBeGreaterThan(0);
    expect(first.added).toBe(first.documents);
    const again = await refreshSearchIndex({ database, clock });
    expect(again).toMatchObject({ added: 0, updated: 0, removed: 0, documents: first.documents });
  });
});
