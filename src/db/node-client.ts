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

/**
 * Runs a write group once SQLite's write lock is free, waiting for it between event-loop turns: the
 * refresh worker's connection may hold it, and busy_timeout would make this thread sleep inside
 * SQLite meanwhile (an HTTP thread answering nothing). IMMEDIATE takes the lock up front, so a group
 * never fails with SQLITE_BUSY half-way. Gives up, as busy_timeout would, after 5 s.
 */
async function withWriteLock(sqlite: BetterSqlite3.Database, write: () => void): Promise<void> {
  for (let waited = 0, pause = 1; ; waited += pause, pause = Math.min(pause * 2, 16)) {
    sqlite.pragma("busy_timeout = 0");
    try {
      return write();
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || waited >= BUSY_TIMEOUT_MS) throw error;
    } finally {
      sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
    await new Promise((done) => setTimeout(done, pause));
  }
}

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

/**
 * Opens (creating if needed) an embedded SQLite database and applies pending migrations (unless
 * `migrate: false`: a second connection, such as the refresh worker's, to a file already migrated).
 */
export function openSqliteDatabase(path: string, options: { migrate?: boolean } = {}): Database {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Every statement drizzle runs is logged once, transactions included: the per-invocation count.
  const meter = new CallMeter();
  const db = drizzle(sqlite, { schema, logger: { logQuery: () => meter.charge() } });
  if (options.migrate ?? true) migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
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
    close: () => sqlite.close(),
  };
}
