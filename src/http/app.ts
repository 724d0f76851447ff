import { requestId } from "hono/request-id";
import { createRefreshCoordinator } from "../refresh/coordinator.js";
import { createSearchService } from "../search/index.js";
import type { AppDeps, AppRouter } from "./deps.js";
import { errorHandler, problemResponse } from "./errors.js";
import { registerPages } from "./pages/index.js";
import { registerClusters } from "./routes/clusters.js";
import { registerGitHubWebhook } from "./routes/github-webhook.js";
import { registerHealth } from "./routes/health.js";
import { registerIssues } from "./routes/issues.js";
import { registerSearch } from "./routes/search.js";
import { registerSlack } from "./routes/slack.js";
import { newRouter } from "./validation.js";

/** The whole HTTP surface over the given dependencies: the same app on Node and on Workers. */
export function createApp(deps: AppDeps): AppRouter {
  deps.search ??= createSearchService(deps);
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
  registerHealth(app);
  registerIssues(app);
  registerClusters(app);
  registerSearch(app);
  registerSlack(app);
  registerGitHubWebhook(app);
  registerPages(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Seldon troubleshooting knowledge base", version: "0.1.0" },
  });
  app.notFound((c) => problemResponse(c, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
  app.onError(errorHandler(deps.logger));
  return app;
}
