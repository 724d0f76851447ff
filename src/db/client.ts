import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { DbLimits } from "./limits.js";
import type { CallMeter } from "./meter.js";
import type * as schema from "./schema.js";

/** Satisfied by both the better-sqlite3 driver (sync) and the D1 driver (async): always `await` queries. */
export type Db = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

export type Statement = BatchItem<"sqlite">;

/**
 * The one way to write several statements atomically. D1 has no interactive transactions, so callers
 * build every statement first and hand them over together: a batch on D1, a synchronous transaction
 * on better-sqlite3 (which cannot await inside a transaction).
 */
export type Atomic = (statements: Statement[]) => Promise<void>;

export interface Database {
  db: Db;
  atomic: Atomic;
  kind: "sqlite" | "d1";
  /** Bound parameters one statement may carry: 100 on D1, 32,766 on SQLite (= limits.maxParams). */
  maxParams: number;
  /** Every limit statements and calls must keep to; `src/db/chunked.ts` builds within them. */
  limits: DbLimits;
  /** Calls made through this handle: one handle per invocation on Workers. */
  meter: CallMeter;
  /** The SQLite file behind this handle, where there is one (not `:memory:`, not D1): another thread may open it too. */
  file?: string;
  /**
   * SQLite files: copies the write-ahead log into the database file now (see SqliteOptions'
   * `checkpoint`), without waiting for readers; `busy` when another connection was at it. D1: absent.
   */
  checkpoint?(): { busy: boolean; logPages: number; copiedPages: number };
  close(): void;
}
