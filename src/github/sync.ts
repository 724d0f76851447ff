import { RequestError } from "octokit";
import type { Database } from "../db/client.js";
import {
  type Endpoint,
  getSyncState,
  markIssuesChangedStatements,
  saveRepoStatement,
  saveSyncStateStatement,
  storedCommentVersions,
  storedIssueVersions,
  upsertCommentStatements,
  upsertIssueStatements,
} from "../db/queries/ingest.js";
import { markRefreshPendingStatement } from "../db/queries/refresh.js";
import type { SyncStateRow } from "../db/schema.js";
import type { Clock } from "../domain/clock.js";
import type { GitHubClient } from "./client.js";
import { repoFromHtmlUrl } from "./github-types.js";
import type { RepoSlug } from "./repo-slug.js";
import { SyncError, toSyncError } from "./sync-error.js";
import { type PageRows, toCommentRows, toIssueRows } from "./to-rows.js";

export const PER_PAGE = 100;

export interface SyncCounts {
  fetched: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface SyncProgress {
  repo: string;
  endpoint: Endpoint;
  page: number;
  /** Pages this listing has in all, from the first answer's `Link: rel="last"`; null when unknown. */
  estimatedPages: number | null;
  counts: SyncCounts;
}

export interface SyncDeps {
  database: Database;
  github: GitHubClient;
  clock: Clock;
  onProgress?: (progress: SyncProgress) => void;
  /** Asked before each page: true stops the sync there (a Worker invocation's budget is spent); it resumes from the saved cursor. */
  shouldStop?: () => boolean;
}

const ROUTES = {
  issues: "GET /repos/{owner}/{repo}/issues",
  comments: "GET /repos/{owner}/{repo}/issues/comments",
} as const;

/**
 * Pulls one repository's issues, then its comments, through the repo-wide list endpoints sorted by
 * `updated` ascending. Every request is page 1 of a fresh `since=<newest updated_at seen>` query, so
 * edits made while we page cannot shift rows past us; the request we stop at keeps its ETag, so an
 * unchanged repository costs two 304s (free of rate limit). Each page's rows and the cursor are
 * written in one atomic group: a crash resumes at the page it stopped on.
 */
export async function syncRepo(deps: SyncDeps, slug: RepoSlug): Promise<SyncCounts & { complete: boolean }> {
  const counts: SyncCounts = { fetched: 0, inserted: 0, updated: 0, unchanged: 0 };
  for (const endpoint of ["issues", "comments"] as const) {
    if ((await syncEndpoint(deps, slug, endpoint, counts)) === "stopped")
      return { ...counts, complete: false };
  }
  return { ...counts, complete: true };
}

async function syncEndpoint(
  deps: SyncDeps,
  slug: RepoSlug,
  endpoint: Endpoint,
  counts: SyncCounts,
): Promise<"done" | "stopped"> {
  const { database, github, clock } = deps;
  let cursor: SyncStateRow = (await getSyncState(database.db, slug.key, endpoint)) ?? {
    repoKey: slug.key,
    endpoint,
    since: null,
    page: 1,
    etag: null,
    updatedAt: clock.now().toISOString(),
  };
  let estimatedPages: number | null = null;
  for (let pageNo = 1; ; pageNo++) {
    if (deps.shouldStop?.()) return "stopped";
    const answer = await fetchPage(github, slug, endpoint, cursor);
    if (answer === "not-modified") return "done";
    estimatedPages ??= lastPageFromLink(answer.link);
    const page = await classifyPage(database, endpoint, answer.items);
    const { next, caughtUp } = nextCursor(cursor, answer.items, answer.etag, clock);
    const repoName = page.repoName ?? `${slug.owner}/${slug.name}`;
    const now = clock.now().toISOString();
    // A page that changed rows commits its refresh marker with them: a crash cannot separate the two.
    await database.atomic([
      ...page.statements,
      ...(page.statements.length > 0 ? [markRefreshPendingStatement(database.db, now)] : []),
      saveSyncStateStatement(database.db, next),
      saveRepoStatement(database.db, slug.key, repoName, now),
    ]);
    counts.fetched += answer.items.length;
    counts.inserted += page.inserted;
    counts.updated += page.updated;
    counts.unchanged += page.unchanged;
    deps.onProgress?.({ repo: repoName, endpoint, page: pageNo, estimatedPages, counts: { ...counts } });
    if (caughtUp) return "done";
    cursor = next;
  }
}

interface PageAnswer {
  items: unknown[];
  etag: string | null;
  link: string | null;
}

async function fetchPage(
  github: GitHubClient,
  slug: RepoSlug,
  endpoint: Endpoint,
  cursor: SyncStateRow,
): Promise<PageAnswer | "not-modified"> {
  try {
    const response = await github.octokit.request(ROUTES[endpoint], {
      owner: slug.owner,
      repo: slug.name,
      ...(endpoint === "issues" ? { state: "all" } : {}),
      sort: "updated",
      direction: "asc",
      per_page: PER_PAGE,
      page: cursor.page,
      ...(cursor.since ? { since: cursor.since } : {}),
      headers: cursor.etag ? { "if-none-match": cursor.etag } : {},
    });
    if (!Array.isArray(response.data)) {
      throw new SyncError(
        "GITHUB_ERROR",
        `GitHub answered ${ROUTES[endpoint]} with something other than a list`,
      );
    }
    return { items: response.data, etag: response.headers.etag ?? null, link: response.headers.link ?? null };
  } catch (error) {
    if (error instanceof RequestError && error.status === 304) return "not-modified";
    throw toSyncError(error, slug, github.meter.rateLimitReset);
  }
}

/** Where the next request starts. A short page means caught up: keep that request and its ETag. */
function nextCursor(
  cursor: SyncStateRow,
  items: unknown[],
  etag: string | null,
  clock: Clock,
): { next: SyncStateRow; caughtUp: boolean } {
  const updatedAt = clock.now().toISOString();
  if (items.length < PER_PAGE) return { next: { ...cursor, etag, updatedAt }, caughtUp: true };
  const newest = items.reduce<string>((max, item) => {
    const value = (item as { updated_at?: unknown }).updated_at;
    return typeof value === "string" && value > max ? value : max;
  }, "");
  // A full page whose rows all share the cursor's timestamp cannot move `since` on: step the page instead.
  const next =
    newest === "" || newest === cursor.since
      ? { ...cursor, page: cursor.page + 1, etag: null, updatedAt }
      : { ...cursor, since: newest, page: 1, etag: null, updatedAt };
  return { next, caughtUp: false };
}

function lastPageFromLink(link: string | null): number | null {
  const match = link ? /[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link) : null;
  return match ? Number(match[1]) : null;
}

async function classifyPage(database: Database, endpoint: Endpoint, items: unknown[]): Promise<PageRows> {
  const { db, limits } = database;
  if (endpoint === "issues") {
    const rows = toIssueRows(items);
    const stored = await storedIssueVersions(
      db,
      rows.map((r) => r.id),
      limits,
    );
    const page = collect(rows, stored, rows[0]?.repo ?? null);
    return { ...page, statements: upsertIssueStatements(db, page.changed, limits) };
  }
  const rows = toCommentRows(items);
  const stored = await storedCommentVersions(
    db,
    rows.map((r) => r.id),
    limits,
  );
  const page = collect(rows, stored, rows[0] ? repoFromHtmlUrl(rows[0].htmlUrl) : null);
  const byRepo = new Map<string, number[]>();
  for (const row of page.changed)
    byRepo.set(row.repoKey, [...(byRepo.get(row.repoKey) ?? []), row.issueNumber]);
  return {
    ...page,
    statements: [
      ...upsertCommentStatements(db, page.changed, limits),
      ...[...byRepo].flatMap(([repoKey, numbers]) =>
        markIssuesChangedStatements(db, repoKey, numbers, limits),
      ),
    ],
  };
}

function collect<Row extends { id: number; updatedAt: string }>(
  rows: Row[],
  stored: Map<number, string>,
  repoName: string | null,
): Omit<PageRows, "statements"> & { changed: Row[] } {
  const page = { changed: [] as Row[], inserted: 0, updated: 0, unchanged: 0, repoName };
  for (const row of rows) {
    const previous = stored.get(row.id);
    if (previous === row.updatedAt) {
      page.unchanged += 1;
      continue;
    }
    if (previous === undefined) page.inserted += 1;
    else page.updated += 1;
    page.changed.push(row);
  }
  return page;
}
