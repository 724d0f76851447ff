import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { RefreshCoordinator } from "../refresh/coordinator.js";
import type { SearchService } from "../search/index.js";

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
  /** Runs work after the response (Workers: ctx.waitUntil; Node: tracked background tasks); absent: the handler awaits it. */
  defer?: (work: Promise<void>) => void;
  /** The one way to refresh clusters and index after a write; createApp builds one over `database` when absent. */
  refresh?: RefreshCoordinator;
}

export type AppEnv = { Variables: { deps: AppDeps } };
export type AppRouter = OpenAPIHono<AppEnv>;
