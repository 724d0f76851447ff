// Route table of the GitHub emulator: turns a GET path and query into a GitHub-shaped answer.
// HTTP concerns (auth, rate limits, ETags, faults) stay in github-emulator.ts.
import { type GitHubStore, type ListQuery, normaliseSince } from "./github-store";

export interface RouteResult {
  /** Route template for the per-route request counter. */
  route: string;
  status: number;
  body: unknown;
  /** Set on list answers: which page was served and how many exist. */
  page?: { page: number; last: number };
  list?: boolean;
}

const DOCS = "https://docs.github.com/rest";
const notFound = (route: string): RouteResult => ({
  route,
  status: 404,
  body: { message: "Not Found", documentation_url: DOCS, status: "404" },
});

class Invalid extends Error {
  constructor(
    readonly field: string,
    readonly resource: string,
  ) {
    super(field);
  }
}

function oneOf<T extends string>(
  q: URLSearchParams,
  field: string,
  allowed: readonly T[],
  fallback: T,
  resource: string,
): T {
  const v = q.get(field);
  if (v === null) return fallback;
  if (!(allowed as readonly string[]).includes(v)) throw new Invalid(field, resource);
  return v as T;
}

function positiveInt(q: URLSearchParams, field: string, fallback: number, resource: string): number {
  const v = q.get(field);
  if (v === null) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new Invalid(field, resource);
  return Number(v);
}

function listQuery(
  q: URLSearchParams,
  sorts: readonly ListQuery["sort"][],
  resource: string,
  defaultDirection: "asc" | "desc",
): ListQuery {
  const sort = oneOf(q, "sort", sorts, "created", resource);
  const direction = oneOf(q, "direction", ["asc", "desc"] as const, defaultDirection, resource);
  const raw = q.get("since");
  const since = raw === null ? null : normaliseSince(raw);
  if (raw !== null && since === null) throw new Invalid("since", resource);
  return { sort, direction, since };
}

function paginate(
  route: string,
  items: readonly unknown[],
  q: URLSearchParams,
  resource: string,
): RouteResult {
  // GitHub caps per_page at 100 rather than rejecting larger values.
  const perPage = Math.min(100, positiveInt(q, "per_page", 30, resource));
  const page = positiveInt(q, "page", 1, resource);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  return {
    route,
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    page: { page, last },
    list: true,
  };
}

const ISSUES_SORTS = ["created", "updated", "comments"] as const;
const COMMENT_SORTS = ["created", "updated"] as const;

export function routeRequest(
  store: GitHubStore,
  method: string,
  pathname: string,
  q: URLSearchParams,
): RouteResult {
  const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (method !== "GET" && method !== "HEAD") return notFound("unknown");
  if (parts.length === 1 && parts[0] === "rate_limit")
    return { route: "GET /rate_limit", status: 200, body: null };
  if (parts[0] !== "repos" || parts.length < 3) return notFound("unknown");
  const [, owner = "", name = "", a, b, c, d] = parts;
  const repo = store.repo(owner, name);
  const route = routeName(parts);
  if (route === "unknown") return notFound(route);
  if (!repo) return notFound(route);
  try {
    if (a === undefined) return { route, status: 200, body: repo };
    if (a === "issues" && b === undefined) {
      const state = oneOf(q, "state", ["open", "closed", "all"] as const, "open", "Issue");
      return paginate(
        route,
        store.listIssues(repo.full_name, state, listQuery(q, ISSUES_SORTS, "Issue", "desc")),
        q,
        "Issue",
      );
    }
    if (a === "issues" && b === "comments" && c === undefined) {
      return paginate(
        route,
        store.listComments(repo.full_name, listQuery(q, COMMENT_SORTS, "IssueComment", "asc")),
        q,
        "IssueComment",
      );
    }
    const number = Number(b);
    const issue = /^\d+$/.test(b ?? "") ? store.issue(repo.full_name, number) : undefined;
    if (!issue) return notFound(route);
    if (c === undefined) return { route, status: 200, body: issue };
    if (c === "comments" && d === undefined) {
      const comments = store.listComments(
        repo.full_name,
        {
          sort: "created",
          direction: "asc",
          since: listQuery(q, COMMENT_SORTS, "IssueComment", "asc").since,
        },
        number,
      );
      return paginate(route, comments, q, "IssueComment");
    }
    return notFound(route);
  } catch (e) {
    if (!(e instanceof Invalid)) throw e;
    return {
      route,
      status: 422,
      body: {
        message: "Validation Failed",
        errors: [{ resource: e.resource, code: "invalid", field: e.field }],
        documentation_url: `${DOCS}/issues`,
        status: "422",
      },
    };
  }
}

function routeName(parts: string[]): string {
  const [, , , a, b, c, d] = parts;
  if (a === undefined) return "GET /repos/{owner}/{repo}";
  if (a !== "issues") return "unknown";
  if (b === undefined) return "GET /repos/{owner}/{repo}/issues";
  if (b === "comments" && c === undefined) return "GET /repos/{owner}/{repo}/issues/comments";
  if (c === undefined) return "GET /repos/{owner}/{repo}/issues/{issue_number}";
  if (c === "comments" && d === undefined) return "GET /repos/{owner}/{repo}/issues/{issue_number}/comments";
  return "unknown";
}
