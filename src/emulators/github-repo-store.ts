// Repositories with git data behind the emulator: branches, forks, pull requests, the users that
// tokens stand for and what each may do. Objects live in one GitObjects store, as a fork network's
// do on GitHub.
import type { GitSeed } from "./github-docs-seed";
import { GitObjects, type GitPerson } from "./github-git-objects";
import { makeUser } from "./github-shapes";
import { GITHUB_API, GITHUB_WEB, type GitHubRepo, type GitHubUser } from "./github-types";

export interface EmulatedUser {
  login: string;
  /** Classic token scopes, sent as `x-oauth-scopes`; null for a fine-grained token (no header). */
  scopes: string[] | null;
}

export interface GitRepo {
  meta: GitHubRepo;
  parent: string | null; // full name of the repo it was forked from
  refs: Map<string, string>; // "refs/heads/v2" → commit sha
  pushers: Set<string>;
  /** GETs still answered 404 while a new fork is "being created". */
  pendingPolls: number;
}

export interface PullRequest {
  number: number;
  id: number;
  repo: string; // base repository
  title: string;
  body: string | null;
  state: "open" | "closed";
  user: GitHubUser;
  headRepo: string;
  headRef: string;
  baseRef: string;
  maintainerCanModify: boolean;
  draft: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface RepoStoreOptions {
  seed: GitSeed;
  /** Upstream repository objects (from the corpus) by lower-cased full name. */
  upstreamMeta: (fullName: string) => GitHubRepo | undefined;
  /** Logins that may push, per repository full name. */
  pushers?: Record<string, string[]>;
  /** How many GETs of a new fork answer 404 before it appears. Default 2. */
  forkPendingPolls?: number;
  now: () => string;
}

const SEED_PERSON: GitPerson = {
  name: "Seldon Docs",
  email: "docs@seldon.invalid",
  date: "2026-01-01T00:00:00Z",
};
let nextUserId = 9_100_000;

export class GitRepoStore {
  readonly objects = new GitObjects();
  private readonly repos = new Map<string, GitRepo>();
  readonly pulls: PullRequest[] = [];
  private readonly users = new Map<string, GitHubUser>();
  private nextPullNumber = 5000;

  constructor(private readonly opts: RepoStoreOptions) {
    for (const [fullName, seed] of Object.entries(opts.seed)) {
      const meta =
        opts.upstreamMeta(fullName) ?? this.makeMeta(fullName, Object.keys(seed.branches)[0] ?? "main", null);
      const repo: GitRepo = {
        meta,
        parent: null,
        refs: new Map(),
        pushers: new Set(opts.pushers?.[fullName] ?? []),
        pendingPolls: 0,
      };
      for (const [branch, files] of Object.entries(seed.branches)) {
        const blobs = new Map(
          Object.entries(files).map(([path, text]) => [
            path,
            { mode: "100644" as const, sha: this.objects.putBlob(Buffer.from(text)) },
          ]),
        );
        const tree = this.objects.treeFromFiles(blobs);
        const message = `Seed ${branch}`;
        const sha = this.objects.putCommit({
          tree,
          parents: [],
          message,
          author: SEED_PERSON,
          committer: SEED_PERSON,
        });
        repo.refs.set(`refs/heads/${branch}`, sha);
      }
      this.repos.set(fullName.toLowerCase(), repo);
    }
  }

  user(login: string): GitHubUser {
    let u = this.users.get(login);
    if (!u) {
      nextUserId += 1;
      u = makeUser(login, nextUserId);
      this.users.set(login, u);
    }
    return u;
  }

  private makeMeta(fullName: string, defaultBranch: string, parent: GitHubRepo | null): GitHubRepo {
    const [owner = "", name = ""] = fullName.split("/");
    const id = 700_000_000 + this.repos.size;
    const at = this.opts.now();
    return {
      id,
      node_id: `R_kgDO${id.toString(36).toUpperCase()}`,
      name,
      full_name: fullName,
      private: false,
      owner: this.user(owner),
      html_url: `${GITHUB_WEB}/${fullName}`,
      description: parent?.description ?? null,
      fork: parent !== null,
      url: `${GITHUB_API}/repos/${fullName}`,
      issues_url: `${GITHUB_API}/repos/${fullName}/issues{/number}`,
      issue_comment_url: `${GITHUB_API}/repos/${fullName}/issues/comments{/number}`,
      created_at: at,
      updated_at: at,
      pushed_at: at,
      default_branch: defaultBranch,
      has_issues: parent === null,
      open_issues_count: 0,
      archived: false,
      disabled: false,
      visibility: "public",
    };
  }

  /** A repository with git data; a fork still being created is not there yet (and counts the poll). */
  repo(fullName: string, poll = false): GitRepo | undefined {
    const repo = this.repos.get(fullName.toLowerCase());
    if (repo && repo.pendingPolls > 0) {
      if (poll) repo.pendingPolls -= 1;
      return undefined;
    }
    return repo;
  }

  has(fullName: string): boolean {
    return this.repos.has(fullName.toLowerCase());
  }

  canPush(repo: GitRepo, login: string | null): boolean {
    return login !== null && (repo.meta.owner.login === login || repo.pushers.has(login));
  }

  /** POST /forks: the fork appears only after a few polls, as GitHub creates forks asynchronously. */
  fork(upstream: GitRepo, login: string): GitRepo {
    const fullName = `${login}/${upstream.meta.name}`;
    const existing = this.repos.get(fullName.toLowerCase());
    if (existing) return existing;
    const fork: GitRepo = {
      meta: this.makeMeta(fullName, upstream.meta.default_branch, upstream.meta),
      parent: upstream.meta.full_name,
      refs: new Map(upstream.refs),
      pushers: new Set(),
      pendingPolls: this.opts.forkPendingPolls ?? 2,
    };
    this.repos.set(fullName.toLowerCase(), fork);
    return fork;
  }

  /** Resolves a branch name, "refs/heads/x", a commit sha or a tree sha to what it names. */
  resolve(repo: GitRepo, ref: string): string | undefined {
    const direct = repo.refs.get(ref) ?? repo.refs.get(`refs/heads/${ref}`) ?? repo.refs.get(`refs/${ref}`);
    if (direct) return direct;
    return /^[0-9a-f]{40}$/.test(ref) && this.objects.get(ref) ? ref : undefined;
  }

  /** Test helper: one commit on a branch changing the given files (null deletes one). */
  commitFiles(
    fullName: string,
    branch: string,
    files: Record<string, string | null>,
    message: string,
  ): string {
    const repo = this.repos.get(fullName.toLowerCase());
    const head = repo?.refs.get(`refs/heads/${branch}`);
    const commit = head ? this.objects.get(head) : undefined;
    if (!repo || !head || commit?.type !== "commit") throw new Error(`no branch ${fullName}@${branch}`);
    const current = this.objects.filesOf(commit.tree);
    for (const [path, text] of Object.entries(files)) {
      if (text === null) current.delete(path);
      else current.set(path, { mode: "100644", sha: this.objects.putBlob(Buffer.from(text)) });
    }
    const person = { ...SEED_PERSON, date: this.opts.now() };
    const sha = this.objects.putCommit({
      tree: this.objects.treeFromFiles(current),
      parents: [head],
      message,
      author: person,
      committer: person,
    });
    repo.refs.set(`refs/heads/${branch}`, sha);
    return sha;
  }

  openPull(input: Omit<PullRequest, "number" | "id" | "state" | "createdAt" | "updatedAt">): PullRequest {
    this.nextPullNumber += 1;
    const at = this.opts.now();
    const pull: PullRequest = {
      ...input,
      number: this.nextPullNumber,
      id: 1_900_000_000 + this.nextPullNumber,
      state: "open",
      createdAt: at,
      updatedAt: at,
    };
    this.pulls.push(pull);
    return pull;
  }
}
