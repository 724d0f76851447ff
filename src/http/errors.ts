import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { CurationError, StaleVersionError } from "../curation/errors.js";
import type { Logger } from "../logger.js";

export type ErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "UNPROCESSABLE"
  | "PRECONDITION_FAILED"
  | "PRECONDITION_REQUIRED"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL";

/** The one code → status table. Handlers throw AppError; nobody else picks a status for an error. */
const STATUS: Record<ErrorCode, { status: ContentfulStatusCode; title: string }> = {
  BAD_REQUEST: { status: 400, title: "Bad request" },
  UNAUTHORIZED: { status: 401, title: "Unauthorized" },
  FORBIDDEN: { status: 403, title: "Forbidden" },
  NOT_FOUND: { status: 404, title: "Not found" },
  CONFLICT: { status: 409, title: "Conflict" },
  PAYLOAD_TOO_LARGE: { status: 413, title: "Payload too large" },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type" },
  UNPROCESSABLE: { status: 422, title: "Unprocessable content" },
  PRECONDITION_FAILED: { status: 412, title: "Precondition failed" },
  PRECONDITION_REQUIRED: { status: 428, title: "Precondition required" },
  TOO_MANY_REQUESTS: { status: 429, title: "Too many requests" },
  INTERNAL: { status: 500, title: "Internal error" },
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "AppError";
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
}

export function problemOf(code: ErrorCode, detail: string): Problem {
  const { status, title } = STATUS[code];
  return {
    type: `https://seldon-kb.dev/problems/${code.toLowerCase().replaceAll("_", "-")}`,
    title,
    status,
    detail,
  };
}

export function problemResponse(c: Context, code: ErrorCode, detail: string): Response {
  const problem = problemOf(code, detail);
  return c.body(JSON.stringify(problem), STATUS[code].status, { "content-type": "application/problem+json" });
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "TOO_MANY_REQUESTS",
};

/** The one onError: known errors keep their message; anything else is logged and answered without detail. */
export function errorHandler(logger: Logger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof AppError) return problemResponse(c, error.code, error.detail);
    if (error instanceof CurationError) return problemResponse(c, error.code, error.message);
    if (error instanceof StaleVersionError) return problemResponse(c, "PRECONDITION_FAILED", error.message);
    if (error instanceof HTTPException) {
      const code = HTTP_CODES[error.status] ?? (error.status < 500 ? "BAD_REQUEST" : "INTERNAL");
      return problemResponse(c, code, error.message || STATUS[code].title);
    }
    logger.error("unhandled error", { path: c.req.path, error: error.message, stack: error.stack });
    return problemResponse(c, "INTERNAL", "The server could not complete the request; it has been logged.");
  };
}
