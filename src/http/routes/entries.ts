// Reading entries: public for published ones, curators see drafts and archived ones too.
import { createRoute, z } from "@hono/zod-openapi";
import { entryVersions } from "../../curation/entries.js";
import { getEntry, listEntries } from "../../db/queries/entries.js";
import { getEntryForExport } from "../../db/queries/export.js";
import type { EntryRow } from "../../db/schema.js";
import { ENTRY_STATES } from "../../domain/entry/index.js";
import { kebabCase } from "../../domain/export/names.js";
import { renderEntryPage } from "../../domain/export/page.js";
import { chooseTarget, DOCS_TARGETS } from "../../domain/export/targets.js";
import { optionalPrincipal } from "../auth.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { AppDeps, AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { CursorParam, LimitParam, problemResponses } from "../validation.js";
import { authProblems, EntryId, EntrySchema, entryJson, etagOf, PUBLIC_STATES } from "./entry-schemas.js";

const EntryCursor = z.object({ u: z.string(), i: z.string() });

const listRoute = createRoute({
  method: "get",
  path: "/api/entries",
  summary: "Entries, most recently changed first (drafts and archived ones only with a curator token)",
  middleware: [optionalPrincipal] as const,
  request: {
    query: z.object({
      limit: LimitParam,
      cursor: CursorParam,
      state: z
        .enum(ENTRY_STATES)
        .optional()
        .openapi({ param: { name: "state", in: "query" } }),
    }),
  },
  responses: {
    200: {
      description: "A page of entries",
      content: {
        "application/json": {
          schema: z
            .object({ entries: z.array(EntrySchema), nextCursor: z.string().nullable() })
            .openapi("EntryList"),
        },
      },
    },
    ...authProblems,
    ...problemResponses,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/entries/{id}",
  summary: "One entry; its ETag is its version, for If-Match on PATCH",
  middleware: [optionalPrincipal] as const,
  request: { params: EntryId },
  responses: {
    200: { description: "The entry", content: { "application/json": { schema: EntrySchema } } },
    ...authProblems,
    ...problemResponses,
  },
});

const versionsRoute = createRoute({
  method: "get",
  path: "/api/entries/{id}/versions",
  summary: "Every saved version of an entry, newest first",
  middleware: [optionalPrincipal] as const,
  request: { params: EntryId },
  responses: {
    200: {
      description: "Versions",
      content: {
        "application/json": {
          schema: z.object({
            versions: z.array(
              z.object({
                version: z.number().int(),
                editedBy: z.string(),
                createdAt: z.string(),
                snapshot: z.unknown(),
              }),
            ),
          }),
        },
      },
    },
    ...authProblems,
    ...problemResponses,
  },
});

const markdownRoute = createRoute({
  method: "get",
  path: "/api/entries/{id}/markdown",
  summary: "The entry as the page it would add to Seldon's docs (GitBook markdown)",
  middleware: [optionalPrincipal] as const,
  request: { params: EntryId },
  responses: {
    200: { description: "text/markdown", content: { "text/markdown": { schema: z.string() } } },
    ...authProblems,
    ...problemResponses,
  },
});

/** Drafts and archived entries do not exist for the public: 404, not 403, so ids do not leak. */
export async function visibleEntry(deps: AppDeps, id: string, curator: boolean): Promise<EntryRow> {
  const row = await getEntry(deps.database.db, id);
  if (!row || (!curator && !PUBLIC_STATES.includes(row.state)))
    throw new AppError("NOT_FOUND", `entry ${id} does not exist`);
  return row;
}

export function registerEntries(app: AppRouter): void {
  app.openapi(listRoute, async (c) => {
    const { limit, cursor, state } = c.req.valid("query");
    const curator = c.var.principal !== undefined;
    const allowed = curator ? [...ENTRY_STATES] : PUBLIC_STATES;
    if (state && !allowed.includes(state))
      throw new AppError("FORBIDDEN", `${state} entries are for curators`);
    const after = cursor === undefined ? undefined : decodeCursor(cursor, EntryCursor);
    const rows = await listEntries(c.var.deps.database.db, {
      states: state ? [state] : allowed,
      limit: limit + 1,
      after: after && { updatedAt: after.u, id: after.i },
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json(
      {
        entries: page.map((r) => entryJson(r, curator)),
        nextCursor: rows.length > limit && last ? encodeCursor({ u: last.updatedAt, i: last.id }) : null,
      },
      200,
    );
  });

  app.openapi(getRoute, async (c) => {
    const curator = c.var.principal !== undefined;
    const row = await visibleEntry(c.var.deps, c.req.valid("param").id, curator);
    c.header("ETag", etagOf(row));
    return c.json(entryJson(row, curator), 200);
  });

  app.openapi(versionsRoute, async (c) => {
    const { id } = c.req.valid("param");
    await visibleEntry(c.var.deps, id, c.var.principal !== undefined);
    const versions = await entryVersions(c.var.deps, id);
    return c.json({ versions: versions.map(({ entryId: _e, ...v }) => v) }, 200);
  });

  // The same page `kb export` writes, so what a curator previews is what goes upstream.
  app.openapi(markdownRoute, async (c) => {
    const { id } = c.req.valid("param");
    await visibleEntry(c.var.deps, id, c.var.principal !== undefined);
    const found = await getEntryForExport(c.var.deps.database.db, id);
    if (!found) throw new AppError("NOT_FOUND", `entry ${id} does not exist`);
    const text = renderEntryPage(found.entry, DOCS_TARGETS[chooseTarget(found.entry)]);
    const name = `${kebabCase(found.entry.title) || "entry"}.md`;
    return c.body(text, 200, {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `inline; filename="${name}"`,
    });
  });
}
