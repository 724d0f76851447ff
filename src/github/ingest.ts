import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import { createGitHubClient, type GitHubClientOptions } from "./client.js";
import { parseRepoSlug, type RepoSlug } from "./repo-slug.js";
import { type SyncCounts, type SyncProgress, syncRepo } from "./sync.js";
import { SyncError } from "./sync-error.js";

export interface IngestOptions extends Omit<GitHubClientOptions, "log"> {
  repos: string[];
  onProgress?: (progress: SyncProgress) => void;
  log?: (message: string) => void;
  /** Asked before each page; true stops the ingest there, to resume from the saved cursors next time. */
  shouldStop?: () => boolean;
}

export interface IngestSummary extends SyncCounts {
  repos: string[];
  requests: number;
  notModified: number;
  rateLimitRemaining: number | null;
  rateLimitReset: Date | null;
  /** False when `shouldStop` ended the run before every repository was caught up. */
  complete: boolean;
}

/** Validates every OWNER/REPO before the first request, so a typo costs nothing. */
export function parseRepoList(texts: string[]): RepoSlug[] {
  if (texts.length === 0) throw new SyncError("BAD_REPO", "name at least one repository as OWNER/REPO");
  return texts.map((text) => {
    const slug = parseRepoSlug(text);
    if (!slug) throw new SyncError("BAD_REPO", `"${text}" is not a repository name: expected OWNER/REPO`);
    return slug;
  });
}

/** The one ingestion path: the CLI, the demo and the Worker's cron all call this. */
export async function ingestRepos(
  deps: { database: Database; clock: Clock },
  options: IngestOptions,
): Promise<IngestSummary> {
  const slugs = parseRepoList(options.repos);
  const github = createGitHubClient({ ...options, log: options.log });
  const total: SyncCounts = { fetched: 0, inserted: 0, updated: 0, unchanged: 0 };
  let complete = true;
  for (const slug of slugs) {
    const counts = await syncRepo(
      { ...deps, github, onProgress: options.onProgress, shouldStop: options.shouldStop },
      slug,
    );
    total.fetched += counts.fetched;
    total.inserted += counts.inserted;
    total.updated += counts.updated;
    total.unchanged += counts.unchanged;
    if (!counts.complete) {
      complete = false;
      break;
    }
  }
  const { meter } = github;
  return {
    ...total,
    repos: slugs.map((s) => `${s.owner}/${s.name}`),
    requests: meter.requests,
    notModified: meter.notModified,
    rateLimitRemaining: meter.rateLimitRemaining,
    rateLimitReset: meter.rateLimitReset === null ? null : new Date(meter.rateLimitReset * 1000),
    complete,
  };
}

export function formatSummary(summary: IngestSummary): string {
  const reset = summary.rateLimitReset ? ` (resets ${summary.rateLimitReset.toISOString()})` : "";
  const left = summary.rateLimitRemaining === null ? "unknown" : String(summary.rateLimitRemaining);
  return (
    `ingested ${summary.repos.join(", ")}: fetched ${summary.fetched}, inserted ${summary.inserted}, ` +
    `updated ${summary.updated}, unchanged ${summary.unchanged}; requests ${summary.requests} ` +
    `(${summary.notModified} not modified); rate limit left ${left}${reset}`
  );
}
