// A GitHub REST emulator on 127.0.0.1 for tests, benchmarks and the offline demo. It answers the
// endpoints ingestion uses in GitHub's documented shapes (Link pagination with absolute URLs, ETag
// and free 304s, x-ratelimit-* headers, 401/404/422 bodies) and injects seeded faults: 502, 503,
// secondary-limit 403, 429 and connections cut mid-body.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { GitSeed } from "./github-docs-seed";
import { etagMatches, linkHeader, parseToken, SECONDARY, SECONDARY_DOCS } from "./github-http";
import { type Bucket, FaultInjector, type FaultKind, type FaultOptions, RateLimits } from "./github-limits";
import { type RepoApiRequest, routeRepoApi } from "./github-pull-routes";
import { type EmulatedUser, GitRepoStore } from "./github-repo-store";
import { type RouteResult, routeRequest } from "./github-routes";
import { GitHubStore } from "./github-store";
import {
  type AuthorAssociation,
  type Corpus,
  GITHUB_API,
  type GitHubComment,
  type GitHubIssue,
  type GitHubUser,
} from "./github-types";

export type { FaultKind, FaultOptions } from "./github-limits";

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

export interface EmulatorRequestInfo {
  method: string;
  path: string;
}

export interface EmulatorStats {
  requests: number;
  byRoute: Record<string, number>;
  notModified: number;
  faultsInjected: number;
  faultsByKind: Partial<Record<FaultKind, number>>;
  rateLimitUsed: number;
  /** Requests that may change state (POST, PUT, PATCH, DELETE), answered or not. */
  writes: number;
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

const DOCS = "https://docs.github.com/rest";
const emptyStats = (): EmulatorStats => ({
  requests: 0,
  byRoute: {},
  notModified: 0,
  faultsInjected: 0,
  faultsByKind: {},
  rateLimitUsed: 0,
  writes: 0,
});
export async function startGitHubEmulator(opts: GitHubEmulatorOptions): Promise<GitHubEmulator> {
  const store = new GitHubStore(opts.corpus);
  const tokens = new Set(opts.tokens ?? []);
  const limits = new RateLimits((authed) => opts.rateLimit ?? (authed ? 5000 : 60));
  const faults = opts.faults ? new FaultInjector(opts.faults) : null;
  let stats = emptyStats();
  let base = "";
  let requestSeq = 0;
  const listeners = new Set<(info: EmulatorRequestInfo) => void>();
  const nowIso = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const git = opts.git
    ? new GitRepoStore({
        seed: opts.git,
        upstreamMeta: (fullName) => {
          const [owner = "", name = ""] = fullName.split("/");
          return store.repo(owner, name);
        },
        pushers: opts.pushers,
        forkPendingPolls: opts.forkPendingPolls,
        now: nowIso,
      })
    : null;

  const rateHeaders = (b: Bucket): Record<string, string> => ({
    "x-ratelimit-limit": String(b.limit),
    "x-ratelimit-remaining": String(b.remaining),
    "x-ratelimit-used": String(b.limit - b.remaining),
    "x-ratelimit-reset": String(b.reset),
    "x-ratelimit-resource": "core",
  });

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
  };

  const injectFault = (
    res: ServerResponse,
    kind: FaultKind,
    headers: Record<string, string>,
    text: string,
  ) => {
    stats.faultsInjected += 1;
    stats.faultsByKind[kind] = (stats.faultsByKind[kind] ?? 0) + 1;
    const retryAfter = String(faults?.retryAfter ?? 1);
    if (kind === "502") return send(res, 502, headers, { message: "Server Error" });
    if (kind === "503") return send(res, 503, headers, { message: "Service Unavailable" });
    if (kind === "secondary403" || kind === "429") {
      const status = kind === "429" ? 429 : 403;
      return send(
        res,
        status,
        { ...headers, "retry-after": retryAfter },
        { message: SECONDARY, documentation_url: SECONDARY_DOCS, status: String(status) },
      );
    }
    // A cut: full headers, half the body, then the socket dies (no chunked framing to hide it).
    const bytes = Buffer.from(text);
    res.writeHead(200, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(bytes.length),
    });
    res.flushHeaders();
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroy());
  };

  // Rendered answers by URL for the current data version: re-syncs and retries re-ask the same pages.
  const rendered = new Map<string, { text: string; etag: string }>();
  let renderedVersion = store.version;
  let renderedBytes = 0;
  const render = (url: URL, result: RouteResult) => {
    if (renderedVersion !== store.version || renderedBytes > 64e6) {
      rendered.clear();
      renderedVersion = store.version;
      renderedBytes = 0;
    }
    const key = `${result.status} ${url.pathname.toLowerCase()}${url.search}`;
    let hit = rendered.get(key);
    if (!hit) {
      // Bodies reference this server, as GitHub Enterprise bodies reference their own host.
      const text = JSON.stringify(result.body).replaceAll(GITHUB_API, base);
      hit = { text, etag: `${result.list ? "W/" : ""}"${createHash("sha256").update(text).digest("hex")}"` };
      rendered.set(key, hit);
      renderedBytes += text.length;
    }
    return hit;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string) => {
    stats.requests += 1;
    requestSeq += 1;
    const method = req.method ?? "GET";
    if (!["GET", "HEAD"].includes(method)) stats.writes += 1;
    const url = new URL(req.url ?? "/", base);
    for (const listener of listeners) listener({ method, path: url.pathname });
    const result: RouteResult = routeRequest(store, method, url.pathname, url.searchParams);
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const gitCandidate =
      git !== null && (parts[0] === "user" || (parts[0] === "repos" && git.has(`${parts[1]}/${parts[2]}`)));
    if (!gitCandidate) stats.byRoute[result.route] = (stats.byRoute[result.route] ?? 0) + 1;
    const headers: Record<string, string> = {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": `0000:${requestSeq.toString(16).toUpperCase().padStart(6, "0")}`,
      "access-control-expose-headers":
        "ETag, Link, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset",
      vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
    };
    const token = parseToken(req.headers.authorization);
    const bucket = limits.bucket(token ?? `anonymous:${req.socket.remoteAddress}`, token !== null);
    Object.assign(headers, rateHeaders(bucket));
    const user =
      token === null ? null : (opts.users?.[token] ?? { login: "emulator-user", scopes: ["public_repo"] });
    if (user?.scopes) headers["x-oauth-scopes"] = user.scopes.join(", ");
    if (token !== null && tokens.size > 0 && !tokens.has(token)) {
      return send(res, 401, headers, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
    }
    if (result.route === "GET /rate_limit") {
      const core = {
        limit: bucket.limit,
        used: bucket.limit - bucket.remaining,
        remaining: bucket.remaining,
        reset: bucket.reset,
      };
      return send(res, 200, headers, {
        resources: { core, search: { limit: 30, used: 0, remaining: 30, reset: bucket.reset } },
        rate: core,
      });
    }
    if (bucket.remaining <= 0) {
      const who = token === null ? req.socket.remoteAddress : "user ID 9999001";
      return send(res, 403, headers, {
        message: `API rate limit exceeded for ${who}.${token === null ? " (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)" : ""}`,
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
        status: "403",
      });
    }
    if (git && gitCandidate && answerGit(git, req, res, headers, bucket, { parts, user, url, rawBody }))
      return;
    if (gitCandidate) stats.byRoute[result.route] = (stats.byRoute[result.route] ?? 0) + 1;
    const { text, etag } = render(url, result);
    if (result.status === 200) {
      headers.etag = etag;
      headers["cache-control"] = "private, max-age=60, s-maxage=60";
      if (result.page) {
        const link = linkHeader(base, url, result.page.page, result.page.last);
        if (link) headers.link = link;
      }
      // Conditional hits cost no rate limit and are never faulted, so re-syncs stay deterministic.
      if (etagMatches(req.headers["if-none-match"], etag)) {
        stats.notModified += 1;
        res.writeHead(304, headers);
        return res.end();
      }
    }
    const fault = faults?.draw() ?? null;
    if (fault) return injectFault(res, fault, headers, text);
    limits.spend(bucket);
    stats.rateLimitUsed += 1;
    Object.assign(headers, rateHeaders(bucket));
    res.writeHead(result.status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(req.method === "HEAD" ? undefined : text);
  };

  // Git routes change state, so they are never cached, faulted or conditional. False: not a git
  // route (an issue listing of the same repository), left to the issue routes.
  const answerGit = (
    repoStore: GitRepoStore,
    req: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string>,
    bucket: Bucket,
    ctx: { parts: string[]; user: EmulatedUser | null; url: URL; rawBody: string },
  ): boolean => {
    let body: Record<string, unknown> = {};
    try {
      body = ctx.rawBody ? (JSON.parse(ctx.rawBody) as Record<string, unknown>) : {};
    } catch {
      send(res, 400, headers, { message: "Problems parsing JSON", documentation_url: DOCS, status: "400" });
      return true;
    }
    const apiRequest: RepoApiRequest = {
      method: req.method ?? "GET",
      parts: ctx.parts,
      query: ctx.url.searchParams,
      body,
      login: ctx.user?.login ?? null,
      scopes: ctx.user?.scopes ?? null,
      now: nowIso(),
    };
    const answer = routeRepoApi(repoStore, apiRequest);
    if (!answer) return false;
    stats.byRoute[answer.route] = (stats.byRoute[answer.route] ?? 0) + 1;
    limits.spend(bucket);
    stats.rateLimitUsed += 1;
    Object.assign(headers, rateHeaders(bucket));
    const text = JSON.stringify(answer.body).replaceAll(GITHUB_API, base);
    res.writeHead(answer.status, {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-length": String(Buffer.byteLength(text)),
    });
    res.end(text);
    return true;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString("utf8"));
      } catch {
        send(res, 500, {}, { message: "Server Error" });
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: base,
    get stats() {
      return stats;
    },
    resetStats() {
      stats = emptyStats();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    git,
    onRequest(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mutate: {
      editIssue: (repo, number, patch) => store.editIssue(repo, number, patch),
      addIssue: (repo, partial) => store.addIssue(repo, partial),
      addComment: (repo, n, body, author) =>
        store.addComment(repo, n, body, author?.user, author?.association),
      exhaustRateLimit: (resetInSeconds) => limits.exhaust(resetInSeconds),
    },
  };
}
