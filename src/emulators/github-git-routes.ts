// Git data and contents endpoints of the emulator (refs, blobs, trees, commits, contents), with
// GitHub's documented status codes: 201 on create, 404 for what the caller cannot see or write,
// 422 with `Validation Failed`-style bodies for refused changes.
import type { TreeMode } from "./github-git-objects";
import { commitJson, contentJson, refJson, treeJson } from "./github-git-shapes";
import type { GitRepo, GitRepoStore } from "./github-repo-store";

export interface GitRequest {
  method: string;
  /** Path segments after /repos/{owner}/{repo}/. */
  rest: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  login: string | null;
  /** null: fine-grained token (no scope header); otherwise the classic token's scopes. */
  scopes: string[] | null;
  now: string;
}

export interface GitResult {
  route: string;
  status: number;
  body: unknown;
}

const DOCS = "https://docs.github.com/rest";
export const notFound = (route: string): GitResult => ({
  route,
  status: 404,
  body: { message: "Not Found", documentation_url: DOCS, status: "404" },
});
export const unprocessable = (route: string, message: string, docs = "git/refs"): GitResult => ({
  route,
  status: 422,
  body: { message, documentation_url: `${DOCS}/${docs}`, status: "422" },
});

export const mayWrite = (store: GitRepoStore, repo: GitRepo, req: GitRequest) =>
  store.canPush(repo, req.login) &&
  (req.scopes === null || req.scopes.includes("repo") || req.scopes.includes("public_repo"));

function refRoutes(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult | null {
  const [, kind, ...refParts] = req.rest; // git/ref(s)/...
  const name = refParts.join("/");
  if (req.method === "GET" && (kind === "ref" || kind === "refs") && name) {
    const route = "GET /repos/{owner}/{repo}/git/ref/{ref}";
    const sha = repo.refs.get(`refs/${name}`);
    return sha ? { route, status: 200, body: refJson(repo, `refs/${name}`, sha) } : notFound(route);
  }
  if (req.method === "POST" && kind === "refs" && !name) {
    const route = "POST /repos/{owner}/{repo}/git/refs";
    if (!mayWrite(store, repo, req)) return notFound(route);
    const ref = String(req.body.ref ?? "");
    const sha = String(req.body.sha ?? "");
    if (!/^refs\/[^/]+\/.+/.test(ref)) return unprocessable(route, "Reference name is invalid");
    if (repo.refs.has(ref)) return unprocessable(route, "Reference already exists");
    if (store.objects.get(sha)?.type !== "commit") return unprocessable(route, "Object does not exist");
    repo.refs.set(ref, sha);
    return { route, status: 201, body: refJson(repo, ref, sha) };
  }
  if (req.method === "PATCH" && kind === "refs" && name) {
    const route = "PATCH /repos/{owner}/{repo}/git/refs/{ref}";
    if (!mayWrite(store, repo, req)) return notFound(route);
    const ref = `refs/${name}`;
    const current = repo.refs.get(ref);
    const sha = String(req.body.sha ?? "");
    if (!current) return unprocessable(route, "Reference does not exist");
    if (store.objects.get(sha)?.type !== "commit") return unprocessable(route, "Object does not exist");
    if (req.body.force !== true && !store.objects.isAncestor(current, sha))
      return unprocessable(route, "Update is not a fast forward");
    repo.refs.set(ref, sha);
    return { route, status: 200, body: refJson(repo, ref, sha) };
  }
  return null;
}

type NewTreeEntry = { path?: unknown; mode?: unknown; type?: unknown; sha?: unknown; content?: unknown };

function createTree(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult {
  const route = "POST /repos/{owner}/{repo}/git/trees";
  if (!mayWrite(store, repo, req)) return notFound(route);
  const baseSha = req.body.base_tree === undefined ? null : String(req.body.base_tree);
  if (baseSha !== null && store.objects.get(baseSha)?.type !== "tree")
    return unprocessable(route, "Invalid tree info", "git/trees");
  const files = baseSha ? store.objects.filesOf(baseSha) : new Map();
  if (!Array.isArray(req.body.tree))
    return unprocessable(route, "Invalid request: tree is not an array", "git/trees");
  for (const raw of req.body.tree as NewTreeEntry[]) {
    const path = String(raw.path ?? "");
    const mode = String(raw.mode ?? "") as TreeMode;
    if (!path || path.startsWith("/") || !["100644", "100755", "120000"].includes(mode))
      return unprocessable(route, "Invalid tree info", "git/trees");
    if (raw.sha === null) {
      files.delete(path);
      continue;
    }
    const sha =
      typeof raw.content === "string"
        ? store.objects.putBlob(Buffer.from(raw.content))
        : String(raw.sha ?? "");
    if (store.objects.get(sha)?.type !== "blob")
      return unprocessable(route, "Invalid tree info", "git/trees");
    files.set(path, { mode, sha });
  }
  const sha = store.objects.treeFromFiles(files);
  return { route, status: 201, body: treeJson(repo, store.objects, sha, false) };
}

function createCommit(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult {
  const route = "POST /repos/{owner}/{repo}/git/commits";
  if (!mayWrite(store, repo, req)) return notFound(route);
  const tree = String(req.body.tree ?? "");
  const parents = Array.isArray(req.body.parents) ? req.body.parents.map(String) : [];
  const message = typeof req.body.message === "string" ? req.body.message : "";
  if (!message) return unprocessable(route, "Invalid request: message is required", "git/commits");
  if (
    store.objects.get(tree)?.type !== "tree" ||
    parents.some((p) => store.objects.get(p)?.type !== "commit")
  )
    return unprocessable(route, "Tree SHA does not exist or parent SHA does not exist", "git/commits");
  const user = store.user(req.login ?? "ghost");
  const person = {
    name: user.login,
    email: `${user.id}+${user.login}@users.noreply.github.com`,
    date: req.now,
  };
  const commit = { tree, parents, message, author: person, committer: person };
  const sha = store.objects.putCommit(commit);
  return { route, status: 201, body: commitJson(repo, sha, commit) };
}

function contents(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult {
  const route = "GET /repos/{owner}/{repo}/contents/{path}";
  const ref = req.query.get("ref") ?? repo.meta.default_branch;
  const commitSha = store.resolve(repo, ref);
  const commit = commitSha ? store.objects.get(commitSha) : undefined;
  if (commit?.type !== "commit") return notFound(route);
  const path = req.rest.slice(1).join("/");
  const entries = store.objects.flatten(commit.tree);
  const file = entries.find((e) => e.path === path && e.type === "blob");
  const blob = file ? store.objects.get(file.sha) : undefined;
  if (file && blob?.type === "blob")
    return { route, status: 200, body: contentJson(repo, ref, path, file.sha, "file", blob.content) };
  const prefix = path ? `${path}/` : "";
  const children = entries.filter(
    (e) => e.path.startsWith(prefix) && !e.path.slice(prefix.length).includes("/"),
  );
  if (children.length === 0) return notFound(route);
  const list = children.map((e) => contentJson(repo, ref, e.path, e.sha, e.type === "tree" ? "dir" : "file"));
  return { route, status: 200, body: list };
}

/** Git data and contents routes for one repository; null when the path is none of them. */
export function routeGitData(store: GitRepoStore, repo: GitRepo, req: GitRequest): GitResult | null {
  const [a, b, c] = req.rest;
  if (a === "contents" && req.method === "GET") return contents(store, repo, req);
  if (a !== "git") return null;
  if (b === "ref" || b === "refs") return refRoutes(store, repo, req);
  if (b === "blobs" && req.method === "POST" && c === undefined) {
    const route = "POST /repos/{owner}/{repo}/git/blobs";
    if (!mayWrite(store, repo, req)) return notFound(route);
    if (typeof req.body.content !== "string")
      return unprocessable(route, "Invalid request: content is required", "git/blobs");
    const encoding = req.body.encoding === "base64" ? "base64" : "utf-8";
    const sha = store.objects.putBlob(
      Buffer.from(req.body.content, encoding === "base64" ? "base64" : "utf8"),
    );
    return {
      route,
      status: 201,
      body: { sha, url: `https://api.github.com/repos/${repo.meta.full_name}/git/blobs/${sha}` },
    };
  }
  if (b === "trees" && req.method === "POST" && c === undefined) return createTree(store, repo, req);
  if (b === "trees" && req.method === "GET" && c) {
    const route = "GET /repos/{owner}/{repo}/git/trees/{tree_sha}";
    let sha = store.resolve(repo, c);
    const obj = sha ? store.objects.get(sha) : undefined;
    if (obj?.type === "commit") sha = obj.tree;
    if (!sha || store.objects.get(sha)?.type !== "tree") return notFound(route);
    const recursive =
      req.query.has("recursive") && !["0", "false"].includes(req.query.get("recursive") ?? "");
    return { route, status: 200, body: treeJson(repo, store.objects, sha, recursive) };
  }
  if (b === "commits" && req.method === "POST" && c === undefined) return createCommit(store, repo, req);
  if (b === "commits" && req.method === "GET" && c) {
    const route = "GET /repos/{owner}/{repo}/git/commits/{commit_sha}";
    const obj = store.objects.get(c);
    return obj?.type === "commit" ? { route, status: 200, body: commitJson(repo, c, obj) } : notFound(route);
  }
  return null;
}
