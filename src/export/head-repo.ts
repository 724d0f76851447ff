// Where the PR's branch lives: the upstream itself when the token may push there, otherwise the
// token owner's fork, created when missing and waited for until it answers.
import type { Octokit } from "octokit";
import { ExportError, step, stepOrNull } from "./export-error.js";
import { type RepoRef, repoName } from "./github-docs.js";

export interface Identity {
  login: string;
  /** Classic token scopes from `x-oauth-scopes`; null for fine-grained tokens, which send none. */
  scopes: string[] | null;
}

export interface Upstream extends RepoRef {
  fullName: string;
  defaultBranch: string;
  canPush: boolean;
}

export async function whoAmI(octokit: Octokit): Promise<Identity> {
  const res = await step("read the token's user", () => octokit.rest.users.getAuthenticated());
  const header = res.headers["x-oauth-scopes"];
  const scopes =
    header === undefined
      ? null
      : String(header)
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean);
  if (scopes !== null && !scopes.includes("public_repo") && !scopes.includes("repo")) {
    throw new ExportError(
      "MISSING_SCOPE",
      `the token of ${res.data.login} lacks the public_repo scope (it has: ${scopes.join(", ") || "none"}); create a token with public_repo to open pull requests`,
    );
  }
  return { login: res.data.login, scopes };
}

export async function readUpstream(octokit: Octokit, slug: string): Promise<Upstream> {
  const [owner = "", repo = ""] = slug.split("/");
  const res = await stepOrNull(`read ${slug}`, () => octokit.rest.repos.get({ owner, repo }));
  if (!res)
    throw new ExportError(
      "UPSTREAM_NOT_FOUND",
      `upstream ${slug} not found (404): check the name, or this token cannot see it`,
    );
  return {
    owner: res.data.owner.login,
    repo: res.data.name,
    fullName: res.data.full_name,
    defaultBranch: res.data.default_branch,
    canPush: res.data.permissions?.push === true,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ForkOptions {
  /** Wait between polls of a new fork. Default 2000 ms. */
  pollMs?: number;
  /** Polls before giving up. Default 30 (a minute at the default wait). */
  maxPolls?: number;
  log: (line: string) => void;
}

async function existingFork(octokit: Octokit, upstream: Upstream, login: string): Promise<RepoRef | null> {
  const res = await stepOrNull(`read ${login}/${upstream.repo}`, () =>
    octokit.rest.repos.get({ owner: login, repo: upstream.repo }),
  );
  if (!res) return null;
  if (res.data.fork && res.data.parent?.full_name.toLowerCase() === upstream.fullName.toLowerCase())
    return { owner: login, repo: res.data.name };
  throw new ExportError(
    "FORK_CONFLICT",
    `${res.data.full_name} exists but is not a fork of ${upstream.fullName}; rename it or use a token of another account`,
  );
}

/** The fork to push to, or, in a dry run, null when it would have to be created. */
export async function headRepository(
  octokit: Octokit,
  upstream: Upstream,
  me: Identity,
  options: ForkOptions & { dryRun: boolean },
): Promise<{ repo: RepoRef | null; forked: boolean }> {
  if (upstream.canPush) return { repo: upstream, forked: false };
  const found = await existingFork(octokit, upstream, me.login);
  if (found || options.dryRun) return { repo: found, forked: false };
  options.log(`forking ${upstream.fullName} to ${me.login} (the token cannot push to it)`);
  const created = await step(`fork ${upstream.fullName}`, () =>
    octokit.rest.repos.createFork({ ...upstream }),
  );
  const fork = { owner: created.data.owner.login, repo: created.data.name };
  const maxPolls = options.maxPolls ?? 30;
  for (let poll = 1; poll <= maxPolls; poll++) {
    const ready = await stepOrNull(`wait for the fork ${repoName(fork)}`, () => octokit.rest.repos.get(fork));
    if (ready) return { repo: fork, forked: true };
    await sleep(options.pollMs ?? 2000);
  }
  throw new ExportError(
    "FORK_TIMEOUT",
    `the fork ${repoName(fork)} did not appear after ${maxPolls} polls; GitHub may still be creating it, rerun in a minute`,
  );
}
