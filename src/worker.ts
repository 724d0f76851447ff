import { parseConfig } from "./config.js";
import { openD1Database } from "./db/d1-client.js";
import { systemClock } from "./domain/clock.js";
import { ingestRepos } from "./github/ingest.js";
import { createApp } from "./http/app.js";
import { jsonLogger } from "./logger.js";

export interface Env {
  DB: D1Database;
  GITHUB_REPOS?: string;
  GITHUB_TOKEN?: string;
  GITHUB_API_URL?: string;
  KB_ADMIN_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  GITHUB_WEBHOOK_SECRET?: string;
  PUBLIC_URL?: string;
}

const logger = jsonLogger((line) => console.log(line));

function build(env: Env, ctx?: ExecutionContext) {
  const config = parseConfig(env as unknown as Record<string, string | undefined>);
  const database = openD1Database(env.DB);
  const app = createApp({
    database,
    clock: systemClock,
    logger,
    adminToken: config.KB_ADMIN_TOKEN,
    slackSigningSecret: config.SLACK_SIGNING_SECRET,
    githubWebhookSecret: config.GITHUB_WEBHOOK_SECRET,
    publicUrl: config.PUBLIC_URL,
    defer: ctx ? (work) => ctx.waitUntil(work) : undefined,
  });
  return { config, database, app };
}

// Workers require a default export; this is the one exception to named exports.
export default {
  fetch(request, env, ctx) {
    return build(env, ctx).app.fetch(request, env, ctx);
  },
  async scheduled(_controller, env, ctx) {
    const { config, database } = build(env);
    const repos = (env.GITHUB_REPOS ?? "")
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean);
    ctx.waitUntil(
      ingestRepos(
        { database, clock: systemClock },
        { repos, baseUrl: config.GITHUB_API_URL, token: config.GITHUB_TOKEN, onRateLimitExhausted: "stop" },
      ).then(
        (summary) => logger.info("scheduled ingest", { ...summary }),
        (error: unknown) => logger.error("scheduled ingest failed", { error: (error as Error).message }),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
