import { z } from "@hono/zod-openapi";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { markIssuesChangedStatements } from "../../db/queries/ingest.js";
import { markRefreshPendingStatement } from "../../db/queries/refresh.js";
import { deleteCommentStatement } from "../../db/queries/webhook.js";
import { issueNumberFromUrl } from "../../github/github-types.js";
import { storeGitHubItems } from "../../github/store-items.js";
import type { AppEnv, AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { verifyHmacSha256 } from "../hmac.js";

const MAX_BODY = 1024 * 1024;

// Only what routing needs; the issue and comment objects are validated by the same mapping as a sync.
const IssuesEvent = z.object({ action: z.string(), issue: z.object({}).passthrough() });
const CommentEvent = z.object({
  action: z.string(),
  issue: z.object({}).passthrough(),
  comment: z.object({ id: z.number().int(), issue_url: z.string() }).passthrough(),
});

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

async function refreshAfterWebhook(deps: AppEnv["Variables"]["deps"]): Promise<void> {
  const outcome = await deps.refresh?.drain("webhook");
  if (outcome?.status === "failed") {
    deps.logger.error("refreshing clusters and index after a webhook failed", { error: outcome.error });
  }
}

/** `POST /github/webhook`: issue and comment events update the knowledge base between syncs. */
export function registerGitHubWebhook(app: AppRouter): void {
  const route = new Hono<AppEnv>();
  const limit = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", "webhook payloads are limited to 1 MiB");
    },
  });
  route.post("/github/webhook", limit, async (c) => {
    const { deps } = c.var;
    const body = await c.req.text();
    const payload = await verifiedPayload(
      deps.githubWebhookSecret,
      body,
      c.req.header("x-hub-signature-256"),
    );
    const event = c.req.header("x-github-event") ?? "";
    const now = deps.clock.now().toISOString();
    if (event === "ping") return c.json({ ok: true, event }, 200);
    if (event === "issues") {
      const { issue } = parseEvent(IssuesEvent, payload, event);
      await storeGitHubItems(deps.database, { issues: [issue], comments: [] }, now);
    } else if (event === "issue_comment") {
      const { action, issue, comment } = parseEvent(CommentEvent, payload, event);
      const { db, limits } = deps.database;
      await storeGitHubItems(
        deps.database,
        { issues: [issue], comments: action === "deleted" ? [] : [comment] },
        now,
      );
      if (action === "deleted") {
        const number = issueNumberFromUrl(comment.issue_url);
        const repoKey = /\/repos\/([^/]+\/[^/]+)\/issues\//.exec(comment.issue_url)?.[1]?.toLowerCase();
        await deps.database.atomic([
          deleteCommentStatement(db, comment.id),
          ...(number !== null && repoKey ? markIssuesChangedStatements(db, repoKey, [number], limits) : []),
          markRefreshPendingStatement(db, now),
        ]);
      }
    } else {
      return c.json({ ok: true, event, ignored: true }, 202);
    }
    // The stored rows carry the refresh marker; the coordinator runs (or joins) one refresh for it.
    const work = refreshAfterWebhook(deps);
    deps.defer ? deps.defer(work) : await work;
    return c.json({ ok: true, event }, 200);
  });
  app.route("/", route);
}
