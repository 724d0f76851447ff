import type { Context, MiddlewareHandler } from "hono";
import { type Bucket, type BucketRule, takeToken } from "../domain/token-bucket.js";
import type { AppDeps, AppEnv } from "./deps.js";
import { problemResponse } from "./errors.js";

/**
 * Per-client rate limits, in memory. On Node that is one process: exact. On Workers each isolate
 * keeps its own buckets (a busy site runs many isolates, and they are recycled), so a client may
 * get the limit once per isolate it lands on: a brake on one client hammering the site, not an
 * exact quota. For a hard quota put Cloudflare's rate limiting rules in front.
 */
export interface RateLimitRule extends BucketRule {
  name: string;
  /** What the 429 says is limited: "searches", "requests", "sign-in attempts". */
  what: string;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly rule: RateLimitRule,
    /** Clients remembered at once; the least recently seen is forgotten first (bounded memory). */
    private readonly maxClients = 10_000,
  ) {}

  take(client: string, nowMs: number) {
    const verdict = takeToken(this.buckets.get(client), this.rule, nowMs);
    this.buckets.delete(client);
    this.buckets.set(client, verdict.bucket);
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    return verdict;
  }
}

export interface RateLimiters {
  search?: RateLimiter;
  read?: RateLimiter;
}

/** The limiters from configuration; a rate of 0 leaves that class unlimited. */
export function createRateLimiters(config: { KB_RATE_LIMIT_SEARCH: number; KB_RATE_LIMIT_READ: number }) {
  const rule = (name: string, what: string, perMinute: number): RateLimiter | undefined =>
    perMinute > 0
      ? new RateLimiter({ name, what, perMinute, capacity: Math.max(1, Math.ceil(perMinute / 3)) })
      : undefined;
  return {
    search: rule("search", "searches", config.KB_RATE_LIMIT_SEARCH),
    read: rule("read", "requests", config.KB_RATE_LIMIT_READ),
  } satisfies RateLimiters;
}

const IP = /^[0-9A-Fa-f.:]{2,45}$/;

/**
 * Who is asking. Behind one trusted proxy (TRUST_PROXY=1) the client is the last X-Forwarded-For
 * hop, the one the proxy appended (earlier hops are whatever the client sent). Otherwise the
 * entry's own notion: the socket address on Node, CF-Connecting-IP on Workers.
 */
export function clientOf(c: Context<AppEnv>, deps: AppDeps): string {
  if (deps.trustProxy) {
    const last = c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim();
    if (last && IP.test(last)) return last;
  }
  return deps.clientAddress?.(c) ?? "unknown";
}

/** 429 problem+json with Retry-After when `limiter` (or the one `pick` chooses) says no; else next. */
export function rateLimit(
  pick: (limiters: RateLimiters, c: Context<AppEnv>) => RateLimiter | undefined,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const deps = c.var.deps;
    const limiter = deps.rateLimiters ? pick(deps.rateLimiters, c) : undefined;
    if (!limiter) return next();
    const verdict = limiter.take(clientOf(c, deps), deps.clock.now().getTime());
    if (verdict.allowed) return next();
    const res = problemResponse(
      c,
      "TOO_MANY_REQUESTS",
      `too many ${limiter.rule.what} from this client; try again in ${verdict.retryAfterSeconds} s`,
    );
    res.headers.set("retry-after", String(verdict.retryAfterSeconds));
    return res;
  };
}

// Signed machine callers are exempt: Slack shares a few egress addresses across every workspace and
// retries on its own, and GitHub does not redeliver a refused webhook by itself, so a 429 there
// would lose an event. Health checks come from load balancers polling on purpose.
const EXEMPT = /^\/(?:healthz$|slack\/|github\/)/;

function isSearch(c: Context<AppEnv>): boolean {
  if (c.req.path === "/api/search") return true;
  return c.req.path === "/" && (c.req.method === "POST" || c.req.query("q") !== undefined);
}

/** The public routes' limits, applied once in createApp: searches, and every other public request. */
export const publicRateLimit = rateLimit((limiters, c) => {
  if (EXEMPT.test(c.req.path)) return undefined;
  return isSearch(c) ? limiters.search : limiters.read;
});
