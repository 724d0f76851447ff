// Curator corrections over HTTP: promote, merge, split, ignore, snooze, restore, undo a rule.
import { createRoute, z } from "@hono/zod-openapi";
import {
  ignoreCluster,
  listCorrections,
  mergeInto,
  restoreCluster,
  snoozeCluster,
  splitOut,
  undoCorrection,
} from "../../curation/corrections.js";
import { promoteCluster } from "../../curation/entries.js";
import { listClusterMembers } from "../../db/queries/clusters.js";
import type { ClusterRow, ClusterRuleRow } from "../../db/schema.js";
import { requireRole } from "../auth.js";
import type { AppDeps, AppRouter } from "../deps.js";
import { problemResponses } from "../validation.js";
import { ClusterSummary, summarize } from "./clusters.js";
import { EntrySchema, entryJson, writeProblems } from "./entry-schemas.js";

const curator = requireRole("curator");
const Reason = z.string().trim().min(1, "say why (it goes in the audit log)").max(1000);
const ClusterId = z.object({
  id: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: "id", in: "path" } }),
});
const Rule = z
  .object({
    id: z.string(),
    kind: z.enum(["merge", "split"]),
    signatureIds: z.array(z.string()),
    issueKeys: z.array(z.string()),
    targetClusterId: z.string().nullable(),
    createdBy: z.string(),
    reason: z.string(),
    createdAt: z.string(),
  })
  .openapi("ClusterRule");
const Corrected = z.object({ rule: Rule, clusters: z.array(ClusterSummary) }).openapi("CorrectionResult");
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});
const ok = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

async function summaries(deps: AppDeps, rows: ClusterRow[]) {
  const members = await listClusterMembers(
    deps.database.db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => summarize(r, members));
}

const promoteRoute = createRoute({
  method: "post",
  path: "/api/clusters/{id}/promote",
  summary: "Create a draft entry prefilled from the cluster's evidence, with candidate fixes",
  middleware: [curator] as const,
  request: { params: ClusterId },
  responses: { 201: ok(EntrySchema, "The draft"), ...writeProblems, ...problemResponses },
});

const mergeRoute = createRoute({
  method: "post",
  path: "/api/clusters/merge",
  summary: "Merge clusters into the first named; the rule survives re-ingestion and re-clustering",
  middleware: [curator] as const,
  request: {
    body: body(
      z.strictObject({ clusterIds: z.array(z.string().min(1).max(200)).min(2).max(20), reason: Reason }),
    ),
  },
  responses: { 200: ok(Corrected, "The merged cluster"), ...writeProblems, ...problemResponses },
});

const splitRoute = createRoute({
  method: "post",
  path: "/api/clusters/{id}/split",
  summary: "Move issues (or every issue carrying some signatures) out into a cluster of their own",
  middleware: [curator] as const,
  request: {
    params: ClusterId,
    body: body(
      z
        .strictObject({
          issues: z
            .array(z.string().regex(/^[\w.-]+\/[\w.-]+#\d+$/, "must look like Owner/repo#123"))
            .max(500)
            .optional(),
          signatureIds: z.array(z.string().min(1).max(200)).max(50).optional(),
          reason: Reason,
        })
        .refine(
          (b) => (b.issues?.length ?? 0) + (b.signatureIds?.length ?? 0) > 0,
          "name issues or signatureIds",
        ),
    ),
  },
  responses: {
    200: ok(Corrected, "The cluster and the one split off"),
    ...writeProblems,
    ...problemResponses,
  },
});

const ignoreRoute = createRoute({
  method: "post",
  path: "/api/clusters/{id}/ignore",
  summary: "Ignore a cluster (with a reason): it leaves the queue and search",
  middleware: [curator] as const,
  request: { params: ClusterId, body: body(z.strictObject({ reason: Reason })) },
  responses: { 200: ok(ClusterSummary, "The ignored cluster"), ...writeProblems, ...problemResponses },
});

const snoozeRoute = createRoute({
  method: "post",
  path: "/api/clusters/{id}/snooze",
  summary: "Snooze a cluster until a date: it leaves the queue until then",
  middleware: [curator] as const,
  request: {
    params: ClusterId,
    body: body(
      z.strictObject({ until: z.iso.date().or(z.iso.datetime()), reason: z.string().max(1000).default("") }),
    ),
  },
  responses: { 200: ok(ClusterSummary, "The snoozed cluster"), ...writeProblems, ...problemResponses },
});

const restoreRoute = createRoute({
  method: "post",
  path: "/api/clusters/{id}/restore",
  summary: "Undo ignore and snooze",
  middleware: [curator] as const,
  request: { params: ClusterId },
  responses: {
    200: ok(ClusterSummary, "The cluster, back in the queue"),
    ...writeProblems,
    ...problemResponses,
  },
});

const rulesRoute = createRoute({
  method: "get",
  path: "/api/cluster-rules",
  summary: "Curator merges and splits in force, oldest first",
  middleware: [curator] as const,
  responses: { 200: ok(z.object({ rules: z.array(Rule) }), "Rules"), ...writeProblems },
});

const undoRoute = createRoute({
  method: "delete",
  path: "/api/cluster-rules/{id}",
  summary: "Undo a merge or split: the rule is deleted and clustering runs again without it",
  middleware: [curator] as const,
  request: {
    params: ClusterId,
    query: z.object({
      reason: z
        .string()
        .max(1000)
        .default("")
        .openapi({ param: { name: "reason", in: "query" } }),
    }),
  },
  responses: {
    200: ok(z.object({ undone: Rule }), "The rule that was undone"),
    ...writeProblems,
    ...problemResponses,
  },
});

const ruleJson = (r: ClusterRuleRow) => r;
const untilIso = (until: string) =>
  until.length === 10 ? `${until}T00:00:00.000Z` : new Date(until).toISOString();

export function registerCuration(app: AppRouter): void {
  app.openapi(promoteRoute, async (c) => {
    const row = await promoteCluster(c.var.deps, {
      clusterId: c.req.valid("param").id,
      actor: c.var.principal!.label,
    });
    return c.json(entryJson(row, true), 201);
  });
  app.openapi(mergeRoute, async (c) => {
    const { clusterIds, reason } = c.req.valid("json");
    const out = await mergeInto(c.var.deps, { clusterIds, reason, actor: c.var.principal!.label });
    return c.json({ rule: ruleJson(out.rule), clusters: await summaries(c.var.deps, out.clusters) }, 200);
  });
  app.openapi(splitRoute, async (c) => {
    const { issues, signatureIds, reason } = c.req.valid("json");
    const out = await splitOut(c.var.deps, {
      clusterId: c.req.valid("param").id,
      issueKeys: issues,
      signatureIds,
      reason,
      actor: c.var.principal!.label,
    });
    return c.json({ rule: ruleJson(out.rule), clusters: await summaries(c.var.deps, out.clusters) }, 200);
  });
  app.openapi(ignoreRoute, async (c) => {
    const row = await ignoreCluster(c.var.deps, {
      clusterId: c.req.valid("param").id,
      reason: c.req.valid("json").reason,
      actor: c.var.principal!.label,
    });
    return c.json((await summaries(c.var.deps, [row]))[0]!, 200);
  });
  app.openapi(snoozeRoute, async (c) => {
    const { until, reason } = c.req.valid("json");
    const row = await snoozeCluster(c.var.deps, {
      clusterId: c.req.valid("param").id,
      until: untilIso(until),
      reason,
      actor: c.var.principal!.label,
    });
    return c.json((await summaries(c.var.deps, [row]))[0]!, 200);
  });
  app.openapi(restoreRoute, async (c) => {
    const row = await restoreCluster(c.var.deps, {
      clusterId: c.req.valid("param").id,
      actor: c.var.principal!.label,
    });
    return c.json((await summaries(c.var.deps, [row]))[0]!, 200);
  });
  app.openapi(rulesRoute, async (c) =>
    c.json({ rules: (await listCorrections(c.var.deps)).map(ruleJson) }, 200),
  );
  app.openapi(undoRoute, async (c) => {
    const rule = await undoCorrection(c.var.deps, {
      ruleId: c.req.valid("param").id,
      reason: c.req.valid("query").reason,
      actor: c.var.principal!.label,
    });
    return c.json({ undone: ruleJson(rule) }, 200);
  });
}
