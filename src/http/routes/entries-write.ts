// Writing entries (curators): create, edit under If-Match, publish, archive.
import { createRoute, z } from "@hono/zod-openapi";
import { archiveEntry, createEntry, publishEntry, updateEntry } from "../../curation/entries.js";
import { StaleVersionError } from "../../curation/errors.js";
import { requireRole } from "../auth.js";
import type { AppRouter } from "../deps.js";
import { AppError, problemOf } from "../errors.js";
import { ProblemSchema, problemResponses } from "../validation.js";
import {
  EntryContentInput,
  EntryId,
  EntryPatchInput,
  EntrySchema,
  entryJson,
  etagOf,
  parseIfMatch,
  writeProblems,
} from "./entry-schemas.js";

const curator = requireRole("curator");
const entryContent = { "application/json": { schema: EntrySchema } };

const createEntryRoute = createRoute({
  method: "post",
  path: "/api/entries",
  summary: "Create a draft entry by hand (promote a cluster to get one prefilled)",
  middleware: [curator] as const,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: EntryContentInput.extend({ clusterId: z.string().max(200).nullable().default(null) }),
        },
      },
    },
  },
  responses: {
    201: { description: "The new draft", content: entryContent },
    ...writeProblems,
    ...problemResponses,
  },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/api/entries/{id}",
  summary: "Edit an entry; If-Match must carry the version you edited (its ETag)",
  middleware: [curator] as const,
  request: {
    params: EntryId,
    headers: z.object({ "if-match": z.string().max(40).optional().openapi({ example: '"3"' }) }),
    body: { required: true, content: { "application/json": { schema: EntryPatchInput } } },
  },
  responses: {
    200: { description: "The saved entry (a new version)", content: entryContent },
    412: {
      description: "The entry moved on since that version; the body names the current one",
      content: {
        "application/problem+json": { schema: ProblemSchema.extend({ currentVersion: z.number().int() }) },
      },
    },
    428: {
      description: "If-Match is missing",
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
    ...writeProblems,
    ...problemResponses,
  },
});

const publishRoute = createRoute({
  method: "post",
  path: "/api/entries/{id}/publish",
  summary: "Publish (or re-verify a needs-review entry); needs a cause and a resolution",
  middleware: [curator] as const,
  request: { params: EntryId, headers: z.object({ "if-match": z.string().max(40).optional() }) },
  responses: {
    200: { description: "The published entry", content: entryContent },
    ...writeProblems,
    ...problemResponses,
  },
});

const archiveRoute = createRoute({
  method: "post",
  path: "/api/entries/{id}/archive",
  summary: "Archive an entry: it leaves search and the public pages, its history stays",
  middleware: [curator] as const,
  request: {
    params: EntryId,
    body: {
      content: {
        "application/json": { schema: z.strictObject({ reason: z.string().max(1000).default("") }) },
      },
      required: false,
    },
  },
  responses: {
    200: { description: "The archived entry", content: entryContent },
    ...writeProblems,
    ...problemResponses,
  },
});

export function registerEntryWrites(app: AppRouter): void {
  app.openapi(createEntryRoute, async (c) => {
    const { clusterId, ...content } = c.req.valid("json");
    const row = await createEntry(c.var.deps, { content, clusterId, actor: c.var.principal!.label });
    c.header("ETag", etagOf(row));
    return c.json(entryJson(row, true), 201);
  });

  app.openapi(patchRoute, async (c) => {
    const header = c.req.valid("header")["if-match"];
    const expectedVersion = parseIfMatch(header);
    if (header === undefined)
      throw new AppError("PRECONDITION_REQUIRED", 'send If-Match: "<version>" (the ETag you edited)');
    if (expectedVersion === null)
      throw new AppError("BAD_REQUEST", 'If-Match must be the entry\'s ETag, like "3"');
    try {
      const row = await updateEntry(c.var.deps, {
        id: c.req.valid("param").id,
        expectedVersion,
        patch: c.req.valid("json"),
        actor: c.var.principal!.label,
      });
      c.header("ETag", etagOf(row));
      return c.json(entryJson(row, true), 200);
    } catch (error) {
      if (!(error instanceof StaleVersionError)) throw error;
      c.header("ETag", etagOf(error.current));
      const body = {
        ...problemOf("PRECONDITION_FAILED", error.message),
        currentVersion: error.current.version,
      };
      return c.body(JSON.stringify(body), 412, { "content-type": "application/problem+json" }) as never;
    }
  });

  app.openapi(publishRoute, async (c) => {
    const header = c.req.valid("header")["if-match"];
    const expectedVersion = header === undefined ? undefined : parseIfMatch(header);
    if (expectedVersion === null)
      throw new AppError("BAD_REQUEST", 'If-Match must be the entry\'s ETag, like "3"');
    const row = await publishEntry(c.var.deps, {
      id: c.req.valid("param").id,
      actor: c.var.principal!.label,
      expectedVersion,
    });
    c.header("ETag", etagOf(row));
    return c.json(entryJson(row, true), 200);
  });

  app.openapi(archiveRoute, async (c) => {
    const body = c.req.valid("json") ?? { reason: "" };
    const row = await archiveEntry(c.var.deps, {
      id: c.req.valid("param").id,
      actor: c.var.principal!.label,
      reason: body.reason,
    });
    return c.json(entryJson(row, true), 200);
  });
}
