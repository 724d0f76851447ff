import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { Database, Statement } from "../../db/client.js";
import { markIssuesChangedStatements } from "../../db/queries/ingest.js";
import { markRefreshPendingStatement } from "../../db/queries/refresh.js";
import { deleteCommentStatements, deliverySeen, recordDeliveryStatement } from "../../db/queries/webhook.js";
import { issueNumberFromUrl } from "../../github/github-types.js";
import { storeItemsStatements } from "../../github/store-items.js";
import { SyncError } from "../../github/sync-error.js";
import { BODY_LIMITS, limitBody } from "../body-limit.js";
import type { AppDeps, AppEnv, AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { verifyHmacSha256 } from "../hmac.js";

// Only what routing needs; the issue and comment objects are validated by the same mapping as a sync.
const IssuesEvent = z.object({ action: z.string(), issue: z.object({}).passthrough() });
const CommentEvent = z.object({
  action: z.string(),
  issue: z.object({}).passthrough(),
  comment: z.object({ id: z.number().int(), issue_url: z.string(), updated_at: z.string() }).passthrough(),
});
// GitHub sends a GUID; anything else is not a delivery id we can key on.
const DELIVERY_ID = /^[A-Za-z0-9-]{1,100}$/;

async function verifiedPayload(secret: string | undefined, body: string, signature: string | undefined) {
  if (!secret)
    throw new AppError("NOT_FOUND", "the GitHub webhook is not configured (GITHUB_WEBHOOK_SECRET)");
  const hex = signature?.startsWith("sha256=") ? signature.slice(7) : "";
  if (!hex || !(await verifyHmacSha256(secret, body, hex))) {
    throw new AppError("UNAUTHORIZED", "X-Hub-Signature-256 is missing or does not match the body");
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new AppError("BAD_REQUEST", "the body is not JSON");
  }
}

function parseEvent<T>(schema: z.ZodType<T>, payload: unknown, event: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `not a ${event} event payload`);
  return parsed.data;
}

function commentDeletion(database: Database, comment: z.infer<typeof CommentEvent>["comment"], now: string) {
  const { db, limits } = database;
  const number = issueNumberFromUrl(comment.issue_url);
  const repoKey = /\/repos\/([^/]+\/[^/]+)\/issues\//.exec(comment.issue_url)?.[1]?.toLowerCase();
  return [
    ...deleteCommentStatements(db, { id: comment.id, updatedAt: comment.updated_at, deletedAt: now }),
    ...(number !== null && repoKey ? markIssuesChangedStatements(db, repoKey, [number], limits) : []),
    markRefreshPendingStatement(db, now),
  ];
}

/** The writes an event makes, or null for an event the knowledge base does not follow. */
function eventStatements(
  database: Database,
  event: string,
  payload: unknown,
  now: string,
): Statement[] | null {
  try {
    if (event === "issues") {
      const { issue } = parseEvent(IssuesEvent, payload, event);
      return storeItemsStatements(database, { issues: [issue], comments: [] }, now);
    }
    if (event === "issue_comment") {
      const { action, issue, comment } = parseEvent(CommentEvent, payload, event);
      const deleted = action === "deleted";
      return [
        ...storeItemsStatements(database, { issues: [issue], comments: deleted ? [] : [comment] }, now),
        ...(deleted ? commentDeletion(database, comment, now) : []),
      ];
    }
    return null;
  } catch (error) {
    if (error instanceof SyncError) throw new AppError("BAD_REQUEST", `${event} event: ${error.message}`);
    throw error;
  }
}

async function refreshAfterWebhook(deps: AppDeps): Promise<void> {
  const outcome = await deps.refresh?.drain("webhook");
  if (outcome?.status === "failed") {
    deps.logger.error("refreshing clusters and index after a webhook failed", { error: outcome.error });
  }
}

/**
 * `POST /github/webhook`: issue and comment events update the knowledge base between syncs.
 * Idempotent: a delivery id applied before is acknowledged (200, `duplicate: true`) and skipped,
 * and rows only move forward in `updated_at`, so redelivered or reordered events change nothing.
 */
export function registerGitHubWebhook(app: AppRouter): void {
  const route = new Hono<AppEnv>();
  route.post("/github/webhook", limitBody(BODY_LIMITS.githubWebhook, "webhook payloads"), async (c) => {
    const { deps } = c.var;
    const body = await c.req.text();
    const payload = await verifiedPayload(
      deps.githubWebhookSecret,
      body,
      c.req.header("x-hub-signature-256"),
    );
    const event = c.req.header("x-github-event") ?? "";
    const delivery = c.req.header("x-github-delivery");
    if (delivery !== undefined && !DELIVERY_ID.test(delivery))
      throw new AppError("BAD_REQUEST", "X-GitHub-Delivery is not a delivery id");
    if (event === "ping") return c.json({ ok: true, event }, 200);
    const { database } = deps;
    if (delivery && (await deliverySeen(database.db, delivery)))
      return c.json({ ok: true, event, duplicate: true }, 200);
    const now = deps.clock.now().toISOString();
    const statements = eventStatements(database, event, payload, now);
    if (!statements) return c.json({ ok: true, event, ignored: true }, 202);
    // The delivery is remembered in the same atomic group as its changes: only an applied one counts.
    if (delivery)
      statements.push(recordDeliveryStatement(database.db, { id: delivery, event, receivedAt: now }));
    await database.atomic(statements);
    // The stored rows carry the refresh marker; the coordinator runs (or joins) one refresh for it,
    // after the answer on both runtimes.
    const work = refreshAfterWebhook(deps);
    deps.defer ? deps.defer(work) : await work;
    return c.json({ ok: true, event }, 200);
  });
  app.route("/", route);
}
