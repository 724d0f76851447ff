// The emulator's user, repository, permission, fork and pull request endpoints, and the entry point
// for every route over repositories that hold git data (the issue routes stay in github-routes.ts).
import { type GitRequest, type GitResult, mayWrite, notFound, routeGitData } from "./github-git-routes";
import { pullJson, repoJson } from "./github-git-shapes";
import type { GitRepo, GitRepoStore } from "./github-repo-store";

export interface RepoApiRequest extends Omit<GitRequest, "rest"> {
  parts: string[];
}

const unauthorized = (route: string): GitResult => ({
  route,
  status: 401,
  body: {
    message: "Requires authentication",
    documentation_url: "https://docs.github.com/rest",
    status: "401",
  },
});

function validation(route: string, errors: Record<string, string>[]): GitResult {
  return {
    route,
    status: 422,
    body: {
      message: "Validation Failed",
      errors,
      documentation_url: "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
      status: "422",
    },
  };
}

function listPulls(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult {
  const state = req.query.get("state") ?? "open";
  const head = req.query.get("head");
  const base = req.query.get("base");
  const found = store.pulls.filter((p) => {
    if (p.repo.toLowerCase() !== repo.meta.full_name.toLowerCase()) return false;
    if (state !== "all" && p.state !== state) return false;
    const owner = store.repo(p.headRepo)?.meta.owner.login ?? "";
    if (head && `${owner}:${p.headRef}`.toLowerCase() !== head.toLowerCase()) return false;
    return !base || p.baseRef === base;
  });
  return {
    route: "GET /repos/{owner}/{repo}/pulls",
    status: 200,
    body: found.map((p) => pullJson(store, p)),
  };
}

function createPull(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult {
  const route = "POST /repos/{owner}/{repo}/pulls";
  if (req.login === null) return unauthorized(route);
  const headText = String(req.body.head ?? "");
  const [owner, ref] = headText.includes(":") ? headText.split(":", 2) : [repo.meta.owner.login, headText];
  const headRepo = store.repo(`${owner}/${repo.meta.name}`);
  const baseRef = String(req.body.base ?? "");
  const headSha = headRepo?.refs.get(`refs/heads/${ref}`);
  const baseSha = repo.refs.get(`refs/heads/${baseRef}`);
  if (!headRepo || !headSha || (headRepo !== repo && headRepo.parent !== repo.meta.full_name))
    return validation(route, [{ resource: "PullRequest", field: "head", code: "invalid" }]);
  if (!baseSha) return validation(route, [{ resource: "PullRequest", field: "base", code: "invalid" }]);
  if (typeof req.body.title !== "string" || !req.body.title.trim())
    return validation(route, [{ resource: "PullRequest", field: "title", code: "missing_field" }]);
  const label = `${owner}:${ref}`;
  if (
    store.pulls.some(
      (p) =>
        p.state === "open" &&
        p.headRepo === headRepo.meta.full_name &&
        p.headRef === ref &&
        p.baseRef === baseRef,
    )
  )
    return validation(route, [
      { resource: "PullRequest", code: "custom", message: `A pull request already exists for ${label}.` },
    ]);
  if (store.objects.isAncestor(headSha, baseSha))
    return validation(route, [
      { resource: "PullRequest", code: "custom", message: `No commits between ${baseRef} and ${label}` },
    ]);
  const pull = store.openPull({
    repo: repo.meta.full_name,
    title: req.body.title,
    body: typeof req.body.body === "string" ? req.body.body : null,
    user: store.user(req.login),
    headRepo: headRepo.meta.full_name,
    headRef: ref ?? "",
    baseRef,
    maintainerCanModify: req.body.maintainer_can_modify !== false,
    draft: req.body.draft === true,
  });
  return { route, status: 201, body: pullJson(store, pull) };
}

function updatePull(store: GitRepoStore, repo: GitRepo, req: GitRequest, number: number): GitResult {
  const route = "PATCH /repos/{owner}/{repo}/pulls/{pull_number}";
  const pull = store.pulls.find((p) => p.repo === repo.meta.full_name && p.number === number);
  if (!pull) return notFound(route);
  const author = req.login !== null && pull.user.login === req.login;
  if (!author && !mayWrite(store, repo, req)) return notFound(route);
  if (typeof req.body.title === "string") pull.title = req.body.title;
  if (typeof req.body.body === "string") pull.body = req.body.body;
  if (req.body.state === "open" || req.body.state === "closed") pull.state = req.body.state;
  pull.updatedAt = req.now;
  return { route, status: 200, body: pullJson(store, pull) };
}

function repoRoutes(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult | null {
  const [a, b, c, d] = req.rest;
  if (a === undefined && req.method === "GET")
    return { route: "GET /repos/{owner}/{repo}", status: 200, body: repoJson(store, repo, req.login) };
  if (a === "collaborators" && c === "permission" && d === undefined && req.method === "GET" && b) {
    const route = "GET /repos/{owner}/{repo}/collaborators/{username}/permission";
    if (req.login === null) return unauthorized(route);
    const owner = repo.meta.owner.login === b;
    const permission = owner ? "admin" : store.canPush(repo, b) ? "write" : "read";
    return { route, status: 200, body: { permission, role_name: permission, user: store.user(b) } };
  }
  if (a === "forks" && b === undefined && req.method === "POST") {
    const route = "POST /repos/{owner}/{repo}/forks";
    if (req.login === null) return unauthorized(route);
    if (req.scopes !== null && !req.scopes.some((s) => s === "repo" || s === "public_repo"))
      return notFound(route);
    const fork = store.fork(repo, req.login);
    return { route, status: 202, body: repoJson(store, fork, req.login) };
  }
  if (a === "pulls" && b === undefined && req.method === "GET") return listPulls(store, repo, req);
  if (a === "pulls" && b === undefined && req.method === "POST") return createPull(store, repo, req);
  if (a === "pulls" && b && /^\d+$/.test(b) && c === undefined) {
    if (req.method === "PATCH") return updatePull(store, repo, req, Number(b));
    const pull = store.pulls.find((p) => p.repo === repo.meta.full_name && p.number === Number(b));
    const route = "GET /repos/{owner}/{repo}/pulls/{pull_number}";
    return pull && req.method === "GET"
      ? { route, status: 200, body: pullJson(store, pull) }
      : notFound(route);
  }
  return routeGitData(store, repo, req);
}

/** Answers routes over git-backed repositories and `/user`; null leaves the request to the issue routes. */
export function routeRepoApi(store: GitRepoStore, req: RepoApiRequest): GitResult | null {
  const { parts } = req;
  if (parts.length === 1 && parts[0] === "user" && req.method === "GET") {
    if (req.login === null) return unauthorized("GET /user");
    return { route: "GET /user", status: 200, body: store.user(req.login) };
  }
  if (parts[0] !== "repos" || parts.length < 3) return null;
  const fullName = `${parts[1]}/${parts[2]}`;
  if (!store.has(fullName)) return null;
  const rest = parts.slice(3);
  const repo = store.repo(fullName, rest.length === 0 && req.method === "GET");
  const result = repo
    ? repoRoutes(store, repo, { ...req, rest })
    : notFound(`${req.method} /repos/{owner}/{repo}`);
  if (result) return result;
  // Issue routes serve upstream repositories only; a fork's issues are not emulated.
  return repo?.parent ? notFound("unknown") : null;
}
