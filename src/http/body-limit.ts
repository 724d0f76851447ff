import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./deps.js";
import { AppError } from "./errors.js";

/**
 * The most each kind of request may send, in bytes. hono's bodyLimit counts the bytes as they
 * stream in, so a chunked request without Content-Length is cut off at the limit instead of
 * being read whole; a Content-Length above the limit is refused before reading anything.
 */
export const BODY_LIMITS = {
  /** Backstop for every route (createApp applies it to all): nothing the app accepts is larger. */
  any: 1024 * 1024,
  /** GitHub issue and comment events: bodies cap at 65,536 characters, the payload around them is small. */
  githubWebhook: 1024 * 1024,
  /** Slack slash commands: the text plus ~12 short form fields; room for a 64 KiB paste to get a friendly answer. */
  slackCommand: 200 * 1024,
  /** POST /api/search: q (≤ 64 KiB of text, up to 6 bytes a character once JSON-escaped) and filters. */
  searchJson: 96 * 1024,
  /** HTML form posts (the search form): a 64 KiB paste form-encoded plus short fields. */
  pageForm: 2 * 64 * 1024,
  /** Curator JSON edits (entries, cluster corrections): a few long text fields. */
  curatorJson: 256 * 1024,
  /** Curator HTML forms (entry edit page): the same fields form-encoded. */
  curatorForm: 512 * 1024,
} as const;

function size(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : `${Math.round(bytes / 1024)} KiB`;
}

/**
 * Refuses a body over `maxBytes` with 413 problem+json (the one error handler answers it).
 * `what` names the request in the message: "webhook payloads", "the request body".
 */
export function limitBody(maxBytes: number, what = "the request body"): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `${what} is limited to ${size(maxBytes)}`);
    },
  });
}

/**
 * The same limit for an HTML form: a person posted it from a browser, so the answer is the page
 * again (status 413) with the message, rendered by `page`.
 */
export function limitPageBody(
  maxBytes: number,
  page: (c: Context<AppEnv>, message: string) => Response | Promise<Response>,
): MiddlewareHandler<AppEnv> {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) => {
      c.status(413);
      return page(c as Context<AppEnv>, `the form is larger than ${size(maxBytes)}`);
    },
  });
}
