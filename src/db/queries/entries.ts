import { and, asc, desc, eq, gt, inArray, lt, ne, or } from "drizzle-orm";
import type { Db, Statement } from "../client.js";
import { type EntryRow, type EntryVersionRow, entries, entryVersions } from "../schema.js";

export type EntryState = EntryRow["state"];

export async function getEntry(db: Db, id: string): Promise<EntryRow | undefined> {
  const rows = await db.select().from(entries).where(eq(entries.id, id));
  return rows[0];
}

/** Entries newest first by update, keyset-paged; `states` limits what a reader may see. */
export async function listEntries(
  db: Db,
  options: { states: EntryState[]; limit: number; after?: { updatedAt: string; id: string } },
): Promise<EntryRow[]> {
  const { after } = options;
  return db
    .select()
    .from(entries)
    .where(
      and(
        inArray(entries.state, options.states),
        after
          ? or(
              lt(entries.updatedAt, after.updatedAt),
              and(eq(entries.updatedAt, after.updatedAt), gt(entries.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(entries.updatedAt), asc(entries.id))
    .limit(options.limit);
}

export async function listEntriesOfClusters(db: Db, clusterIds: string[]): Promise<EntryRow[]> {
  if (clusterIds.length === 0) return [];
  return db
    .select()
    .from(entries)
    .where(and(inArray(entries.clusterId, clusterIds), ne(entries.state, "archived")));
}

export async function listEntriesInStates(db: Db, states: EntryState[]): Promise<EntryRow[]> {
  return db.select().from(entries).where(inArray(entries.state, states)).orderBy(asc(entries.id));
}

export function insertEntryStatement(db: Db, row: EntryRow): Statement {
  return db.insert(entries).values(row);
}

/** Writes the new row only over the version it was read at; the version row's key catches a race. */
export function updateEntryStatement(
  db: Db,
  id: string,
  readVersion: number,
  set: Partial<Omit<EntryRow, "id">>,
): Statement {
  return db
    .update(entries)
    .set(set)
    .where(and(eq(entries.id, id), eq(entries.version, readVersion)));
}

export function insertEntryVersionStatement(db: Db, row: EntryVersionRow): Statement {
  return db.insert(entryVersions).values(row);
}

export async function listEntryVersions(db: Db, entryId: string): Promise<EntryVersionRow[]> {
  return db
    .select()
    .from(entryVersions)
    .where(eq(entryVersions.entryId, entryId))
    .orderBy(desc(entryVersions.version));
}

/** An entry follows its cluster when the cluster is merged into another or re-mined under a new id. */
export function repointEntriesStatement(db: Db, fromClusterIds: string[], toClusterId: string): Statement {
  return db.update(entries).set({ clusterId: toClusterId }).where(inArray(entries.clusterId, fromClusterIds));
}

export function flagEntryStatement(db: Db, id: string, reasons: string[], now: string): Statement {
  return db
    .update(entries)
    .set({ state: "needs-review", reviewReasons: reasons, updatedAt: now })
    .where(and(eq(entries.id, id), eq(entries.state, "published")));
}
