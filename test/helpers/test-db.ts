import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";

/** A fresh in-memory database with every migration applied: one per test, no shared ids. */
export function makeTestDb(): Database {
  return openSqliteDatabase(":memory:");
}
