import { createRoute, z } from "@hono/zod-openapi";
import { findRepo, listIssues } from "../../db/queries/issues.js";
import { parseRepoSlug } from "../../github/repo-slug.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { CursorParam, LimitParam, problemResponses } from "../validation.js";

const ListIssuesQuery = z.object({
  repo: z
    .string()
    .optional()
    .openapi({ param: { name: "repo", in: "query" }, example: "SeldonIO/seldon-core" }),
  limit: LimitParam,
  cursor: CursorParam,
});

const IssueSummary = z
  .object({
    repo: z.string(),
    number: z.number().int(),
    title: z.string(),
    state: z.enum(["open", "closed"]),
    stateReason: z.string().nullable(),
    isPullRequest: z.boolean(),
    updatedAt: z.string(),
    commentCount: z.number().int(),
    clusterId: z.string().nullable(),
    url: z.string(),
  })
  .openapi("IssueSummary");

const IssueList = z
  .object({ issues: z.array(IssueSummary), nextCursor: z.string().nullable() })
  .openapi("IssueList");
const IssueCursor = z.object({ r: z.string(), n: z.number().int() });

const route = createRoute({
  method: "get",
  path: "/api/issues",
  summary: "Everything ingested, pull requests included and flagged",
  request: { query: ListIssuesQuery },
  responses: {
    200: { description: "A page of issues", content: { "application/json": { schema: IssueList } } },
    ...problemResponses,
  },
});

export function registerIssues(app: AppRouter): void {
  app.openapi(route, async (c) => {
    const { repo, limit, cursor } = c.req.valid("query");
    const { db } = c.var.deps.database;
    let repoKey: string | undefined;
    if (repo !== undefined) {
      const slug = parseRepoSlug(repo);
      if (!slug) throw new AppError("BAD_REQUEST", "repo: expected OWNER/REPO");
      if (!(await findRepo(db, slug.key)))
        throw new AppError("NOT_FOUND", `repo: ${repo} has not been ingested`);
      repoKey = slug.key;
    }
    const after = cursor === undefined ? undefined : decodeCursor(cursor, IssueCursor);
    const rows = await listIssues(db, {
      repoKey,
      limit: limit + 1,
      after: after && { repoKey: after.r, number: after.n },
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        issues: page.map(({ repoKey: _key, htmlUrl, commentCount, ...row }) => ({
          ...row,
          commentCount: Number(commentCount),
          url: htmlUrl,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor({ r: last.repoKey, n: last.number }) : null,
      },
      200,
    );
  });
}
