import { z } from "@hono/zod-openapi";
import { checkQueryText } from "../../search/index.js";
import { BODY_LIMITS, limitBody } from "../body-limit.js";
import type { AppDeps, AppRouter } from "../deps.js";
import { AppError } from "../errors.js";
import { verifyHmacSha256 } from "../hmac.js";
import { searchServiceOf } from "./search.js";
import {
  failureMessage,
  plainMessage,
  resultsMessage,
  type SlackMessage,
  usageMessage,
} from "./slack-blocks.js";

export const SlackCommandForm = z.object({
  command: z.string().min(1).max(100),
  // No length cap here: an oversized paste gets the same friendly message as every other surface.
  text: z.string().default(""),
  response_url: z.url({ protocol: /^https?$/ }).optional(),
  user_id: z.string().max(100).optional(),
  team_id: z.string().max(100).optional(),
  channel_id: z.string().max(100).optional(),
});

const MAX_SKEW_SECONDS = 5 * 60;
const DEFAULT_DEADLINE_MS = 2500;
/**
 * Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret,
 * checked with WebCrypto's verify (constant time, and available on Workers), and a timestamp no more
 * than five minutes from our clock so a captured request cannot be replayed.
 */
export async function verifySlackSignature(
  deps: AppDeps,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string,
): Promise<void> {
  if (!deps.slackSigningSecret)
    throw new AppError("UNAUTHORIZED", "Slack commands are not configured (no SLACK_SIGNING_SECRET)");
  if (!timestamp || !signature)
    throw new AppError("UNAUTHORIZED", "missing X-Slack-Request-Timestamp or X-Slack-Signature");
  if (!/^\d{1,12}$/.test(timestamp))
    throw new AppError("UNAUTHORIZED", "X-Slack-Request-Timestamp is not a Unix time");
  if (Math.abs(deps.clock.now().getTime() / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
    throw new AppError(
      "UNAUTHORIZED",
      "X-Slack-Request-Timestamp is more than 5 minutes off; the request may be a replay",
    );
  }
  const valid =
    signature.startsWith("v0=") &&
    (await verifyHmacSha256(deps.slackSigningSecret, `v0:${timestamp}:${body}`, signature.slice(3)));
  if (!valid) throw new AppError("UNAUTHORIZED", "X-Slack-Signature does not match the request");
}

async function postFollowUp(deps: AppDeps, url: string, message: SlackMessage): Promise<void> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...message, replace_original: true }),
  });
  if (!res.ok) deps.logger.warn("slack response_url rejected the follow-up", { status: res.status });
}

export function registerSlack(app: AppRouter): void {
  // The limit counts streamed bytes, so a chunked request without Content-Length is bounded too.
  app.post("/slack/commands", limitBody(BODY_LIMITS.slackCommand, "a Slack command"), async (c) => {
    const deps = c.var.deps;
    const timestamp = c.req.header("x-slack-request-timestamp");
    const signature = c.req.header("x-slack-signature");
    if (!timestamp || !signature)
      throw new AppError("UNAUTHORIZED", "missing X-Slack-Request-Timestamp or X-Slack-Signature");
    const raw = await c.req.text();
    await verifySlackSignature(deps, timestamp, signature, raw);
    const form = SlackCommandForm.safeParse(Object.fromEntries(new URLSearchParams(raw)));
    if (!form.success)
      throw new AppError(
        "BAD_REQUEST",
        `not a Slack slash command: ${form.error.issues.map((i) => i.path.join(".")).join(", ")}`,
      );
    const { command, text, response_url: responseUrl } = form.data;
    const base = deps.publicUrl?.replace(/\/$/, "") ?? new URL(c.req.url).origin;
    const query = text.trim();
    if (query === "" || query.toLowerCase() === "help") return c.json(usageMessage(command, base));
    const problem = checkQueryText(query);
    if (problem) return c.json(plainMessage(`Cannot search that: ${problem.message}.`));
    const work = searchServiceOf(deps)
      .search({ text: query, limit: 10 })
      .then((outcome) => resultsMessage(outcome, query, base))
      .catch((error: unknown) => {
        deps.logger.error("slack search failed", { error: (error as Error)?.message });
        return failureMessage(base);
      });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), deps.slackReplyDeadlineMs ?? DEFAULT_DEADLINE_MS);
    });
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first) return c.json(first);
    if (!responseUrl) return c.json(await work);
    // Workers must be told to keep the follow-up alive (deps.defer = waitUntil); on Node it just runs on.
    const followUp = work
      .then((message) => postFollowUp(deps, responseUrl, message))
      .catch((error: unknown) =>
        deps.logger.warn("slack follow-up failed", { error: (error as Error)?.message }),
      );
    deps.defer?.(followUp);
    return c.json(plainMessage("Searching a long log… the results will follow here in a moment."));
  });
}
