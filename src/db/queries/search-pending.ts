// Issues whose search document may be out of date, as the triggers of migration 0013 mark them.
import { asc, inArray } from "drizzle-orm";
import { chunkedStatements } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import { searchPending } from "../schema.js";

/** The next `limit` issues whose documents may be out of date, oldest mark first. */
export async function listSearchPending(
  db: Db,
  limit: number,
): Promise<{ seq: number; issueId: number; clusterOnly: boolean }[]> {
  return db
    .select({
      seq: searchPending.seq,
      issueId: searchPending.issueId,
      clusterOnly: searchPending.clusterOnly,
    })
    .from(searchPending)
    .orderBy(asc(searchPending.seq))
    .limit(limit);
}

/**
 * Clears the marks read, by `seq`: an issue marked again meanwhile has a new `seq` and stays
 * pending (the triggers of migration 0013 give every mark a `seq` above the rows present).
 */
export function clearSearchPendingStatements(db: Db, seqs: number[], limits: DbLimits): Statement[] {
  return chunkedStatements(seqs, limits, (part) =>
    db.delete(searchPending).where(inArray(searchPending.seq, part)),
  );
}
