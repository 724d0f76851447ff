import { createRoute, z } from "@hono/zod-openapi";
import { listQueue, QUEUE_STATES } from "../../curation/queue-page.js";
import { requireRole } from "../auth.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { AppRouter } from "../deps.js";
import { ComponentParam, CursorParam, LimitParam, problemResponses, RepoParam } from "../validation.js";
import { authProblems } from "./entry-schemas.js";

export const QueueQuery = z.strictObject({
  limit: LimitParam,
  cursor: CursorParam,
  repo: RepoParam,
  component: ComponentParam,
  state: z
    .enum(QUEUE_STATES)
    .optional()
    .openapi({ param: { name: "state", in: "query" } }),
});

const QueueItem = z
  .object({
    kind: z.enum(["cluster", "demand", "stale-entry"]),
    id: z.string(),
    title: z.string(),
    score: z.number(),
    why: z.record(z.string(), z.unknown()),
    clusterId: z.string().nullable(),
    entryId: z.string().nullable(),
    state: z.string(),
    repos: z.array(z.string()),
    components: z.array(z.string()),
    versions: z.array(z.string()),
    activity: z
      .array(z.number().int())
      .describe("issues (or searches) per month, the last 12 months, oldest first"),
    snoozedUntil: z.string().nullable(),
  })
  .openapi("QueueItem");

const QueueCursor = z.object({ s: z.number(), i: z.string() });

const route = createRoute({
  method: "get",
  path: "/api/queue",
  summary: "The review queue, highest impact first, each item with its score broken down",
  middleware: [requireRole("curator")] as const,
  request: { query: QueueQuery },
  responses: {
    200: {
      description: "A page of the queue",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(QueueItem), nextCursor: z.string().nullable() }).openapi("Queue"),
        },
      },
    },
    ...authProblems,
    ...problemResponses,
  },
});

export function registerQueue(app: AppRouter): void {
  app.openapi(route, async (c) => {
    const { limit, cursor, ...filter } = c.req.valid("query");
    const after = cursor === undefined ? undefined : decodeCursor(cursor, QueueCursor);
    const page = await listQueue(c.var.deps, {
      ...filter,
      limit,
      after: after && { score: after.s, id: after.i },
    });
    return c.json(
      {
        items: page.items.map(({ fingerprint: _f, ...item }) => item),
        nextCursor: page.next ? encodeCursor({ s: page.next.score, i: page.next.id }) : null,
      },
      200,
    );
  });
}
