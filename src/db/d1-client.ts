import { drizzle } from "drizzle-orm/d1";
import { assertWithinLimits } from "./chunked.js";
import type { Database, Db, Statement } from "./client.js";
import { D1_LIMITS, type DbLimits } from "./limits.js";
import { CallMeter } from "./meter.js";
import { meteredD1 } from "./metered-d1.js";
import * as schema from "./schema.js";

export interface D1Options {
  /** Overrides of D1's limits, e.g. `maxCallsPerInvocation: 50` on the free plan. */
  limits?: Partial<DbLimits>;
}

/**
 * D1 binding → Database, one per invocation: its meter counts this invocation's calls and refuses
 * the one past `maxCallsPerInvocation`. Migrations are applied by `wrangler d1 migrations apply`.
 */
export function openD1Database(binding: D1Database, options: D1Options = {}): Database {
  const limits = { ...D1_LIMITS, ...options.limits };
  const meter = new CallMeter(limits.maxCallsPerInvocation);
  const db = drizzle(meteredD1(binding, meter), { schema });
  return {
    db: db as unknown as Db,
    kind: "d1",
    maxParams: limits.maxParams,
    limits,
    meter,
    atomic: async (statements) => {
      if (statements.length === 0) return;
      for (const statement of statements) assertWithinLimits(statement, limits);
      await db.batch(statements as [Statement, ...Statement[]]);
    },
    close: () => {},
  };
}
