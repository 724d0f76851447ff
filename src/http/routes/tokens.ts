// Token management for admins (the CLI does the same: kb token create|list|revoke).
import { createRoute, z } from "@hono/zod-openapi";
import { createToken, listTokens, revokeToken } from "../../curation/tokens.js";
import { requireRole } from "../auth.js";
import type { AppRouter } from "../deps.js";
import { problemResponses } from "../validation.js";
import { writeProblems } from "./entry-schemas.js";

const admin = requireRole("admin");
const TokenInfo = z
  .object({
    id: z.string(),
    role: z.enum(["curator", "admin"]),
    label: z.string(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi("TokenInfo");

const listRoute = createRoute({
  method: "get",
  path: "/api/tokens",
  summary: "Every token ever made (never the token itself)",
  middleware: [admin] as const,
  responses: {
    200: {
      description: "Tokens",
      content: { "application/json": { schema: z.object({ tokens: z.array(TokenInfo) }) } },
    },
    ...writeProblems,
  },
});

const createTokenRoute = createRoute({
  method: "post",
  path: "/api/tokens",
  summary: "Create a token; the answer is the only time it is shown",
  middleware: [admin] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: z.strictObject({
            role: z.enum(["curator", "admin"]),
            label: z.string().trim().min(1).max(100),
          }),
        },
      },
    },
  },
  responses: {
    201: {
      description: "The new token",
      content: { "application/json": { schema: z.object({ token: z.string(), info: TokenInfo }) } },
    },
    ...writeProblems,
    ...problemResponses,
  },
});

const revokeRoute = createRoute({
  method: "delete",
  path: "/api/tokens/{id}",
  summary: "Revoke a token: it and its page sessions stop working at once",
  middleware: [admin] as const,
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(100)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The revoked token", content: { "application/json": { schema: TokenInfo } } },
    ...writeProblems,
    ...problemResponses,
  },
});

export function registerTokens(app: AppRouter): void {
  app.openapi(listRoute, async (c) => c.json({ tokens: await listTokens(c.var.deps) }, 200));
  app.openapi(createTokenRoute, async (c) => {
    const { role, label } = c.req.valid("json");
    return c.json(await createToken(c.var.deps, { role, label, actor: c.var.principal!.label }), 201);
  });
  app.openapi(revokeRoute, async (c) =>
    c.json(
      await revokeToken(c.var.deps, { id: c.req.valid("param").id, actor: c.var.principal!.label }),
      200,
    ),
  );
}
