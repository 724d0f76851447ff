// `kb export --pr`: published entries → one commit on `kb/troubleshooting` → the docs pull request,
// as a contributor without write access would do it. A rerun with nothing new makes no commit; a
// rerun after an edit adds one commit to the open pull request.
import type { Octokit } from "octokit";
import type { Database } from "../db/client.js";
import { buildDocsSet } from "../domain/export/docs-set.js";
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
import { type ForkOptions, headRepository, readUpstream, type Upstream, whoAmI } from "./head-repo.js";

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

interface Context {
  upstream: Upstream;
  headRepo: RepoRef | null;
  head: string;
  base: string;
  target: DocsTarget;
  forked: boolean;
}

/** Who asks, where the PR goes, which docs, and where its branch lives (forking if needed). */
async function prepare(deps: Deps, options: PullRequestOptions): Promise<Context> {
  const { octokit } = deps;
  const me = await whoAmI(octokit);
  const upstream = await readUpstream(octokit, options.upstream);
  const base = options.base ?? defaultBaseBranch(upstream.fullName, upstream.defaultBranch);
  const target = chooseDocs(options, upstream.fullName, base);
  if (!(await publishedByTarget(deps.database)).has(target.key))
    throw new ExportError(
      "NOTHING_TO_EXPORT",
      `no published entry belongs in the ${target.product} docs yet; publish entries (or set their target) first`,
    );
  const { repo: headRepo, forked } = await headRepository(octokit, upstream, me, {
    ...options,
    log: deps.log,
  });
  const head = `${headRepo?.owner ?? me.login}:${PR_BRANCH}`;
  return { upstream, headRepo, head, base, target, forked };
}

/** What this attempt would report if it stopped here: no commit yet, the PR text for the whole change. */
async function outcomeOf(
  ctx: Context,
  p: Plan,
  changes: FileChanges,
  attempt: number,
): Promise<PullRequestOutcome> {
  return {
    kind: "unchanged",
    upstream: ctx.upstream.fullName,
    base: ctx.base,
    head: ctx.head,
    title: pullRequestTitle(p.set, await changedFiles(p.set, p.baseFiles)),
    body: pullRequestBody(p.set, ctx.upstream.fullName),
    changes,
    commit: null,
    pull: p.open ? { number: p.open.number, url: p.open.html_url } : null,
    forked: ctx.forked,
    retriedOnNewBase: attempt > 1,
    diff: "",
  };
}

/** Moves the branch to the new commit, then updates the open PR or opens one. */
async function publish(
  deps: Deps,
  ctx: Context & { headRepo: RepoRef },
  p: Plan,
  done: PullRequestOutcome,
): Promise<PullRequestOutcome> {
  const { octokit } = deps;
  const mode = p.existing === null ? "create" : p.open ? "fast-forward" : "reset";
  await moveBranch(octokit, ctx.headRepo, PR_BRANCH, done.commit ?? "", mode);
  const text = { title: done.title, body: done.body };
  if (p.open) {
    const number = p.open.number;
    await step("update the pull request", () =>
      octokit.rest.pulls.update({ ...ctx.upstream, pull_number: number, ...text }),
    );
    return { ...done, kind: "updated" };
  }
  const created = await step(`open the pull request on ${ctx.upstream.fullName}`, () =>
    octokit.rest.pulls.create({
      ...ctx.upstream,
      ...text,
      head: ctx.head,
      base: ctx.base,
      maintainer_can_modify: true,
    }),
  );
  return { ...done, kind: "opened", pull: { number: created.data.number, url: created.data.html_url } };
}

export async function runDocsPullRequest(
  deps: Deps,
  options: PullRequestOptions,
): Promise<PullRequestOutcome> {
  const { octokit, log } = deps;
  const ctx = await prepare(deps, options);
  const { upstream, headRepo, base } = ctx;
  for (let attempt = 1; ; attempt++) {
    const p = await plan(deps, ctx);
    const changes = await changedFiles(p.set, p.parentTree.files);
    const outcome = await outcomeOf(ctx, p, changes, attempt);
    if (options.dryRun) {
      const diff = await fileDiff(octokit, headRepo ?? upstream, p.parent, p.set, changes);
      return { ...outcome, kind: "dry-run", diff };
    }
    if (countChanges(changes) === 0 || !headRepo) {
      const open = p.open;
      if (open && (open.title !== outcome.title || (open.body ?? "") !== outcome.body))
        await step("update the pull request text", () =>
          octokit.rest.pulls.update({
            ...upstream,
            pull_number: open.number,
            title: outcome.title,
            body: outcome.body,
          }),
        );
      return outcome;
    }
    const commit = await writeCommit(octokit, headRepo, {
      parent: p.parent,
      parentTree: p.parentTree.treeSha,
      files: p.set.files,
      changes,
      message: commitMessage(p.set, changes),
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
    return publish(deps, { ...ctx, headRepo }, p, { ...outcome, commit });
  }
}
