import { requestId } from "hono/request-id";
import { memorySignInLimiter } from "../curation/sign-in-limiter.js";
import { createRefreshCoordinator } from "../refresh/coordinator.js";
import { createSearchService } from "../search/index.js";
import { BODY_LIMITS, limitBody } from "./body-limit.js";
import type { AppDeps, AppRouter } from "./deps.js";
import { errorHandler, problemResponse } from "./errors.js";
import { registerCuratorPages } from "./pages/curator/index.js";
import { registerExportPage } from "./pages/export-page.js";
import { registerPages } from "./pages/index.js";
import { publicRateLimit } from "./rate-limit.js";
import { registerClusters } from "./routes/clusters.js";
import { registerCuration } from "./routes/curation.js";
import { registerEntries } from "./routes/entries.js";
import { registerEntryWrites } from "./routes/entries-write.js";
import { registerGitHubWebhook } from "./routes/github-webhook.js";
import { registerHealth } from "./routes/health.js";
import { registerIssues } from "./routes/issues.js";
import { registerQueue } from "./routes/queue.js";
import { registerSearch } from "./routes/search.js";
import { registerSlack } from "./routes/slack.js";
import { registerTokens } from "./routes/tokens.js";
import { newRouter } from "./validation.js";

/** The whole HTTP surface over the given dependencies: the same app on Node and on Workers. */
export function createApp(deps: AppDeps): AppRouter {
  deps.search ??= createSearchService(deps);
  deps.signInLimiter ??= memorySignInLimiter();
  deps.refresh ??= createRefreshCoordinator(deps);
  const app = newRouter();
  app.use(requestId());
  app.use(async (c, next) => {
    c.set("deps", deps);
    const started = Date.now();
    await next();
    deps.logger.info("request", {
      id: c.get("requestId"),
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  });
  // Refuse a client over its limit before reading anything it sent.
  app.use(publicRateLimit);
  // A backstop for every route, streamed; routes that read bodies set their own, smaller limits.
  app.use(limitBody(BODY_LIMITS.any));
  registerHealth(app);
  registerIssues(app);
  registerClusters(app);
  registerSearch(app);
  registerSlack(app);
  registerGitHubWebhook(app);
  registerCuration(app);
  registerQueue(app);
  registerEntries(app);
  registerEntryWrites(app);
  registerTokens(app);
  registerCuratorPages(app);
  registerPages(app);
  registerExportPage(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Seldon troubleshooting knowledge base", version: "0.1.0" },
  });
  app.notFound((c) => problemResponse(c, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
  app.onError(errorHandler(deps.logger));
  return app;
}
