// The one way to write many rows or read a long `IN (…)` list: statements are built as large as
// every limit of the database allows, and each one is checked against those limits before it can be
// sent. D1 refuses a statement with more than 100 bound parameters, more than 100 KB of SQL or a
// value over 2 MB; here such a statement is split, or refused with a message, before it leaves.
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { Database, Statement } from "./client.js";
import { DbLimitError, type DbLimits, utf8Bytes, valueBytes } from "./limits.js";

interface Compiled {
  sql: string;
  params: unknown[];
}

/** A drizzle query builder: every insert/update/delete/select compiles to SQL text and parameters. */
type Compilable = { toSQL(): Compiled };

function compile(statement: unknown): Compiled {
  return (statement as Compilable).toSQL();
}

/** The first limit a compiled statement breaks, with a message naming it; null when it fits. */
export function limitBroken(statement: unknown, limits: DbLimits): DbLimitError | null {
  const { sql, params } = compile(statement);
  if (params.length > limits.maxParams) {
    return new DbLimitError(
      "maxParams",
      `a statement binds ${params.length} parameters; the database takes ${limits.maxParams}`,
    );
  }
  const sqlBytes = utf8Bytes(sql);
  if (sqlBytes > limits.maxSqlBytes) {
    return new DbLimitError(
      "maxSqlBytes",
      `a statement's SQL is ${sqlBytes} bytes; the database takes ${limits.maxSqlBytes}`,
    );
  }
  let total = 0;
  for (const param of params) total += valueBytes(param);
  if (total > limits.maxValueBytes) {
    return new DbLimitError(
      "maxValueBytes",
      `a statement carries ${total} bytes of values; the database takes ${limits.maxValueBytes} per row`,
    );
  }
  return null;
}

/** Throws the first limit the statement breaks. */
export function assertWithinLimits(statement: unknown, limits: DbLimits): void {
  const broken = limitBroken(statement, limits);
  if (broken) throw broken;
}

/**
 * Items per statement from the parameters, SQL text and bound bytes one and two items take. A list
 * bound as one JSON parameter (`inJson`) grows in bytes only, and is cut by those.
 */
function firstGuess<T>(items: T[], limits: DbLimits, build: (part: T[]) => unknown): number {
  if (items.length < 2) return items.length;
  const one = compile(build(items.slice(0, 1)));
  const two = compile(build(items.slice(0, 2)));
  const by = (oneSize: number, twoSize: number, limit: number) => {
    const per = twoSize - oneSize;
    return per > 0 ? Math.floor((limit - (oneSize - per)) / per) : Number.POSITIVE_INFINITY;
  };
  const bound = (c: Compiled) => c.params.reduce<number>((total, p) => total + valueBytes(p), 0);
  const byParams = by(one.params.length, two.params.length, limits.maxParams);
  const bySql = by(utf8Bytes(one.sql), utf8Bytes(two.sql), limits.maxSqlBytes);
  const byBytes = by(bound(one), bound(two), Math.min(limits.maxValueBytes, JSON_PART_BYTES));
  return Math.max(1, Math.min(items.length, byParams, bySql, byBytes));
}

// A JSON list parameter stays under this much, whatever the database allows.
const JSON_PART_BYTES = 1_000_000;

/**
 * `column IN (…)` with the list bound as one JSON parameter, for reads of thousands of ids (a
 * family-wide relink reads 6k issues' rows): drizzle builds and checks a statement of one parameter
 * instead of one per id, SQLite compiles one text whatever the length and keeps it compiled, and on
 * D1 a part holds thousands of ids instead of 100. Parts are cut by bytes (see `firstGuess`).
 */
export function inJson(column: SQLWrapper, values: readonly (string | number)[]): SQL {
  return sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
}

/**
 * Splits `items` into parts and builds one statement per part, each part as large as the limits
 * allow. A part that still breaks a limit (large values) is halved until it fits; a single item
 * that cannot fit is refused with a DbLimitError instead of reaching the database.
 */
export function chunkedParts<T, S>(items: T[], limits: DbLimits, build: (part: T[]) => S): S[] {
  const out: S[] = [];
  let size = firstGuess(items, limits, build);
  for (let i = 0; i < items.length; ) {
    const part = items.slice(i, i + size);
    const statement = build(part);
    const broken = limitBroken(statement, limits);
    if (!broken) {
      out.push(statement);
      i += part.length;
      continue;
    }
    if (part.length === 1) throw broken;
    size = Math.max(1, Math.floor(part.length / 2));
  }
  return out;
}

/** Multi-row writes (inserts, upserts, `IN (…)` updates and deletes) within the limits. */
export function chunkedStatements<T>(
  items: T[],
  limits: DbLimits,
  build: (part: T[]) => Statement,
): Statement[] {
  return chunkedParts(items, limits, build);
}

/**
 * Many rows written by statements that each carry their rows as one JSON parameter, read back in
 * SQL with json_each: compiling such a statement costs the same for ten rows or ten thousand (a
 * multi-row VALUES list compiled and checked thousands of values), and on D1 it binds one
 * parameter instead of 100 at most. Parts are cut so each JSON stays under the value limit.
 */
export function jsonRowsStatements<T>(
  items: T[],
  limits: DbLimits,
  row: (item: T) => unknown[],
  build: (json: string) => Statement,
): Statement[] {
  const budget = Math.min(limits.maxValueBytes, 1_000_000) - 2;
  const out: Statement[] = [];
  let part: string[] = [];
  let bytes = 0;
  const flush = () => {
    if (part.length === 0) return;
    const statement = build(`[${part.join(",")}]`);
    assertWithinLimits(statement, limits);
    out.push(statement);
    part = [];
    bytes = 0;
  };
  for (const item of items) {
    const json = JSON.stringify(row(item));
    const size = utf8Bytes(json) + 1;
    if (bytes + size > budget) flush();
    part.push(json);
    bytes += size;
  }
  flush();
  return out;
}

/** Reads over a long `IN (…)` list, one query per part, rows concatenated in part order. */
export async function selectInChunks<T, R>(
  items: T[],
  limits: DbLimits,
  build: (part: T[]) => PromiseLike<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (const query of chunkedParts(items, limits, build)) rows.push(...(await query));
  return rows;
}

/**
 * Derived writes that need not be atomic as a whole (clusters, signatures, index parts): sent in
 * batches of at most `maxBatchStatements`, each batch atomic, so a batch call stays short.
 */
export async function writeInBatches(database: Database, statements: Statement[]): Promise<void> {
  const size = Math.min(statements.length, database.limits.maxBatchStatements) || 1;
  for (let i = 0; i < statements.length; i += size) {
    await database.atomic(statements.slice(i, i + size));
  }
}
