import { asc } from "drizzle-orm";
import { generateCorpus } from "../../scripts/corpus/generate.js";
import type { Database } from "../../src/db/client.js";
import { comments, issues, syncState } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { type GitHubEmulatorOptions, startGitHubEmulator } from "../../src/emulators/github-emulator.js";
import { ingestRepos } from "../../src/github/ingest.js";

export const REPOS = ["SeldonIO/seldon-core", "SeldonIO/MLServer"];

export function corpusOf(totalIssues: number, avgComments: number) {
  return generateCorpus({ seed: 7, totalIssues, avgComments, prFraction: 0.05 });
}

export async function emulatorFor(options: GitHubEmulatorOptions) {
  return startGitHubEmulator({ tokens: ["good-token"], ...options });
}

export function ingest(
  database: Database,
  baseUrl: string,
  overrides: Partial<Parameters<typeof ingestRepos>[1]> = {},
) {
  return ingestRepos(
    { database, clock: fixedClock("2026-11-26T12:00:00Z") },
    {
      repos: REPOS,
      baseUrl,
      token: "good-token",
      onRateLimitExhausted: "stop",
      retryAfterBaseValue: 5,
      ...overrides,
    },
  );
}

/** Everything ingestion stores, in a stable order: two databases are equal when their dumps are. */
export async function dumpIngested(database: Database) {
  const { db } = database;
  const issueRows = await db.select().from(issues).orderBy(asc(issues.id));
  const commentRows = await db.select().from(comments).orderBy(asc(comments.id));
  return {
    issues: issueRows.map(
      ({ needsAnalysis: _n, clusterId: _c, primarySignatureId: _p, clusterTies: _t, ...row }) => row,
    ),
    comments: commentRows,
  };
}

export async function cursors(database: Database) {
  return database.db.select().from(syncState).orderBy(asc(syncState.repoKey), asc(syncState.endpoint));
}
