import { appDepsFrom } from "./app-deps.js";
import { refreshKnowledge } from "./clustering/refresh.js";
import { parseConfig } from "./config.js";
import { openD1Database } from "./db/d1-client.js";
import { systemClock } from "./domain/clock.js";
import { ingestRepos } from "./github/ingest.js";
import { createApp } from "./http/app.js";
import { createRateLimiters, type RateLimiters } from "./http/rate-limit.js";
import { jsonLogger } from "./logger.js";
import { applyRetention } from "./maintenance/retention.js";
import { createSearchService, type SearchService } from "./search/index.js";

export interface Env {
  DB: D1Database;
  GITHUB_REPOS?: string;
  GITHUB_TOKEN?: string;
  GITHUB_API_URL?: string;
  KB_ADMIN_TOKEN?: string;
  KB_SEARCH_LOG_RETENTION_DAYS?: string;
  KB_RATE_LIMIT_SEARCH?: string;
  KB_RATE_LIMIT_READ?: string;
  TRUST_PROXY?: string;
  SLACK_SIGNING_SECRET?: string;
  GITHUB_WEBHOOK_SECRET?: string;
  PUBLIC_URL?: string;
}

const logger = jsonLogger((line) => console.log(line));

// The in-memory search index is the one thing worth keeping between requests: loading it from D1
// on every search would cost seconds at 100k issues. It lives as long as the isolate, and the
// service itself notices an index saved by the cron within its staleness window.
let cachedSearch: { binding: D1Database; search: SearchService } | undefined;
// Rate-limit buckets live as long as the isolate too (per-isolate limits: see src/http/rate-limit.ts).
let cachedLimiters: RateLimiters | undefined;

function build(env: Env, ctx?: ExecutionContext) {
  const config = parseConfig(env as unknown as Record<string, string | undefined>);
  const database = openD1Database(env.DB);
  if (cachedSearch?.binding !== env.DB) {
    cachedSearch = { binding: env.DB, search: createSearchService({ database, clock: systemClock, logger }) };
  }
  const { search } = cachedSearch;
  const defer = ctx ? (work: Promise<void>) => ctx.waitUntil(work) : undefined;
  cachedLimiters ??= createRateLimiters(config);
  const app = createApp(
    appDepsFrom(config, {
      database,
      clock: systemClock,
      logger,
      search,
      defer,
      rateLimiters: cachedLimiters,
      // Cloudflare sets this header itself on every request; a client cannot forge it.
      clientAddress: (c) => c.req.header("cf-connecting-ip"),
    }),
  );
  return { config, database, search, app };
}

// Workers require a default export; this is the one exception to named exports.
export default {
  fetch(request, env, ctx) {
    return build(env, ctx).app.fetch(request, env, ctx);
  },
  async scheduled(_controller, env, ctx) {
    const { config, database, search } = build(env);
    const repos = (env.GITHUB_REPOS ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    const run = async () => {
      let failure: unknown = null;
      const summary = await ingestRepos(
        { database, clock: systemClock },
        { repos, baseUrl: config.GITHUB_API_URL, token: config.GITHUB_TOKEN, onRateLimitExhausted: "stop" },
      ).catch((error: unknown) => {
        failure = error;
        return null;
      });
      if (summary) logger.info("scheduled ingest", { ...summary });
      // A stopped ingest (rate limit) still committed whole pages worth clustering; all-304 runs changed nothing.
      if (!summary || summary.inserted + summary.updated > 0) {
        const refreshed = await refreshKnowledge({ database, clock: systemClock, search });
        logger.info("scheduled refresh", { ...refreshed });
      }
      if (failure) throw failure;
    };
    ctx.waitUntil(
      run().catch((error: unknown) =>
        logger.error("scheduled ingest failed", { error: (error as Error).message }),
      ),
    );
    // Retention runs on every cron tick, whatever ingestion did: an indexed delete of nothing is cheap.
    ctx.waitUntil(
      applyRetention(
        { database, clock: systemClock },
        { searchLogDays: config.KB_SEARCH_LOG_RETENTION_DAYS },
      ).then(
        (report) => logger.info("retention applied", { ...report }),
        (error: unknown) => logger.error("retention failed", { error: (error as Error).message }),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
