import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import type { Clock } from "./domain/clock.js";
import type { AppDeps } from "./http/deps.js";
import type { Logger } from "./logger.js";
import type { SearchService } from "./search/index.js";

/** Config → AppDeps: the one mapping both entries (Node and Workers) use. */
export function appDepsFrom(
  config: Config,
  parts: {
    database: Database;
    clock: Clock;
    logger: Logger;
    search?: SearchService;
    defer?: AppDeps["defer"];
    rateLimiters?: AppDeps["rateLimiters"];
    clientAddress?: AppDeps["clientAddress"];
    refresh?: AppDeps["refresh"];
  },
): AppDeps {
  return {
    ...parts,
    adminToken: config.KB_ADMIN_TOKEN,
    slackSigningSecret: config.SLACK_SIGNING_SECRET,
    githubWebhookSecret: config.GITHUB_WEBHOOK_SECRET,
    publicUrl: config.PUBLIC_URL,
    github: { apiUrl: config.GITHUB_API_URL, token: config.GITHUB_TOKEN },
    trustProxy: config.TRUST_PROXY === "1",
  };
}
