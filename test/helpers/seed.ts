import { recluster } from "../../src/clustering/recluster.js";
import type { Database } from "../../src/db/client.js";
import { fixedClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";

export interface GitHubShapedCorpus {
  issues: unknown[];
  comments: unknown[];
}

/** Stores a GitHub-shaped corpus the way ingestion does, without HTTP, then clusters it. */
export async function seedCorpus(
  database: Database,
  corpus: GitHubShapedCorpus,
  now = "2026-11-26T12:00:00Z",
) {
  await storeGitHubItems(database, corpus, now);
  return recluster({ database, clock: fixedClock(now) });
}
