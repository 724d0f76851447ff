import { createRoute, z } from "@hono/zod-openapi";
import type { AppRouter } from "../deps.js";

const HealthResponse = z.object({ ok: z.literal(true) }).openapi("Health");

const route = createRoute({
  method: "get",
  path: "/healthz",
  responses: {
    200: { description: "The service is up", content: { "application/json": { schema: HealthResponse } } },
  },
});

export function registerHealth(app: AppRouter): void {
  app.openapi(route, (c) => c.json({ ok: true as const }, 200));
}
