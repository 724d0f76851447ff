// What one database accepts per statement and per invocation. D1's numbers are from Cloudflare's
// "D1 › Platform › Limits" page (checked 2026-11-30): 100 bound parameters per query, 100,000 bytes
// of SQL text, 2,000,000 bytes per string, BLOB or row, 1,000 queries per Worker invocation on the
// paid plan (50 on the free plan), 30 s per query or batch call.

export interface DbLimits {
  /** Bound parameters one statement may carry. */
  maxParams: number;
  /** SQL text of one statement, in UTF-8 bytes. */
  maxSqlBytes: number;
  /** One string or BLOB, and one row, in bytes; a statement's bound values together stay under it too. */
  maxValueBytes: number;
  /** Calls (one query, or one batch) one invocation may make. */
  maxCallsPerInvocation: number;
  /** Statements in one batch: D1 gives a whole batch call 30 s, so a batch stays short. */
  maxBatchStatements: number;
}

export const D1_PAID_CALLS = 1_000;
export const D1_FREE_CALLS = 50;

export const D1_LIMITS: DbLimits = {
  maxParams: 100,
  maxSqlBytes: 100_000,
  maxValueBytes: 2_000_000,
  maxCallsPerInvocation: D1_PAID_CALLS,
  maxBatchStatements: 500,
};

/** better-sqlite3's compiled-in limits (SQLITE_MAX_VARIABLE_NUMBER, SQLITE_MAX_LENGTH); no call cap. */
export const SQLITE_LIMITS: DbLimits = {
  maxParams: 32_766,
  maxSqlBytes: 1_000_000_000,
  maxValueBytes: 1_000_000_000,
  maxCallsPerInvocation: Number.POSITIVE_INFINITY,
  maxBatchStatements: Number.POSITIVE_INFINITY,
};

/** Thrown before a statement or call that a limit would refuse is sent: the message says which. */
export class DbLimitError extends Error {
  override name = "DbLimitError";
  constructor(
    readonly limit: keyof DbLimits,
    message: string,
  ) {
    super(message);
  }
}

/** UTF-8 length without allocating an encoded copy (index chunks run to megabytes). */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** Size of one bound value as SQLite stores it: text in UTF-8, BLOBs as their bytes, numbers as 8. */
export function valueBytes(value: unknown): number {
  if (typeof value === "string") return utf8Bytes(value);
  if (value instanceof ArrayBuffer) return value.byteLength;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (value === null || value === undefined) return 0;
  return 8;
}

/**
 * Splits text into parts of at most `maxBytes` UTF-8 bytes each, never inside a surrogate pair, so
 * each part is a valid string that fits one D1 value.
 */
export function splitUtf8(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError("maxBytes must leave room for one character");
  const parts: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : pair ? 4 : 3;
    if (bytes + size > maxBytes) {
      parts.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += size;
    if (pair) i += 1;
  }
  parts.push(text.slice(start));
  return parts;
}

/** The DbLimitError behind an error, through the driver's wrapping (drizzle puts it in `cause`). */
export function findLimitError(error: unknown): DbLimitError | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DbLimitError) return e;
  }
  return null;
}
