// A GitHub REST emulator on 127.0.0.1 for tests, benchmarks and the offline demo. It answers the
// endpoints ingestion uses in GitHub's documented shapes (Link pagination with absolute URLs, ETag
// and free 304s, x-ratelimit-* headers, 401/404/422 bodies) and injects seeded faults: 502, 503,
// secondary-limit 403, 429 and connections cut mid-body.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { GitSeed } from "./github-docs-seed";
import { FaultInjector, type FaultOptions, RateLimits } from "./github-limits";
import { type EmulatedUser, GitRepoStore } from "./github-repo-store";
import {
  type EmulatorRequestInfo,
  type EmulatorStats,
  emptyStats,
  GitHubResponder,
  sendJson,
} from "./github-responder";
import { GitHubStore } from "./github-store";
import type { AuthorAssociation, Corpus, GitHubComment, GitHubIssue, GitHubUser } from "./github-types";

export type { FaultKind, FaultOptions } from "./github-limits";
export type { EmulatorRequestInfo, EmulatorStats } from "./github-responder";

export interface GitHubEmulatorOptions {
  corpus: Corpus;
  port?: number;
  host?: "127.0.0.1";
  /** Valid tokens; empty or undefined accepts any token, or none. */
  tokens?: string[];
  /** Requests per hour per caller; default 5000 with a token, 60 without. */
  rateLimit?: number;
  faults?: FaultOptions;
  /** Repositories that also serve git data, forks and pull requests (e.g. SELDON_DOCS_SEED). */
  git?: GitSeed;
  /** Who each token is and its classic scopes (`x-oauth-scopes`); other tokens are emulator-user with public_repo. */
  users?: Record<string, EmulatedUser>;
  /** Logins that may push, per repository. */
  pushers?: Record<string, string[]>;
  /** GETs of a new fork that answer 404 before it appears (GitHub forks asynchronously). Default 2. */
  forkPendingPolls?: number;
}

export interface GitHubEmulator {
  url: string;
  close(): Promise<void>;
  readonly stats: EmulatorStats;
  resetStats(): void;
  mutate: {
    editIssue(repo: string, number: number, patch: Partial<GitHubIssue>): GitHubIssue;
    addIssue(repo: string, partialIssue: Partial<GitHubIssue>): GitHubIssue;
    /** A comment as `author` (default: a plain user) with GitHub's author_association for them. */
    addComment(
      repo: string,
      issueNumber: number,
      body: string,
      author?: { user: GitHubUser; association: AuthorAssociation },
    ): GitHubComment;
    exhaustRateLimit(resetInSeconds: number): void;
  };
  /** Git data behind the repositories given in `git`; null without it. */
  git: GitRepoStore | null;
  /** Runs before each request is answered (tests use it to change state mid-run); returns a remover. */
  onRequest(listener: (info: EmulatorRequestInfo) => void): () => void;
}

export async function startGitHubEmulator(opts: GitHubEmulatorOptions): Promise<GitHubEmulator> {
  const store = new GitHubStore(opts.corpus);
  const limits = new RateLimits((authed) => opts.rateLimit ?? (authed ? 5000 : 60));
  const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const git = opts.git
    ? new GitRepoStore({
        seed: opts.git,
        upstreamMeta: (fullName) => {
          const [owner = "", name = ""] = fullName.split("/");
          return store.repo(owner, name);
        },
        pushers: opts.pushers,
        forkPendingPolls: opts.forkPendingPolls,
        now,
      })
    : null;
  const responder = new GitHubResponder({
    store,
    limits,
    faults: opts.faults ? new FaultInjector(opts.faults) : null,
    git,
    tokens: new Set(opts.tokens ?? []),
    users: opts.users,
    now,
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        responder.handle(req, res, Buffer.concat(chunks).toString("utf8"));
      } catch {
        sendJson(res, 500, {}, { message: "Server Error" });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  responder.base = base;

  return {
    url: base,
    get stats() {
      return responder.stats;
    },
    resetStats() {
      responder.stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    git,
    onRequest: (listener) => responder.onRequest(listener),
    mutate: {
      editIssue: (repo, number, patch) => store.editIssue(repo, number, patch),
      addIssue: (repo, partial) => store.addIssue(repo, partial),
      addComment: (repo, n, body, author) =>
        store.addComment(repo, n, body, author?.user, author?.association),
      exhaustRateLimit: (resetInSeconds) => limits.exhaust(resetInSeconds),
    },
  };
}
