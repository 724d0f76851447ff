import { appDepsFrom } from "./app-deps.js";
import { type Config, parseConfig } from "./config.js";
import { requestWholeRescoreIfDue } from "./curation/queue.js";
import type { Database } from "./db/client.js";
import { openD1Database } from "./db/d1-client.js";
import { ingestUnfinished } from "./db/queries/ingest.js";
import { systemClock } from "./domain/clock.js";
import { ingestRepos } from "./github/ingest.js";
import { createApp } from "./http/app.js";
import { createRateLimiters, type RateLimiters } from "./http/rate-limit.js";
import { jsonLogger } from "./logger.js";
import { applyRetention } from "./maintenance/retention.js";
import { accountInvocation } from "./refresh/accounting.js";
import { opaqueRuntime } from "./refresh/budget.js";
import { createRefreshCoordinator } from "./refresh/coordinator.js";
import { createSearchService, type SearchService } from "./search/index.js";

export interface Env {
  DB: D1Database;
  GITHUB_REPOS?: string;
  GITHUB_TOKEN?: string;
  GITHUB_API_URL?: string;
  KB_ADMIN_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  GITHUB_WEBHOOK_SECRET?: string;
  PUBLIC_URL?: string;
  KB_D1_CALLS_PER_INVOCATION?: string;
  KB_INVOCATION_BUDGET_MS?: string;
  KB_SEARCH_LOG_RETENTION_DAYS?: string;
  KB_RATE_LIMIT_SEARCH?: string;
  KB_RATE_LIMIT_READ?: string;
  TRUST_PROXY?: string;
  KB_SEARCH_INDEX?: string;
}

const logger = jsonLogger((line) => console.log(line));

// The search service lives as long as the isolate, over its own database handle (a search makes
// about ten calls, so no per-invocation cap applies to it). By default it holds nothing of the
// corpus: each search looks up its own keys in D1 (KB_SEARCH_INDEX=memory loads the lookups on
// first use and keeps them, which cost 5–9 s and most of the 128 MB at 100k issues).
let cachedSearch: { binding: D1Database; search: SearchService } | undefined;

// Rate-limit buckets live as long as the isolate too (per-isolate limits: see src/http/rate-limit.ts).
let cachedLimiters: RateLimiters | undefined;

// Calls the ingest leaves for the refresh steps' own bookkeeping and for stopping cleanly.
const INGEST_RESERVE_CALLS = 40;
// Calls retention may take at most (a few bounded delete batches per table).
const RETENTION_CALLS = 20;

/** Per invocation: a database handle whose meter counts (and caps) this invocation's D1 calls. */
function invocationDatabase(env: Env, config: Config): Database {
  return openD1Database(env.DB, { limits: { maxCallsPerInvocation: config.KB_D1_CALLS_PER_INVOCATION } });
}

function build(env: Env, ctx: ExecutionContext) {
  const config = parseConfig(env as unknown as Record<string, string | undefined>);
  const database = invocationDatabase(env, config);
  if (cachedSearch?.binding !== env.DB) {
    const searchDatabase = openD1Database(env.DB, {
      limits: { maxCallsPerInvocation: Number.POSITIVE_INFINITY },
    });
    cachedSearch = {
      binding: env.DB,
      search: createSearchService({
        database: searchDatabase,
        clock: systemClock,
        logger,
        index: config.KB_SEARCH_INDEX,
      }),
    };
  }
  const { search } = cachedSearch;
  const refresh = createRefreshCoordinator({
    database,
    clock: systemClock,
    logger,
    search,
    budget: { maxCalls: config.KB_D1_CALLS_PER_INVOCATION, maxWallMs: config.KB_INVOCATION_BUDGET_MS },
  });
  const defer = (work: Promise<void>) => ctx.waitUntil(work);
  cachedLimiters ??= createRateLimiters(config);
  return createApp(
    appDepsFrom(config, {
      database,
      clock: systemClock,
      logger,
      search,
      defer,
      refresh,
      rateLimiters: cachedLimiters,
      // Cloudflare sets this header itself on every request; a client cannot forge it.
      clientAddress: (c) => c.req.header("cf-connecting-ip"),
    }),
  );
}

/** The every-minute trigger in wrangler.toml: continue part-done work, never start an ingest round. */
export const CONTINUE_CRON = "* * * * *";

/**
 * One cron invocation: ingest page by page while the invocation's budget lasts, then refresh in
 * bounded steps with what is left. Whatever is not done stays recorded in D1 (sync cursors, the
 * refresh marker and the job's step and cursor) and the next cron continues it.
 */
async function scheduledRun(env: Env, cron: string): Promise<void> {
  const config = parseConfig(env as unknown as Record<string, string | undefined>);
  const database = invocationDatabase(env, config);
  const started = Date.now();
  const account = accountInvocation(database.meter, opaqueRuntime);
  const wallLeft = () => config.KB_INVOCATION_BUDGET_MS - (Date.now() - started);
  const continuing = cron === CONTINUE_CRON;
  const repos = (env.GITHUB_REPOS ?? "")
    .split(",")
    .map((r) => r.trim())
    .filter(Boolean);
  let failure: unknown = null;
  // The minute trigger resumes an ingest only when one stopped part-way (a sync cursor past page 1
  // or without an ETag); otherwise it goes straight to the refresh, which is idle unless pending.
  const ingest =
    continuing && !(await ingestUnfinished(database.db))
      ? null
      : await ingestRepos(
          { database, clock: systemClock },
          {
            repos,
            baseUrl: config.GITHUB_API_URL,
            token: config.GITHUB_TOKEN,
            onRateLimitExhausted: "stop",
            shouldStop: () => database.meter.remaining() < INGEST_RESERVE_CALLS || wallLeft() <= 0,
          },
        ).catch((error: unknown) => {
          failure = error;
          return null;
        });
  // The review queue's whole re-score (hourly, or on another day) rides on the cron's refresh, never
  // on a webhook's: asked for here (two reads, one write when due) before the drain below runs it.
  if (database.meter.remaining() > RETENTION_CALLS)
    await requestWholeRescoreIfDue({ database, clock: systemClock }).catch((error: unknown) =>
      logger.warn("queue re-score request failed", { error: (error as Error)?.message ?? String(error) }),
    );
  // The refresh waits for the ingest to catch up: re-mining a half-ingested corpus every cron is wasted work.
  // The marker committed with each page keeps it pending until then.
  const refresh =
    ingest && !ingest.complete
      ? null
      : await createRefreshCoordinator({ database, clock: systemClock, logger }).drain("cron", {
          account: false,
          budget: { maxCalls: config.KB_D1_CALLS_PER_INVOCATION, maxWallMs: Math.max(0, wallLeft()) },
        });
  // Retention on every tick, within what the invocation has left: an indexed delete of nothing is
  // cheap, and what a full tick leaves behind the next one deletes.
  const retention =
    database.meter.remaining() > RETENTION_CALLS
      ? await applyRetention(
          { database, clock: systemClock },
          { searchLogDays: config.KB_SEARCH_LOG_RETENTION_DAYS, maxBatches: 4 },
        ).catch((error: unknown) => ({ error: (error as Error)?.message ?? String(error) }))
      : { skipped: "no D1 calls left in this invocation" };
  account.finish(logger, "scheduled invocation", {
    ingest,
    ingestError: failure ? ((failure as Error).message ?? String(failure)) : undefined,
    refresh,
    retention,
  });
  if (failure) throw failure;
}

// Workers require a default export; this is the one exception to named exports.
export default {
  fetch(request, env, ctx) {
    return build(env, ctx).fetch(request, env, ctx);
  },
  async scheduled(controller, env, ctx) {
    // The cron's refresh writes only the rows of documents that changed; this isolate's cached index
    // re-reads just those on its next staleness check, so it is kept rather than reloaded whole.
    ctx.waitUntil(
      scheduledRun(env, controller.cron)
        .then(() => (cachedSearch?.binding === env.DB ? cachedSearch.search.catchUp() : undefined))
        .catch((error: unknown) =>
          logger.error("scheduled run failed", { error: (error as Error)?.message ?? String(error) }),
        ),
    );
  },
} satisfies ExportedHandler<Env>;
