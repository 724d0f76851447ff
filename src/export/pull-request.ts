// `kb export --pr`: published entries → one commit on `kb/troubleshooting` → the docs pull request,
// as a contributor without write access would do it. A rerun with nothing new makes no commit; a
// rerun after an edit adds one commit to the open pull request.
import type { Octokit } from "octokit";
import type { Database } from "../db/client.js";
import { buildDocsSet, type DocsSet } from "../domain/export/docs-set.js";
import {
  commitMessage,
  type FileChanges,
  pullRequestBody,
  pullRequestTitle,
} from "../domain/export/pr-text.js";
import { DOCS_TARGETS, defaultBaseBranch, targetForUpstream } from "../domain/export/targets.js";
import type { DocsTarget, DocsTargetKey } from "../domain/export/types.js";
import { publishedByTarget } from "./docs-sets.js";
import { ExportError, step } from "./export-error.js";
import { changedFiles, countChanges, fileDiff } from "./file-diff.js";
import {
  branchSha,
  filesUnder,
  moveBranch,
  type RepoRef,
  readText,
  repoName,
  writeCommit,
} from "./github-docs.js";
import { type ForkOptions, headRepository, readUpstream, whoAmI } from "./head-repo.js";

export const PR_BRANCH = "kb/troubleshooting";

export interface PullRequestOptions extends Partial<ForkOptions> {
  upstream: string;
  base?: string;
  /** Which docs to write when the upstream is not one of Seldon's repositories. */
  target?: DocsTargetKey;
  dryRun: boolean;
}

export interface PullRequestOutcome {
  kind: "opened" | "updated" | "unchanged" | "dry-run";
  upstream: string;
  base: string;
  /** "owner:kb/troubleshooting", or where it would be in a dry run. */
  head: string;
  title: string;
  body: string;
  /** Files the commit changes (or would): relative to the open PR's branch, else to the base. */
  changes: FileChanges;
  commit: string | null;
  pull: { number: number; url: string } | null;
  forked: boolean;
  /** The base branch moved during the run and the commit was rebuilt on its new head. */
  retriedOnNewBase: boolean;
  /** Unified diff of the changes (dry runs only). */
  diff: string;
}

interface Deps {
  octokit: Octokit;
  database: Database;
  log: (line: string) => void;
}

function chooseDocs(options: PullRequestOptions, upstream: string, base: string): DocsTarget {
  if (options.target) return DOCS_TARGETS[options.target];
  const target = targetForUpstream(upstream, base);
  if (!target)
    throw new ExportError(
      "UNKNOWN_DOCS",
      `${upstream} holds none of Seldon's docs; pass --target core-v2, core-v1 or mlserver`,
    );
  return target;
}

async function openPullFrom(octokit: Octokit, upstream: RepoRef, head: string, base: string) {
  const res = await step(`list the open pull requests of ${repoName(upstream)}`, () =>
    octokit.rest.pulls.list({ ...upstream, state: "open", head, base, per_page: 10 }),
  );
  return res.data[0] ?? null;
}

/** Everything one attempt needs to know, read from GitHub; no writes. */
async function plan(
  deps: Deps,
  ctx: { upstream: RepoRef; headRepo: RepoRef | null; head: string; base: string; target: DocsTarget },
) {
  const { octokit } = deps;
  const baseSha = await branchSha(octokit, ctx.upstream, ctx.base);
  if (!baseSha)
    throw new ExportError(
      "BASE_NOT_FOUND",
      `branch ${ctx.base} not found in ${repoName(ctx.upstream)}; pass an existing --base`,
    );
  const open = ctx.headRepo ? await openPullFrom(octokit, ctx.upstream, ctx.head, ctx.base) : null;
  const existing = ctx.headRepo ? await branchSha(octokit, ctx.headRepo, PR_BRANCH) : null;
  const parent = open && existing ? existing : baseSha;
  const root = ctx.target.docsRoot;
  const baseTree = await filesUnder(octokit, ctx.upstream, baseSha, root);
  const parentTree =
    parent === baseSha ? baseTree : await filesUnder(octokit, ctx.headRepo ?? ctx.upstream, parent, root);
  const summary = await readText(octokit, ctx.upstream, `${root}/SUMMARY.md`, baseSha);
  const entries = (await publishedByTarget(deps.database)).get(ctx.target.key) ?? [];
  const set = buildDocsSet(ctx.target, entries, summary);
  return { baseSha, open, existing, parent, parentTree, set, baseFiles: baseTree.files };
}

type Plan = Awaited<ReturnType<typeof plan>>;

async function outcomeBase(
  upstream: string,
  base: string,
  head: string,
  set: DocsSet,
  p: Plan,
  changes: FileChanges,
) {
  return {
    upstream,
    base,
    head,
    title: pullRequestTitle(set, await changedFiles(set, p.baseFiles)),
    body: pullRequestBody(set, upstream),
    changes,
    commit: null,
    pull: p.open ? { number: p.open.number, url: p.open.html_url } : null,
    forked: false,
    retriedOnNewBase: false,
    diff: "",
  };
}

export async function runDocsPullRequest(
  deps: Deps,
  options: PullRequestOptions,
): Promise<PullRequestOutcome> {
  const { octokit, log } = deps;
  const me = await whoAmI(octokit);
  const upstream = await readUpstream(octokit, options.upstream);
  const base = options.base ?? defaultBaseBranch(upstream.fullName, upstream.defaultBranch);
  const target = chooseDocs(options, upstream.fullName, base);
  if (!(await publishedByTarget(deps.database)).has(target.key))
    throw new ExportError(
      "NOTHING_TO_EXPORT",
      `no published entry belongs in the ${target.product} docs yet; publish entries (or set their target) first`,
    );
  const { repo: headRepo, forked } = await headRepository(octokit, upstream, me, { ...options, log });
  const headOwner = headRepo?.owner ?? me.login;
  const head = `${headOwner}:${PR_BRANCH}`;
  for (let attempt = 1; ; attempt++) {
    const p = await plan(deps, { upstream, headRepo, head, base, target });
    const changes = await changedFiles(p.set, p.parentTree.files);
    const outcome = {
      ...(await outcomeBase(upstream.fullName, base, head, p.set, p, changes)),
      forked,
      retriedOnNewBase: attempt > 1,
    };
    if (options.dryRun) {
      const diff = await fileDiff(octokit, headRepo ?? upstream, p.parent, p.set, changes);
      return { ...outcome, kind: "dry-run", diff };
    }
    if (countChanges(changes) === 0 || !headRepo) {
      if (p.open && (p.open.title !== outcome.title || (p.open.body ?? "") !== outcome.body))
        await step("update the pull request text", () =>
          octokit.rest.pulls.update({
            ...upstream,
            pull_number: p.open!.number,
            title: outcome.title,
            body: outcome.body,
          }),
        );
      return { ...outcome, kind: "unchanged" };
    }
    const message = commitMessage(p.set, changes);
    const files = p.set.files;
    const commit = await writeCommit(octokit, headRepo, {
      parent: p.parent,
      parentTree: p.parentTree.treeSha,
      files,
      changes,
      message,
    });
    // Built on a base head that is no longer the head: rebuild once on the new one.
    if ((await branchSha(octokit, upstream, base)) !== p.baseSha) {
      if (attempt >= 2)
        throw new ExportError(
          "BASE_MOVED",
          `${base} of ${upstream.fullName} moved twice during the run; rerun when it is quiet`,
        );
      log(`${base} moved while the commit was being built; rebuilding on its new head`);
      continue;
    }
    await moveBranch(
      octokit,
      headRepo,
      PR_BRANCH,
      commit,
      p.existing === null ? "create" : p.open ? "fast-forward" : "reset",
    );
    const done = { ...outcome, commit };
    if (p.open) {
      await step("update the pull request", () =>
        octokit.rest.pulls.update({
          ...upstream,
          pull_number: p.open!.number,
          title: done.title,
          body: done.body,
        }),
      );
      return { ...done, kind: "updated" };
    }
    const created = await step(`open the pull request on ${upstream.fullName}`, () =>
      octokit.rest.pulls.create({
        ...upstream,
        title: done.title,
        body: done.body,
        head,
        base,
        maintainer_can_modify: true,
      }),
    );
    return { ...done, kind: "opened", pull: { number: created.data.number, url: created.data.html_url } };
  }
}
