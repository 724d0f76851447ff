import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "./deps.js";
import { problemResponse } from "./errors.js";

function describeIssues(error: z.ZodError, target: string): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.join(".") : target;
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}

/** The one validation hook: every invalid request gets the same problem+json 400. */
export function newRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c: Context) => {
      if (!result.success)
        return problemResponse(c, "BAD_REQUEST", describeIssues(result.error, result.target));
    },
  });
}

export const ProblemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string() })
  .openapi("Problem");

export const problemResponses = {
  400: { description: "Invalid input", content: { "application/problem+json": { schema: ProblemSchema } } },
  404: { description: "Not found", content: { "application/problem+json": { schema: ProblemSchema } } },
  429: {
    description: "Too many requests from this client; the Retry-After header says when to try again",
    content: { "application/problem+json": { schema: ProblemSchema } },
  },
} as const;

export const LimitParam = z.coerce
  .number({ message: "must be a whole number" })
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(100, "must be at most 100")
  .default(50)
  .openapi({ param: { name: "limit", in: "query" }, example: 50 });

export const CursorParam = z
  .string()
  .max(512)
  .optional()
  .openapi({ param: { name: "cursor", in: "query" }, description: "nextCursor from the previous page" });

/** Filter by repository, `Owner/name`. */
export const RepoParam = z
  .string()
  .max(200)
  .optional()
  .openapi({ param: { name: "repo", in: "query" }, example: "SeldonIO/MLServer" });

/** Filter by component: a repository name or issue label (entries: their components). */
export const ComponentParam = z
  .string()
  .max(100)
  .optional()
  .openapi({ param: { name: "component", in: "query" }, example: "mlserver" });
