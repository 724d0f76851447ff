// The GitHub calls the docs PR makes, each one named for its error message: reads of the upstream
// docs tree, and the git data writes (blobs → tree → commit → ref) for one commit.
import type { Octokit } from "octokit";
import type { FileChanges } from "../domain/export/pr-text.js";
import type { DocsFile } from "../domain/export/types.js";
import { step, stepOrNull } from "./export-error.js";

export interface RepoRef {
  owner: string;
  repo: string;
}

export const repoName = (r: RepoRef) => `${r.owner}/${r.repo}`;

export async function branchSha(octokit: Octokit, repo: RepoRef, branch: string): Promise<string | null> {
  const ref = await stepOrNull(`read branch ${branch} of ${repoName(repo)}`, () =>
    octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` }),
  );
  return ref?.data.object.sha ?? null;
}

/** Blob ids of the files under `dir` at a commit, by path from the repository root. */
export async function filesUnder(
  octokit: Octokit,
  repo: RepoRef,
  commitSha: string,
  dir: string,
): Promise<{ treeSha: string; files: Map<string, string> }> {
  const where = `read the tree of ${repoName(repo)} at ${commitSha.slice(0, 7)}`;
  const commit = await step(where, () => octokit.rest.git.getCommit({ ...repo, commit_sha: commitSha }));
  const files = new Map<string, string>();
  let treeSha = commit.data.tree.sha;
  for (const part of dir.split("/")) {
    const tree = await step(where, () => octokit.rest.git.getTree({ ...repo, tree_sha: treeSha }));
    const entry = tree.data.tree.find((e) => e.path === part && e.type === "tree");
    if (!entry?.sha) return { treeSha: commit.data.tree.sha, files };
    treeSha = entry.sha;
  }
  const listing = await step(where, () =>
    octokit.rest.git.getTree({ ...repo, tree_sha: treeSha, recursive: "1" }),
  );
  for (const e of listing.data.tree)
    if (e.type === "blob" && e.path && e.sha) files.set(`${dir}/${e.path}`, e.sha);
  return { treeSha: commit.data.tree.sha, files };
}

/** A text file at a commit; "" when it does not exist. */
export async function readText(octokit: Octokit, repo: RepoRef, path: string, ref: string): Promise<string> {
  const res = await stepOrNull(`read ${path} from ${repoName(repo)}`, () =>
    octokit.rest.repos.getContent({ ...repo, path, ref }),
  );
  const data = res?.data;
  if (!data || Array.isArray(data) || data.type !== "file" || !("content" in data)) return "";
  const binary = atob(data.content.replace(/\n/g, ""));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** One commit on top of `parent` holding every change: blobs, then a tree on the parent's, then the commit. */
export async function writeCommit(
  octokit: Octokit,
  repo: RepoRef,
  input: { parent: string; parentTree: string; files: DocsFile[]; changes: FileChanges; message: string },
): Promise<string> {
  const tree: { path: string; mode: "100644"; type: "blob"; sha: string | null }[] = [];
  for (const path of [...input.changes.added, ...input.changes.updated].sort()) {
    const content = input.files.find((f) => f.path === path)?.content ?? "";
    const blob = await step(`upload ${path} to ${repoName(repo)}`, () =>
      octokit.rest.git.createBlob({ ...repo, content, encoding: "utf-8" }),
    );
    tree.push({ path, mode: "100644", type: "blob", sha: blob.data.sha });
  }
  for (const path of input.changes.deleted) tree.push({ path, mode: "100644", type: "blob", sha: null });
  const newTree = await step(`create the tree in ${repoName(repo)}`, () =>
    octokit.rest.git.createTree({ ...repo, base_tree: input.parentTree, tree }),
  );
  const commit = await step(`create the commit in ${repoName(repo)}`, () =>
    octokit.rest.git.createCommit({
      ...repo,
      message: input.message,
      tree: newTree.data.sha,
      parents: [input.parent],
    }),
  );
  return commit.data.sha;
}

/** Points the branch at `sha`: creates it, fast-forwards it, or (our own branch only) resets it. */
export async function moveBranch(
  octokit: Octokit,
  repo: RepoRef,
  branch: string,
  sha: string,
  mode: "create" | "fast-forward" | "reset",
): Promise<void> {
  const action = `update refs/heads/${branch} in ${repoName(repo)}`;
  if (mode === "create") {
    await step(action, () => octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha }));
    return;
  }
  await step(action, () =>
    octokit.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha, force: mode === "reset" }),
  );
}
