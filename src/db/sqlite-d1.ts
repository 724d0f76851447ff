// A D1Database over better-sqlite3, for benchmarks and tests in Node: D1's methods and result
// shapes, D1's limits enforced with D1's own error messages, and every call counted per
// "invocation". Local workerd enforces the parameter and statement limits but not the call cap,
// and it is not where a heap cap can be measured; this stand-in is. Node only (never imported by
// the Worker).
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { D1_LIMITS, type DbLimits, utf8Bytes, valueBytes } from "./limits.js";
import { MIGRATIONS_FOLDER } from "./node-client.js";

type Bound = string | number | bigint | Buffer | null;
type Row = Record<string, unknown>;

const TOO_MANY_CALLS = "Too many API requests by single worker invocation.";

/** D1's error: `D1_ERROR: <SQLite's message>: SQLITE_X (extended: SQLITE_X_Y)`, SQLite's as the cause. */
function d1Error(message: string, code: string): Error {
  const base = code.split("_").slice(0, 2).join("_");
  const suffix = base === code ? code : `${base} (extended: ${code})`;
  const cause = new Error(`${message}: ${suffix}`);
  return new Error(`D1_ERROR: ${cause.message}`, { cause });
}

function toBound(value: unknown): Bound {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "bigint")
    return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`D1_TYPE_ERROR: Type '${typeof value}' not supported for value '${String(value)}'`);
}

/** D1 returns BLOBs as arrays of byte values. */
function fromSqlite(value: unknown): unknown {
  return Buffer.isBuffer(value) ? Array.from(value) : value;
}

/** Bound values grouped into the rows an INSERT … VALUES (…), (…) writes; one group otherwise. */
function rowsOf(sql: string, params: Bound[]): Bound[][] {
  const tuple = /^\s*insert\b[\s\S]*?\bvalues\s*\(([^)]*)\)/i.exec(sql);
  const perRow = tuple ? (tuple[1]?.match(/\?/g)?.length ?? 0) : 0;
  if (perRow === 0) return [params];
  const rows: Bound[][] = [];
  for (let i = 0; i < params.length; i += perRow) rows.push(params.slice(i, i + perRow));
  return rows;
}

export class SqliteD1Statement {
  constructor(
    private readonly owner: SqliteD1,
    readonly sql: string,
    readonly params: Bound[] = [],
  ) {}

  bind(...values: unknown[]): SqliteD1Statement {
    return new SqliteD1Statement(this.owner, this.sql, values.map(toBound));
  }

  async first<T = Row>(column?: string): Promise<T | null> {
    const row = this.owner.call(() => this.owner.execute(this).results[0]);
    if (!row) return null;
    if (column === undefined) return row as T;
    if (!(column in row)) throw new Error(`D1_COLUMN_NOTFOUND: Column not found (${column})`);
    return row[column] as T;
  }

  async all<T = Row>(): Promise<D1Result<T>> {
    return this.owner.call(() => this.owner.execute(this)) as D1Result<T>;
  }

  async run<T = Row>(): Promise<D1Result<T>> {
    return this.all<T>();
  }

  async raw<T = unknown[]>(options?: { columnNames?: boolean }): Promise<T[]> {
    return this.owner.call(() => this.owner.executeRaw(this, options?.columnNames === true)) as T[];
  }
}

export interface SqliteD1Options {
  /** A file path, or ":memory:" (default). */
  path?: string;
  limits?: Partial<DbLimits>;
  /** Apply the project's migrations on open (default true). */
  migrate?: boolean;
  /** Called before every call: a benchmark samples the heap there, where a timer would starve. */
  onCall?: () => void;
}

/** The stand-in itself: `openD1Database(standIn.binding)` gives the app's Database over it. */
export class SqliteD1 {
  readonly sqlite: BetterSqlite3.Database;
  readonly limits: DbLimits;
  /** Calls since the last `beginInvocation()`, and in all. */
  calls = 0;
  totalCalls = 0;
  statements = 0;

  private readonly onCall: (() => void) | undefined;

  constructor(options: SqliteD1Options = {}) {
    this.onCall = options.onCall;
    this.sqlite = new BetterSqlite3(options.path ?? ":memory:");
    if (options.path && options.path !== ":memory:") this.sqlite.pragma("journal_mode = WAL");
    this.sqlite.pragma("foreign_keys = ON");
    this.limits = { ...D1_LIMITS, ...options.limits };
    if (options.migrate !== false) migrate(drizzle(this.sqlite), { migrationsFolder: MIGRATIONS_FOLDER });
  }

  /** The D1Database-typed face of the stand-in. */
  get binding(): D1Database {
    return this as unknown as D1Database;
  }

  /** A new Worker invocation: its call count starts again. */
  beginInvocation(): void {
    this.calls = 0;
  }

  prepare(sql: string): SqliteD1Statement {
    return new SqliteD1Statement(this, sql);
  }

  async batch<T = Row>(statements: SqliteD1Statement[]): Promise<D1Result<T>[]> {
    return this.call(() => {
      this.statements += statements.length - 1;
      const runAll = this.sqlite.transaction(() => statements.map((s) => this.execute(s)));
      return runAll() as D1Result<T>[];
    });
  }

  async exec(sql: string): Promise<D1ExecResult> {
    return this.call(() => {
      const started = performance.now();
      const count = sql.split("\n").filter((line) => line.trim() !== "").length;
      this.check(sql, []);
      try {
        this.sqlite.exec(sql);
      } catch (error) {
        throw this.mapped(error);
      }
      return { count, duration: performance.now() - started };
    });
  }

  withSession(): D1DatabaseSession {
    const session = {
      prepare: (sql: string) => this.prepare(sql),
      batch: (s: SqliteD1Statement[]) => this.batch(s),
    };
    return { ...session, getBookmark: () => null } as unknown as D1DatabaseSession;
  }

  async dump(): Promise<ArrayBuffer> {
    throw new Error("D1_DUMP_ERROR: dump() only applies to deprecated alpha databases");
  }

  close(): void {
    this.sqlite.close();
  }

  /** One call against the per-invocation cap, refused with D1's message once it is spent. */
  call<R>(work: () => R): R {
    this.onCall?.();
    if (this.calls + 1 > this.limits.maxCallsPerInvocation) throw new Error(TOO_MANY_CALLS);
    this.calls += 1;
    this.totalCalls += 1;
    this.statements += 1;
    return work();
  }

  execute(statement: SqliteD1Statement): D1Result<Row> {
    const started = performance.now();
    const prepared = this.prepared(statement);
    try {
      if (prepared.reader) {
        const results = (prepared.all(...statement.params) as Row[]).map((row) => {
          for (const key of Object.keys(row)) row[key] = fromSqlite(row[key]);
          return row;
        });
        return this.result(results, results.length, 0, null, started);
      }
      const info = prepared.run(...statement.params);
      return this.result([], 0, info.changes, Number(info.lastInsertRowid), started);
    } catch (error) {
      throw this.mapped(error);
    }
  }

  executeRaw(statement: SqliteD1Statement, columnNames: boolean): unknown[] {
    const prepared = this.prepared(statement);
    if (!prepared.reader) {
      this.execute(statement);
      return columnNames ? [[]] : [];
    }
    try {
      const rows = (prepared.raw(true).all(...statement.params) as unknown[][]).map((r) => r.map(fromSqlite));
      return columnNames ? [prepared.columns().map((c) => c.name), ...rows] : rows;
    } catch (error) {
      throw this.mapped(error);
    }
  }

  private prepared(statement: SqliteD1Statement) {
    this.check(statement.sql, statement.params);
    try {
      return this.sqlite.prepare(statement.sql);
    } catch (error) {
      throw this.mapped(error);
    }
  }

  /** D1's limits, checked the way D1 reports them. */
  private check(sql: string, params: Bound[]): void {
    const { limits } = this;
    if (utf8Bytes(sql) > limits.maxSqlBytes) throw d1Error("statement too long", "SQLITE_TOOBIG");
    if (params.length > limits.maxParams) {
      let offset = -1;
      for (let n = 0; n <= limits.maxParams; n++) offset = sql.indexOf("?", offset + 1);
      throw d1Error(`too many SQL variables at offset ${offset}`, "SQLITE_ERROR");
    }
    for (const row of rowsOf(sql, params)) {
      let total = 0;
      for (const value of row) total += valueBytes(value);
      if (total > limits.maxValueBytes) throw d1Error("string or blob too big", "SQLITE_TOOBIG");
    }
  }

  private mapped(error: unknown): Error {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !code.startsWith("SQLITE_")) return error as Error;
    return d1Error((error as Error).message, code);
  }

  private result(
    results: Row[],
    rowsRead: number,
    changes: number,
    lastRowId: number | null,
    started: number,
  ): D1Result<Row> {
    return {
      success: true,
      results,
      meta: {
        served_by: "sqlite-d1-standin",
        duration: performance.now() - started,
        changes,
        last_row_id: lastRowId ?? 0,
        changed_db: changes > 0,
        size_after: 0,
        rows_read: rowsRead,
        rows_written: changes,
      },
    };
  }
}
