import { type ServerType, serve } from "@hono/node-server";
import type { Config } from "./config.js";
import type { Database } from "./db/client.js";
import { systemClock } from "./domain/clock.js";
import { createApp } from "./http/app.js";
import type { Logger } from "./logger.js";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Serves the app over an open database; resolves once the port is bound. */
export function startServer(config: Config, database: Database, logger: Logger): Promise<RunningServer> {
  const app = createApp({
    database,
    clock: systemClock,
    logger,
    adminToken: config.KB_ADMIN_TOKEN,
    slackSigningSecret: config.SLACK_SIGNING_SECRET,
    githubWebhookSecret: config.GITHUB_WEBHOOK_SECRET,
    publicUrl: config.PUBLIC_URL,
  });
  return new Promise((resolve, reject) => {
    let server: ServerType;
    try {
      server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
        resolve({
          url: `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${info.port}`,
          close: () => new Promise((done) => server.close(() => done())),
        });
      });
      server.once("error", reject);
    } catch (error) {
      reject(error);
    }
  });
}
