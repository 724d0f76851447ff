// How the GitHub emulator answers one request: the headers every answer carries, credentials and
// the primary rate limit, the cached and conditional issue routes, the git routes, and the seeded
// faults. The server around it (github-emulator.ts) only reads bodies and wires this up.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  etagMatches,
  linkHeader,
  parseToken,
  RenderedPages,
  rateHeaders,
  SECONDARY,
  SECONDARY_DOCS,
  sendJson,
  sendText,
} from "./github-http";
import type { Bucket, FaultInjector, FaultKind, RateLimits } from "./github-limits";
import { type RepoApiRequest, routeRepoApi } from "./github-pull-routes";
import type { EmulatedUser, GitRepoStore } from "./github-repo-store";
import { type RouteResult, routeRequest } from "./github-routes";
import type { GitHubStore } from "./github-store";
import { GITHUB_API } from "./github-types";

export { sendJson } from "./github-http";

const DOCS = "https://docs.github.com/rest";
const RATE_LIMIT_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api";
const EXPOSED =
  "ETag, Link, Location, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset";

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

export const emptyStats = (): EmulatorStats => ({
  requests: 0,
  byRoute: {},
  notModified: 0,
  faultsInjected: 0,
  faultsByKind: {},
  rateLimitUsed: 0,
  writes: 0,
});

export interface ResponderParts {
  store: GitHubStore;
  limits: RateLimits;
  faults: FaultInjector | null;
  git: GitRepoStore | null;
  /** Valid tokens; empty accepts any token, or none. */
  tokens: Set<string>;
  users?: Record<string, EmulatedUser>;
  now: () => string;
}

type Headers = Record<string, string>;

interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  parts: string[];
  rawBody: string;
  headers: Headers;
}

export class GitHubResponder {
  stats = emptyStats();
  base = "";
  private sequence = 0;
  private readonly listeners = new Set<(info: EmulatorRequestInfo) => void>();
  private readonly rendered: RenderedPages;

  constructor(private readonly parts: ResponderParts) {
    this.rendered = new RenderedPages(parts.store);
  }

  onRequest(listener: (info: EmulatorRequestInfo) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  handle(req: IncomingMessage, res: ServerResponse, rawBody: string): void {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", this.base);
    this.stats.requests += 1;
    if (!["GET", "HEAD"].includes(method)) this.stats.writes += 1;
    for (const listener of this.listeners) listener({ method, path: url.pathname });
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const r: Request = { req, res, method, url, parts, rawBody, headers: this.commonHeaders() };
    const result = routeRequest(this.parts.store, method, url.pathname, url.searchParams);
    const { git } = this.parts;
    const gitCandidate =
      git !== null && (parts[0] === "user" || (parts[0] === "repos" && git.has(`${parts[1]}/${parts[2]}`)));
    if (!gitCandidate) this.count(result.route);
    const token = parseToken(req.headers.authorization);
    const bucket = this.parts.limits.bucket(token ?? `anonymous:${req.socket.remoteAddress}`, token !== null);
    Object.assign(r.headers, rateHeaders(bucket));
    const user =
      token === null
        ? null
        : (this.parts.users?.[token] ?? { login: "emulator-user", scopes: ["public_repo"] });
    if (user?.scopes) r.headers["x-oauth-scopes"] = user.scopes.join(", ");
    if (this.refused(r, token, bucket, result)) return;
    if (git && gitCandidate && this.answerGit(git, r, bucket, user)) return;
    if (gitCandidate) this.count(result.route);
    this.answerIssues(r, result, bucket);
  }

  private count(route: string): void {
    this.stats.byRoute[route] = (this.stats.byRoute[route] ?? 0) + 1;
  }

  private commonHeaders(): Headers {
    this.sequence += 1;
    return {
      "x-github-api-version-selected": "2022-11-28",
      "x-github-media-type": "github.v3; format=json",
      "x-github-request-id": `0000:${this.sequence.toString(16).toUpperCase().padStart(6, "0")}`,
      "access-control-expose-headers": EXPOSED,
      vary: "Accept, Authorization, Cookie, X-GitHub-OTP",
    };
  }

  /** Bad credentials, `GET /rate_limit` (free) and the exhausted primary limit: answered here. */
  private refused(r: Request, token: string | null, bucket: Bucket, result: RouteResult): boolean {
    const { res, headers } = r;
    if (token !== null && this.parts.tokens.size > 0 && !this.parts.tokens.has(token)) {
      sendJson(res, 401, headers, { message: "Bad credentials", documentation_url: DOCS, status: "401" });
      return true;
    }
    if (result.route === "GET /rate_limit") {
      const core = {
        limit: bucket.limit,
        used: bucket.limit - bucket.remaining,
        remaining: bucket.remaining,
        reset: bucket.reset,
      };
      const search = { limit: 30, used: 0, remaining: 30, reset: bucket.reset };
      sendJson(res, 200, headers, { resources: { core, search }, rate: core });
      return true;
    }
    if (bucket.remaining > 0) return false;
    const who = token === null ? r.req.socket.remoteAddress : "user ID 9999001";
    const hint =
      token === null
        ? " (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)"
        : "";
    sendJson(res, 403, headers, {
      message: `API rate limit exceeded for ${who}.${hint}`,
      documentation_url: RATE_LIMIT_DOCS,
      status: "403",
    });
    return true;
  }

  // Issue routes: cached per data version, conditional (a 304 is free and never faulted, so
  // re-syncs stay deterministic), paginated by Link, and the only routes faults are drawn for.
  private answerIssues(r: Request, result: RouteResult, bucket: Bucket): void {
    const { res, headers } = r;
    const { text, etag } = this.rendered.get(r.url, result, this.base);
    if (result.status === 200) {
      headers.etag = etag;
      headers["cache-control"] = "private, max-age=60, s-maxage=60";
      const link = result.page ? linkHeader(this.base, r.url, result.page.page, result.page.last) : undefined;
      if (link) headers.link = link;
      if (etagMatches(r.req.headers["if-none-match"], etag)) {
        this.stats.notModified += 1;
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    const fault = this.parts.faults?.draw() ?? null;
    if (fault) {
      this.injectFault(res, fault, headers, text);
      return;
    }
    this.spend(bucket, headers);
    sendText(res, result.status, headers, text, r.method === "HEAD");
  }

  private spend(bucket: Bucket, headers: Headers): void {
    this.parts.limits.spend(bucket);
    this.stats.rateLimitUsed += 1;
    Object.assign(headers, rateHeaders(bucket));
  }

  // Git routes change state, so they are never cached, faulted or conditional. False: not a git
  // route (an issue listing of the same repository), left to the issue routes.
  private answerGit(git: GitRepoStore, r: Request, bucket: Bucket, user: EmulatedUser | null): boolean {
    let body: Record<string, unknown> = {};
    try {
      body = r.rawBody ? (JSON.parse(r.rawBody) as Record<string, unknown>) : {};
    } catch {
      sendJson(r.res, 400, r.headers, {
        message: "Problems parsing JSON",
        documentation_url: DOCS,
        status: "400",
      });
      return true;
    }
    const request: RepoApiRequest = {
      method: r.method,
      parts: r.parts,
      query: r.url.searchParams,
      body,
      login: user?.login ?? null,
      scopes: user?.scopes ?? null,
      now: this.parts.now(),
    };
    const answer = routeRepoApi(git, request);
    if (!answer) return false;
    this.count(answer.route);
    this.spend(bucket, r.headers);
    sendText(r.res, answer.status, r.headers, JSON.stringify(answer.body).replaceAll(GITHUB_API, this.base));
    return true;
  }

  private injectFault(res: ServerResponse, kind: FaultKind, headers: Headers, text: string): void {
    this.stats.faultsInjected += 1;
    this.stats.faultsByKind[kind] = (this.stats.faultsByKind[kind] ?? 0) + 1;
    if (kind === "502" || kind === "503") {
      const message = kind === "502" ? "Server Error" : "Service Unavailable";
      sendJson(res, Number(kind), headers, { message });
      return;
    }
    if (kind === "secondary403" || kind === "429") {
      const status = kind === "429" ? 429 : 403;
      const retryAfter = String(this.parts.faults?.retryAfter ?? 1);
      const body = { message: SECONDARY, documentation_url: SECONDARY_DOCS, status: String(status) };
      sendJson(res, status, { ...headers, "retry-after": retryAfter }, body);
      return;
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
  }
}
