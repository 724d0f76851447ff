// What the commit changes, found by comparing git blob ids, and the unified diff a dry run prints.
import { createTwoFilesPatch } from "diff";
import type { Octokit } from "octokit";
import type { DocsSet } from "../domain/export/docs-set.js";
import type { FileChanges } from "../domain/export/pr-text.js";
import { gitBlobSha } from "./git-blob.js";
import { type RepoRef, readText } from "./github-docs.js";

/**
 * Generated files that are new or differ from `existing` (path → blob id), and pages in the
 * export's folder that no published entry produces any more (renamed or withdrawn entries).
 */
export async function changedFiles(
  set: DocsSet,
  existing: ReadonlyMap<string, string>,
): Promise<FileChanges> {
  const changes: FileChanges = { added: [], updated: [], deleted: [] };
  for (const file of set.files) {
    const before = existing.get(file.path);
    if (before === undefined) changes.added.push(file.path);
    else if (before !== (await gitBlobSha(file.content))) changes.updated.push(file.path);
  }
  const generated = new Set(set.files.map((f) => f.path));
  for (const path of [...existing.keys()].sort())
    if (path.startsWith(`${set.folderPath}/`) && path.endsWith(".md") && !generated.has(path))
      changes.deleted.push(path);
  return changes;
}

export function countChanges(changes: FileChanges): number {
  return changes.added.length + changes.updated.length + changes.deleted.length;
}

/** `diff -u` of every changed file against `ref` in `repo`, in path order. */
export async function fileDiff(
  octokit: Octokit,
  repo: RepoRef,
  ref: string,
  set: DocsSet,
  changes: FileChanges,
): Promise<string> {
  const paths = [...changes.added, ...changes.updated, ...changes.deleted].sort();
  const parts: string[] = [];
  for (const path of paths) {
    const before = changes.added.includes(path) ? "" : await readText(octokit, repo, path, ref);
    const after = set.files.find((f) => f.path === path)?.content ?? "";
    const from = changes.added.includes(path) ? "/dev/null" : `a/${path}`;
    const to = changes.deleted.includes(path) ? "/dev/null" : `b/${path}`;
    parts.push(
      createTwoFilesPatch(from, to, before, after, undefined, undefined, { context: 3 }).replace(/^=+\n/, ""),
    );
  }
  return parts.join("");
}
