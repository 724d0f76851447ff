import { drizzle } from "drizzle-orm/d1";
import type { Database, Db, Statement } from "./client.js";
import * as schema from "./schema.js";

/** D1 binding → Database. Migrations are applied by `wrangler d1 migrations apply`, not at runtime. */
export function openD1Database(binding: D1Database): Database {
  const db = drizzle(binding, { schema });
  return {
    db: db as unknown as Db,
    kind: "d1",
    maxParams: 100,
    atomic: async (statements) => {
      if (statements.length === 0) return;
      await db.batch(statements as [Statement, ...Statement[]]);
    },
    close: () => {},
  };
}
