// Reads and writes of the paged full link (src/clustering/paged-link.ts): every posting in feature
// order, a page at a time, from the covering index; and cut rows written a page of issues at a time.
import { and, eq, sql } from "drizzle-orm";
import { chunkedStatements } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import { linkPostings } from "../schema.js";
import type { CutRow } from "./link-inputs.js";

/** Where a sweep stopped: the last (feature, issue) read. */
export interface SweepCursor {
  featureId: string;
  issueId: number;
}

/**
 * The next `limit` postings after `after`, by feature then issue, an issue's own and cut rows on a
 * feature merged as linking merges them (best quality; lead or whole if either says so).
 */
export async function loadPostingSweepPage(db: Db, after: SweepCursor | null, limit: number) {
  const rows = await db
    .select({
      featureId: linkPostings.featureId,
      issueId: linkPostings.issueId,
      quality: sql<number>`max(${linkPostings.quality})`,
      lead: sql<number>`max(${linkPostings.lead})`,
      whole: sql<number>`max(${linkPostings.whole})`,
    })
    .from(linkPostings)
    .where(
      after === null
        ? undefined
        : sql`(${linkPostings.featureId}, ${linkPostings.issueId}) > (${after.featureId}, ${after.issueId})`,
    )
    .groupBy(linkPostings.featureId, linkPostings.issueId)
    .orderBy(linkPostings.featureId, linkPostings.issueId)
    .limit(limit);
  return rows.map((r) => ({
    featureId: r.featureId,
    issueId: r.issueId,
    quality: Number(r.quality),
    lead: Number(r.lead) === 1,
    whole: Number(r.whole) === 1,
  }));
}

/** Postings stored (own and cut rows): what a full link's sweep reads. */
export async function countPostings(db: Db): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(linkPostings);
  return Number(row?.n ?? 0);
}

/** Every cut row goes (a full link writes them all again, a page of issues at a time). */
export function deleteCutRowsStatement(db: Db): Statement {
  return db.delete(linkPostings).where(and(eq(linkPostings.cut, true)));
}

export function insertCutRowsStatements(db: Db, rows: CutRow[], limits: DbLimits): Statement[] {
  if (rows.length === 0) return [];
  const values = rows.map((r) => ({ ...r, cut: true, whole: false, variant: "" }));
  return chunkedStatements(values, limits, (part) => db.insert(linkPostings).values(part));
}
