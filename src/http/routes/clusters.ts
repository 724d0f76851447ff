import { createRoute, z } from "@hono/zod-openapi";
import {
  getCluster,
  listClusterEvidence,
  listClusterMembers,
  listClusters,
  listClusterTies,
  type MemberIssue,
} from "../../db/queries/clusters.js";
import type { ClusterRow } from "../../db/schema.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import type { AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { CursorParam, LimitParam, problemResponses } from "../validation.js";

const IssueRef = z
  .object({ repo: z.string(), number: z.number().int(), title: z.string(), url: z.string() })
  .openapi("IssueRef");

export const ClusterSummary = z
  .object({
    id: z.string(),
    signature: z.string().describe("Id of the cluster's main signature"),
    template: z.string(),
    issueCount: z.number().int(),
    state: z.string(),
    issues: z.array(IssueRef),
  })
  .openapi("ClusterSummary");

const ClusterList = z
  .object({ clusters: z.array(ClusterSummary), nextCursor: z.string().nullable() })
  .openapi("ClusterList");

const ClusterDetail = ClusterSummary.extend({
  signatures: z.array(z.object({ id: z.string(), template: z.string() })),
  samples: z.array(
    z.object({
      repo: z.string(),
      number: z.number().int(),
      line: z.string(),
      template: z.string(),
      masked: z.array(z.object({ kind: z.string(), value: z.string() })),
    }),
  ),
  ties: z
    .array(
      z.object({
        repo: z.string(),
        number: z.number().int(),
        tiedBy: z.array(
          z.object({
            template: z.string().describe("The error (or the end of an error chain) both issues show"),
            weight: z
              .number()
              .describe("0-1: its specificity x rarity x how prominently both issues show it"),
            with: z.string().describe("The other member, Owner/repo#N"),
          }),
        ),
      }),
    )
    .describe(
      "Why each member is here: the strongest evidence it shares with other members. Empty for a member placed by a curator's merge or by its own signature alone.",
    ),
}).openapi("ClusterDetail");

const ClusterCursor = z.object({ c: z.number().int(), i: z.string() });

const listRoute = createRoute({
  method: "get",
  path: "/api/clusters",
  summary: "Clusters, largest first, each with every member issue",
  request: { query: z.object({ limit: LimitParam, cursor: CursorParam }) },
  responses: {
    200: { description: "A page of clusters", content: { "application/json": { schema: ClusterList } } },
    ...problemResponses,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/clusters/{id}",
  summary: "One cluster with why its members are grouped: signatures, sample lines, masked values",
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
    200: { description: "The cluster", content: { "application/json": { schema: ClusterDetail } } },
    ...problemResponses,
  },
});

export function summarize(row: ClusterRow, members: MemberIssue[]) {
  return {
    id: row.id,
    signature: row.signatureIds[0] ?? row.id,
    template: row.template,
    issueCount: row.issueCount,
    state: row.state,
    issues: members.filter((m) => m.clusterId === row.id).map(({ clusterId: _c, ...issue }) => issue),
  };
}

export function registerClusters(app: AppRouter): void {
  app.openapi(listRoute, async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const { db } = c.var.deps.database;
    const after = cursor === undefined ? undefined : decodeCursor(cursor, ClusterCursor);
    const rows = await listClusters(db, {
      limit: limit + 1,
      after: after && { issueCount: after.c, id: after.i },
    });
    const page = rows.slice(0, limit);
    const members = await listClusterMembers(
      db,
      page.map((r) => r.id),
    );
    const last = page.at(-1);
    return c.json(
      {
        clusters: page.map((row) => summarize(row, members)),
        nextCursor: rows.length > limit && last ? encodeCursor({ c: last.issueCount, i: last.id }) : null,
      },
      200,
    );
  });

  app.openapi(getRoute, async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.var.deps.database;
    const row = await getCluster(db, id);
    if (!row)
      throw new AppError("NOT_FOUND", `cluster ${id} does not exist (it may have been merged or re-mined)`);
    const [members, evidence, ties] = await Promise.all([
      listClusterMembers(db, [id]),
      listClusterEvidence(db, id, 20),
      listClusterTies(db, id),
    ]);
    const signatures = new Map<string, string>();
    for (const e of evidence) signatures.set(e.signatureId, e.template);
    return c.json(
      {
        ...summarize(row, members),
        signatures: row.signatureIds.map((sid) => ({
          id: sid,
          template: signatures.get(sid) ?? row.template,
        })),
        samples: evidence.map((e) => ({
          repo: e.repo,
          number: e.number,
          line: e.sample,
          template: e.template,
          masked: e.masks,
        })),
        ties: ties.map((t) => ({
          repo: t.repo,
          number: t.number,
          tiedBy: t.ties.map((x) => ({ template: x.template, weight: x.weight, with: x.other })),
        })),
      },
      200,
    );
  });
}
