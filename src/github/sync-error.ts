import { RequestError } from "octokit";
import type { RepoSlug } from "./repo-slug.js";

export type SyncErrorCode =
  | "BAD_REPO"
  | "NOT_FOUND"
  | "BAD_CREDENTIALS"
  | "RATE_LIMITED"
  | "NETWORK"
  | "GITHUB_ERROR";

/** A fatal ingestion problem, with a one-line message a person can act on. */
export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
    readonly resetAt: Date | null = null,
  ) {
    super(message);
    this.name = "SyncError";
  }
}

function describeReset(resetEpoch: number | null): { at: Date | null; text: string } {
  if (resetEpoch === null || !Number.isFinite(resetEpoch)) return { at: null, text: "later" };
  const at = new Date(resetEpoch * 1000);
  const minutes = Math.max(0, Math.ceil((at.getTime() - Date.now()) / 60_000));
  return { at, text: `at ${at.toISOString()} (in ${minutes} min)` };
}

export function toSyncError(error: unknown, slug: RepoSlug, resetEpoch: number | null): SyncError {
  if (error instanceof SyncError) return error;
  const repo = `${slug.owner}/${slug.name}`;
  if (!(error instanceof RequestError)) {
    return new SyncError(
      "NETWORK",
      `cannot reach the GitHub API: ${(error as Error)?.message ?? String(error)}`,
    );
  }
  const headers = error.response?.headers ?? {};
  const remaining = headers["x-ratelimit-remaining"];
  if ((error.status === 403 || error.status === 429) && String(remaining) === "0") {
    const reset = describeReset(Number(headers["x-ratelimit-reset"] ?? resetEpoch));
    return new SyncError(
      "RATE_LIMITED",
      `GitHub rate limit exhausted; it resets ${reset.text}. Progress is saved: run the same command again then`,
      reset.at,
    );
  }
  if (error.status === 404)
    return new SyncError("NOT_FOUND", `repository ${repo} not found (or not visible to this token)`);
  if (error.status === 401)
    return new SyncError(
      "BAD_CREDENTIALS",
      "GitHub rejected the token (401 Bad credentials): check GITHUB_TOKEN",
    );
  if (error.status === 500 && !error.response) {
    return new SyncError("NETWORK", `cannot reach the GitHub API: ${error.message}`);
  }
  return new SyncError("GITHUB_ERROR", `GitHub answered ${error.status} for ${repo}: ${error.message}`);
}
