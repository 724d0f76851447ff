import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Database, Db, Statement } from "./client.js";
import { SQLITE_LIMITS } from "./limits.js";
import { CallMeter } from "./meter.js";
import * as schema from "./schema.js";

const BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_CACHE_MB = 32;

/**
 * Runs a write group once SQLite's write lock is free, waiting for it between event-loop turns: the
 * refresh worker's connection may hold it, and busy_timeout would make this thread sleep inside
 * SQLite meanwhile (an HTTP thread answering nothing). IMMEDIATE takes the lock up front, so a group
 * never fails with SQLITE_BUSY half-way. Gives up, as busy_timeout would, after 5 s.
 */
async function withWriteLock(sqlite: BetterSqlite3.Database, write: () => void): Promise<void> {
  const busy = busyTimeoutStatements(sqlite);
  for (let waited = 0, pause = 1; ; waited += pause, pause = Math.min(pause * 2, 16)) {
    busy.off.get();
    try {
      return write();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || waited >= BUSY_TIMEOUT_MS) throw error;
    } finally {
      busy.on.get();
    }
    await new Promise((done) => setTimeout(done, pause));
  }
}

const busyStatements = new WeakMap<
  BetterSqlite3.Database,
  { off: BetterSqlite3.Statement; on: BetterSqlite3.Statement }
>();

/** The two pragmas every write group runs, compiled once per connection (`pragma()` compiles each call). */
function busyTimeoutStatements(sqlite: BetterSqlite3.Database) {
  let pair = busyStatements.get(sqlite);
  if (!pair) {
    pair = {
      off: sqlite.prepare("PRAGMA busy_timeout = 0"),
      on: sqlite.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`),
    };
    busyStatements.set(sqlite, pair);
  }
  return pair;
}

// Statements kept compiled per connection, by SQL text.
const STATEMENT_CACHE = 256;

/**
 * Keeps compiled statements by their SQL text (least recently used out past 256). drizzle asks
 * better-sqlite3 to compile every query it runs, and compiling a search's FTS5 queries cost about as
 * much as running them: under load it was a tenth of the HTTP thread's CPU. A statement is handed
 * out in its default row mode (drizzle switches it to arrays with `raw()` where it wants them), and
 * is never shared while in use: drizzle runs each to completion (no `iterate`), synchronously.
 */
function cacheStatements(sqlite: BetterSqlite3.Database): void {
  const prepare = sqlite.prepare.bind(sqlite) as (
    source: string,
    ...rest: unknown[]
  ) => BetterSqlite3.Statement;
  const cache = new Map<string, BetterSqlite3.Statement>();
  (sqlite as unknown as { prepare: typeof prepare }).prepare = (source, ...rest) => {
    // better-sqlite3's own helpers (pragma) pass extra arguments: compiled as they ask.
    if (rest.length > 0) return prepare(source, ...rest);
    const kept = cache.get(source);
    if (kept) {
      cache.delete(source);
      cache.set(source, kept);
      if (kept.reader) kept.raw(false);
      return kept;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
    return statement;
  };
}

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

export interface SqliteOptions {
  /** False for a second connection (the refresh worker's) to a file already migrated. */
  migrate?: boolean;
  /**
   * SQLite's page cache for this connection, in MiB (default 32; SQLite's own is 2). At 100k issues
   * the indexes a refresh walks (link postings, the per-cluster search keys) outgrow 2 MiB, and
   * every page missed is a read from the OS: the search-key count updates of moving a family of
   * 4.4k documents between clusters took 2.6 s with SQLite's default and 0.55 s with a warm cache.
   */
  cacheMb?: number;
  /**
   * Who copies the write-ahead log back into the database file. "auto" (SQLite's way): whichever
   * commit takes the log past 1,000 pages checkpoints it, inside that commit's call. "deferred": only
   * a log past 64 MiB does (the backstop), and the owner calls `checkpoint()` when its work is done.
   * The server's connections defer it to the refresh worker, which checkpoints after each run: a
   * refresh's commits otherwise paid for it (the 100k tie edit: ~180 ms of its 2 s), and a
   * webhook's small commit on the HTTP thread paid for the refresh's pages. The log is cut to
   * nothing when it starts over after a checkpoint (`journal_size_limit` 0), so new frames are
   * appended, never written over old ones: a log frame (4 KiB + 24 bytes) straddles the OS's pages,
   * and overwriting one the OS no longer caches reads it from disk first (the 100k tie edit's
   * commits: 0.64 s with the page cache emptied, 0.07 s appending).
   */
  checkpoint?: "auto" | "deferred";
}

/** The deferred log's backstop, in pages (4 KiB each): 64 MiB. */
const DEFERRED_CHECKPOINT_PAGES = 16_384;

/**
 * Opens (creating if needed) an embedded SQLite database and applies pending migrations (unless
 * `migrate: false`: a second connection, such as the refresh worker's, to a file already migrated).
 */
export function openSqliteDatabase(path: string, options: SqliteOptions = {}): Database {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  if (options.checkpoint === "deferred") {
    sqlite.pragma(`wal_autocheckpoint = ${DEFERRED_CHECKPOINT_PAGES}`);
    sqlite.pragma("journal_size_limit = 0");
  }
  sqlite.pragma(`cache_size = ${-1024 * Math.max(1, Math.trunc(options.cacheMb ?? DEFAULT_CACHE_MB))}`);
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  cacheStatements(sqlite);
  // Every statement drizzle runs is logged once, transactions included: the per-invocation count.
  const meter = new CallMeter();
  const db = drizzle(sqlite, { schema, logger: { logQuery: () => meter.charge() } });
  if (options.migrate ?? true) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  const checkpoint = sqlite.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  const runAll = sqlite.transaction((statements: Statement[]) => {
    for (const statement of statements) (statement as unknown as { run(): unknown }).run();
  });
  return {
    db: db as unknown as Db,
    kind: "sqlite",
    maxParams: SQLITE_LIMITS.maxParams,
    limits: SQLITE_LIMITS,
    meter,
    ...(path === ":memory:" ? {} : { file: resolve(path) }),
    atomic: async (statements) => {
      if (statements.length > 0) await withWriteLock(sqlite, () => runAll.immediate(statements));
    },
    checkpoint: () => {
      // PASSIVE: copies what no reader still needs, waiting for no one (searches go on reading).
      const [row] = checkpoint.all() as { busy: number; log: number; checkpointed: number }[];
      return { busy: row?.busy === 1, logPages: row?.log ?? 0, copiedPages: row?.checkpointed ?? 0 };
    },
    close: () => sqlite.close(),
  };
}
