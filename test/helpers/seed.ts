import { recluster } from "../../src/clustering/recluster.js";
import type { Database } from "../../src/db/client.js";
import {
  saveRepoStatement,
  upsertCommentStatement,
  upsertIssueStatement,
} from "../../src/db/queries/ingest.js";
import { fixedClock } from "../../src/domain/clock.js";
import { toCommentRows, toIssueRows } from "../../src/github/to-rows.js";

export interface GitHubShapedCorpus {
  issues: unknown[];
  comments: unknown[];
}

/**
 * Stores a GitHub-shaped corpus the way ingestion does (same row mapping) without HTTP, then
 * clusters it: for tests of what sits downstream of ingestion.
 */
export async function seedCorpus(
  database: Database,
  corpus: GitHubShapedCorpus,
  now = "2026-11-26T12:00:00Z",
) {
  const { db } = database;
  const issueRows = toIssueRows(corpus.issues);
  const commentRows = toCommentRows(corpus.comments);
  const repoNames = new Map(issueRows.map((r) => [r.repoKey, r.repo]));
  await database.atomic([
    ...[...repoNames].map(([key, name]) => saveRepoStatement(db, key, name, now)),
    ...issueRows.map((row) => upsertIssueStatement(db, row)),
    ...commentRows.map((row) => upsertCommentStatement(db, row)),
  ]);
  return recluster({ database, clock: fixedClock(now) });
}
