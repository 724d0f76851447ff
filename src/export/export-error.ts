// Every way the docs PR can fail, as one line a person can act on (the CLI prints it and exits 1).
import { RequestError } from "octokit";

export type ExportErrorCode =
  | "NO_TOKEN"
  | "UNKNOWN_ENTRY"
  | "NOTHING_TO_EXPORT"
  | "MISSING_SCOPE"
  | "UPSTREAM_NOT_FOUND"
  | "BASE_NOT_FOUND"
  | "UNKNOWN_DOCS"
  | "FORK_TIMEOUT"
  | "FORK_CONFLICT"
  | "REFUSED"
  | "RATE_LIMITED"
  | "BASE_MOVED"
  | "BAD_CREDENTIALS"
  | "NETWORK"
  | "GITHUB_ERROR";

export class ExportError extends Error {
  constructor(
    readonly code: ExportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ExportError";
  }
}

interface GitHubBody {
  message?: string;
  errors?: ({ message?: string; field?: string; code?: string; resource?: string } | string)[];
}

function detailOf(body: GitHubBody | undefined, fallback: string): string {
  const errors = (body?.errors ?? []).map((e) =>
    typeof e === "string" ? e : (e.message ?? [e.resource, e.field, e.code].filter(Boolean).join(" ")),
  );
  const message = body?.message ?? fallback;
  return errors.length > 0 ? `${message}: ${errors.join("; ")}` : message;
}

function resetText(epoch: number): string {
  if (!Number.isFinite(epoch)) return "later";
  const minutes = Math.max(0, Math.ceil((epoch * 1000 - Date.now()) / 60_000));
  return `at ${new Date(epoch * 1000).toISOString()} (in ${minutes} min)`;
}

/** Maps what octokit threw while doing `action` ("create the pull request") to an ExportError. */
export function toExportError(error: unknown, action: string): ExportError {
  if (error instanceof ExportError) return error;
  if (!(error instanceof RequestError)) {
    return new ExportError(
      "NETWORK",
      `cannot reach the GitHub API to ${action}: ${(error as Error)?.message ?? String(error)}`,
    );
  }
  const headers = error.response?.headers ?? {};
  const body = error.response?.data as GitHubBody | undefined;
  if ((error.status === 403 || error.status === 429) && String(headers["x-ratelimit-remaining"]) === "0") {
    return new ExportError(
      "RATE_LIMITED",
      `GitHub rate limit exhausted while trying to ${action}; it resets ${resetText(Number(headers["x-ratelimit-reset"]))}. Rerun then (nothing half-done is left behind), or pass --wait`,
    );
  }
  if (error.status === 401)
    return new ExportError(
      "BAD_CREDENTIALS",
      "GitHub rejected the token (401 Bad credentials): check GITHUB_TOKEN",
    );
  if (error.status === 422)
    return new ExportError("REFUSED", `GitHub refused to ${action} (422): ${detailOf(body, error.message)}`);
  if (error.status === 404)
    return new ExportError(
      "GITHUB_ERROR",
      `GitHub answered 404 when trying to ${action}: not found, or this token may not see or write it`,
    );
  if (error.status === 500 && !error.response)
    return new ExportError("NETWORK", `cannot reach the GitHub API to ${action}: ${error.message}`);
  return new ExportError(
    "GITHUB_ERROR",
    `GitHub answered ${error.status} when trying to ${action}: ${detailOf(body, error.message)}`,
  );
}

/** Runs one GitHub call; a failure becomes an ExportError naming what was being done. */
export async function step<T>(action: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toExportError(error, action);
  }
}

/** Like step, but a 404 is an answer (null), not a failure. */
export async function stepOrNull<T>(action: string, call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof RequestError && error.status === 404) return null;
    throw toExportError(error, action);
  }
}
