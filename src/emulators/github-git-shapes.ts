// GitHub REST shapes for git data, contents, repositories with permissions, and pull requests.
import type { GitObjects, GitPerson } from "./github-git-objects";
import type { GitRepo, GitRepoStore, PullRequest } from "./github-repo-store";
import { GITHUB_API, GITHUB_WEB } from "./github-types";

const api = (repo: GitRepo) => `${GITHUB_API}/repos/${repo.meta.full_name}`;

export function refJson(repo: GitRepo, ref: string, sha: string) {
  return {
    ref,
    node_id: `REF_${Buffer.from(`${repo.meta.full_name}:${ref}`).toString("base64url")}`,
    url: `${api(repo)}/git/${ref}`,
    object: { sha, type: "commit", url: `${api(repo)}/git/commits/${sha}` },
  };
}

export function commitJson(
  repo: GitRepo,
  sha: string,
  commit: { tree: string; parents: string[]; message: string; author: GitPerson; committer: GitPerson },
) {
  return {
    sha,
    node_id: `C_${sha.slice(0, 20)}`,
    url: `${api(repo)}/git/commits/${sha}`,
    html_url: `${GITHUB_WEB}/${repo.meta.full_name}/commit/${sha}`,
    author: commit.author,
    committer: commit.committer,
    tree: { sha: commit.tree, url: `${api(repo)}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((p) => ({
      sha: p,
      url: `${api(repo)}/git/commits/${p}`,
      html_url: `${GITHUB_WEB}/${repo.meta.full_name}/commit/${p}`,
    })),
    verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
  };
}

export function treeJson(repo: GitRepo, objects: GitObjects, sha: string, recursive: boolean) {
  const tree = objects.get(sha);
  const entries = recursive
    ? objects.flatten(sha)
    : tree?.type === "tree"
      ? tree.entries.map((e) => ({ path: e.name, mode: e.mode, type: e.type, sha: e.sha }))
      : [];
  return {
    sha,
    url: `${api(repo)}/git/trees/${sha}`,
    tree: entries.map((e) => {
      const obj = objects.get(e.sha);
      const kind = e.type === "tree" ? "trees" : "blobs";
      return {
        path: e.path,
        mode: e.mode,
        type: e.type,
        sha: e.sha,
        ...(obj?.type === "blob" ? { size: obj.content.length } : {}),
        url: `${api(repo)}/git/${kind}/${e.sha}`,
      };
    }),
    truncated: false,
  };
}

/** A contents entry; files carry their text base64-encoded in 60-character lines, as GitHub sends it. */
export function contentJson(
  repo: GitRepo,
  ref: string,
  path: string,
  sha: string,
  type: "file" | "dir",
  content?: Buffer,
) {
  const name = path.split("/").pop() ?? path;
  const self = `${api(repo)}/contents/${path}?ref=${ref}`;
  const git = `${api(repo)}/git/${type === "dir" ? "trees" : "blobs"}/${sha}`;
  const html = `${GITHUB_WEB}/${repo.meta.full_name}/${type === "dir" ? "tree" : "blob"}/${ref}/${path}`;
  return {
    type,
    ...(content ? { encoding: "base64" } : {}),
    size: content?.length ?? 0,
    name,
    path,
    ...(content ? { content: `${content.toString("base64").replace(/.{60}/g, "$&\n")}\n` } : {}),
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url:
      type === "file" ? `https://raw.githubusercontent.com/${repo.meta.full_name}/${ref}/${path}` : null,
    _links: { self, git, html },
  };
}

export function repoJson(store: GitRepoStore, repo: GitRepo, login: string | null) {
  const parent = repo.parent ? store.repo(repo.parent)?.meta : undefined;
  const push = store.canPush(repo, login);
  const admin = login !== null && repo.meta.owner.login === login;
  return {
    ...repo.meta,
    ...(login !== null ? { permissions: { admin, maintain: admin, push, triage: push, pull: true } } : {}),
    ...(parent ? { parent, source: parent } : {}),
  };
}

export function pullJson(store: GitRepoStore, pull: PullRequest) {
  const base = store.repo(pull.repo);
  const head = store.repo(pull.headRepo);
  const url = `${GITHUB_API}/repos/${pull.repo}/pulls/${pull.number}`;
  const side = (repo: GitRepo | undefined, ref: string) => ({
    label: `${repo?.meta.owner.login ?? "unknown"}:${ref}`,
    ref,
    sha: repo?.refs.get(`refs/heads/${ref}`) ?? null,
    user: repo?.meta.owner ?? null,
    repo: repo ? repo.meta : null,
  });
  return {
    url,
    id: pull.id,
    node_id: `PR_kwDO${pull.id.toString(36).toUpperCase()}`,
    html_url: `${GITHUB_WEB}/${pull.repo}/pull/${pull.number}`,
    diff_url: `${GITHUB_WEB}/${pull.repo}/pull/${pull.number}.diff`,
    patch_url: `${GITHUB_WEB}/${pull.repo}/pull/${pull.number}.patch`,
    issue_url: `${GITHUB_API}/repos/${pull.repo}/issues/${pull.number}`,
    commits_url: `${url}/commits`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    user: pull.user,
    body: pull.body,
    labels: [],
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    draft: pull.draft,
    head: side(head, pull.headRef),
    base: side(base, pull.baseRef),
    author_association: "CONTRIBUTOR",
    maintainer_can_modify: pull.maintainerCanModify,
  };
}
