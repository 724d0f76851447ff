import type { Statement } from "../db/client.js";
import type { CommentInsert, IssueInsert } from "../db/queries/ingest.js";
import { GitHubComment, GitHubIssue, issueNumberFromUrl, repoFromHtmlUrl } from "./github-types.js";
import { SyncError } from "./sync-error.js";

export interface PageRows {
  statements: Statement[];
  inserted: number;
  updated: number;
  unchanged: number;
  repoName: string | null;
}

// A row GitHub sent that we cannot read stops the sync before anything of its page is written:
// storing part of a page, or skipping a row, would lose data silently.
function parseAll<T>(
  items: unknown[],
  schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  what: string,
): T[] {
  return items.map((item, index) => {
    const parsed = schema.safeParse(item);
    if (!parsed.success || parsed.data === undefined) {
      throw new SyncError(
        "GITHUB_ERROR",
        `GitHub sent a ${what} this tool cannot read (item ${index} of its page)`,
      );
    }
    return parsed.data;
  });
}

export function toIssueRows(items: unknown[]): IssueInsert[] {
  return parseAll(items, GitHubIssue, "issue").map((issue) => {
    const repo = repoFromHtmlUrl(issue.html_url);
    if (!repo)
      throw new SyncError("GITHUB_ERROR", `GitHub sent issue #${issue.number} with an unexpected html_url`);
    return {
      id: issue.id,
      repo,
      repoKey: repo.toLowerCase(),
      number: issue.number,
      title: issue.title,
      body: issue.body ?? "",
      state: issue.state,
      stateReason: issue.state_reason ?? null,
      labels: issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? ""))).filter(Boolean),
      author: issue.user?.login ?? null,
      authorAssociation: issue.author_association ?? null,
      isPullRequest: issue.pull_request != null,
      reactions: issue.reactions?.total_count ?? 0,
      htmlUrl: issue.html_url,
      createdAt: issue.created_at,
      updatedAt: issue.updated_at,
      closedAt: issue.closed_at ?? null,
    };
  });
}

export function toCommentRows(items: unknown[]): CommentInsert[] {
  return parseAll(items, GitHubComment, "comment").map((comment) => {
    const repo = repoFromHtmlUrl(comment.html_url);
    const issueNumber = issueNumberFromUrl(comment.issue_url);
    if (!repo || issueNumber === null) {
      throw new SyncError("GITHUB_ERROR", `GitHub sent comment ${comment.id} with an unexpected issue_url`);
    }
    return {
      id: comment.id,
      repoKey: repo.toLowerCase(),
      issueNumber,
      body: comment.body ?? "",
      author: comment.user?.login ?? null,
      authorAssociation: comment.author_association ?? null,
      htmlUrl: comment.html_url,
      createdAt: comment.created_at,
      updatedAt: comment.updated_at,
    };
  });
}
