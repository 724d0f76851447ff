import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { Principal } from "../curation/principal.js";
import type { Session } from "../curation/sessions.js";
import type { SignInLimiter } from "../curation/sign-in-limiter.js";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { RefreshCoordinator } from "../refresh/coordinator.js";
import type { SearchService } from "../search/index.js";
import type { RateLimiters } from "./rate-limit.js";

/** Everything a request handler may use, passed in: no module-level singletons. */
export interface AppDeps {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Bootstrap curator credential (KB_ADMIN_TOKEN); curators may also hold stored tokens. */
  adminToken?: string;
  slackSigningSecret?: string;
  githubWebhookSecret?: string;
  /** Absolute base URL for links sent outside the site (Slack); defaults to the request's origin. */
  publicUrl?: string;
  /** Search over the persisted index; createApp builds one over `database` when absent. */
  search?: SearchService;
  /** How long a Slack command may search before answering "results follow" (default 2500 ms). */
  slackReplyDeadlineMs?: number;
  /** GitHub API for the docs pull request on /export (GITHUB_API_URL, GITHUB_TOKEN). */
  github?: { apiUrl: string; token?: string; writeSpacingMs?: number };
  /** Failed sign-ins per client (createApp gives each app an in-memory one when absent). */
  signInLimiter?: SignInLimiter;
  /** Per-client limits (src/http/rate-limit.ts); absent means unlimited (tests). Kept by the entry, not per request. */
  rateLimiters?: RateLimiters;
  /** The connecting client's address as the runtime knows it: the socket on Node, CF-Connecting-IP on Workers. */
  clientAddress?: (c: Context) => string | undefined;
  /** TRUST_PROXY=1: take the client from the last X-Forwarded-For hop. */
  trustProxy?: boolean;
  /** Runs work after the response (Workers: ctx.waitUntil; Node: tracked background tasks); absent: the handler awaits it. */
  defer?: (work: Promise<void>) => void;
  /** The one way to refresh clusters and index after a write; createApp builds one over `database` when absent. */
  refresh?: RefreshCoordinator;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    /** Who is acting, once an auth middleware has accepted a token or a page session. */
    principal?: Principal;
    session?: Session;
  };
};
export type AppRouter = OpenAPIHono<AppEnv>;
