// The link inputs as they were before a change (src/clustering/join-link.ts): each changed issue's
// postings kept at its first change since the last applied link, and the reads the join relink makes
// of a few issues' and features' rows.
import { and, eq, notExists, sql } from "drizzle-orm";
import { chunkedStatements, inJson, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import { linkPostings, linkPostingsBefore, linkSnapshotIssues } from "../schema.js";

/**
 * Keeps these issues' postings (own and cut) as they were before their first change since the last
 * applied link: run before they are replaced. An issue snapshotted with no row had none.
 */
export function snapshotStatements(db: Db, ids: number[], limits: DbLimits): Statement[] {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  return [
    ...chunkedStatements(unique, limits, (part) =>
      db
        .insert(linkPostingsBefore)
        .select(
          db
            .select({
              featureId: linkPostings.featureId,
              issueId: linkPostings.issueId,
              cut: linkPostings.cut,
              quality: linkPostings.quality,
              lead: linkPostings.lead,
              whole: linkPostings.whole,
              variant: linkPostings.variant,
            })
            .from(linkPostings)
            .where(
              and(
                inJson(linkPostings.issueId, part),
                notExists(
                  db
                    .select({ one: sql`1` })
                    .from(linkSnapshotIssues)
                    .where(eq(linkSnapshotIssues.issueId, linkPostings.issueId)),
                ),
              ),
            ),
        )
        .onConflictDoNothing(),
    ),
    ...chunkedStatements(
      unique.map((issueId) => ({ issueId })),
      limits,
      (part) => db.insert(linkSnapshotIssues).values(part).onConflictDoNothing(),
    ),
  ];
}

/** The postings these issues had before their first change since the last link, and which were kept. */
export async function loadSnapshotsOf(db: Db, ids: number[], limits: DbLimits) {
  const kept = await selectInChunks(ids, limits, (part) =>
    db
      .select({ issueId: linkSnapshotIssues.issueId })
      .from(linkSnapshotIssues)
      .where(inJson(linkSnapshotIssues.issueId, part)),
  );
  const rows = await selectInChunks(ids, limits, (part) =>
    db.select().from(linkPostingsBefore).where(inJson(linkPostingsBefore.issueId, part)),
  );
  return { kept: new Set(kept.map((r) => r.issueId)), rows };
}

/** Every posting row (own and cut) of these issues as it is now. */
export async function loadPostingRowsOf(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db.select().from(linkPostings).where(inJson(linkPostings.issueId, part)),
  );
}

/** Which of these features an issue outside `except` posts as its own. */
export async function featuresOwnedBeyond(
  db: Db,
  featureIds: string[],
  except: ReadonlySet<number>,
  limits: DbLimits,
): Promise<Set<string>> {
  const others = JSON.stringify([...except]);
  const rows = await selectInChunks(featureIds, limits, (part) =>
    db
      .selectDistinct({ featureId: linkPostings.featureId })
      .from(linkPostings)
      .where(
        and(
          inJson(linkPostings.featureId, part),
          eq(linkPostings.cut, false),
          sql`${linkPostings.issueId} not in (select value from json_each(${others}))`,
        ),
      ),
  );
  return new Set(rows.map((r) => r.featureId));
}
