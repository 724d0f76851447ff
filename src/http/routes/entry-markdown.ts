import { createRoute, z } from "@hono/zod-openapi";
import { getEntryForExport } from "../../db/queries/export.js";
import { kebabCase } from "../../domain/export/names.js";
import { renderEntryPage } from "../../domain/export/page.js";
import { chooseTarget, DOCS_TARGETS } from "../../domain/export/targets.js";
import { adminCheck } from "../auth/require-admin.js";
import type { AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { ProblemSchema, problemResponses } from "../validation.js";

const markdownRoute = createRoute({
  method: "get",
  path: "/api/entries/{id}/markdown",
  summary: "The entry as the page it would add to Seldon's docs (GitBook markdown)",
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(200)
        .openapi({ param: { name: "id", in: "path" } }),
    }),
  },
  responses: {
    200: { description: "The contributable page", content: { "text/markdown": { schema: z.string() } } },
    401: {
      description: "The entry is not published and the request has no admin credentials",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
    ...problemResponses,
  },
});

/** Published entries are public; others only for an admin (curators once sign-in lands). */
export function registerEntryMarkdown(app: AppRouter): void {
  app.openapi(markdownRoute, async (c) => {
    const { id } = c.req.valid("param");
    const found = await getEntryForExport(c.var.deps.database.db, id);
    if (!found) throw new AppError("NOT_FOUND", `entry ${id} does not exist`);
    if (found.state !== "published" && (await adminCheck(c)) !== "admin")
      throw new AppError(
        "UNAUTHORIZED",
        `entry ${id} is not published; curators can read it with their token`,
      );
    const text = renderEntryPage(found.entry, DOCS_TARGETS[chooseTarget(found.entry)]);
    const name = `${kebabCase(found.entry.title) || "entry"}.md`;
    return c.body(text, 200, {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `inline; filename="${name}"`,
    });
  });
}
