import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { chunkedStatements, inJson, jsonRowsStatements, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import { clusters, searchDocs, searchFeatures, searchIndex, searchTemplates } from "../schema.js";

/** One document as the refresh writes it: its metadata (JSON) and its processed terms per field. */
export interface SearchDocWrite {
  docId: string;
  issueId: number | null;
  meta: string;
  fingerprint: string;
  title: string;
  errors: string;
  body: string;
  clusterId: string | null;
  repo: string | null;
  number: number | null;
  /** Lookup keys (src/search/keys.ts), space-separated. */
  keys: string;
  /** Hash of the text the terms come from; null for entries. */
  textHash?: string | null;
  /** The stored terms are this text's already: only metadata, keys and cluster are written. */
  keepTerms?: boolean;
}

/**
 * Inserts or replaces documents (keyed by doc id); the triggers move the FTS5 rows with them. A
 * document marked `keepTerms` keeps its stored terms (its text did not change).
 */
export function upsertSearchDocsStatements(
  db: Db,
  docs: SearchDocWrite[],
  changedAt: string,
  limits: DbLimits,
): Statement[] {
  // Rows as one JSON parameter each part (see jsonRowsStatements): a cluster move rewrites thousands
  // of documents, and a VALUES list of 13 columns a row was built and checked value by value.
  const at = (i: number) => sql.raw(`json_extract(value, '$[${i}]')`);
  const common = {
    issueId: sql`excluded.issue_id`,
    meta: sql`excluded.meta`,
    fingerprint: sql`excluded.fingerprint`,
    changedAt: sql`excluded.changed_at`,
    clusterId: sql`excluded.cluster_id`,
    repo: sql`excluded.repo`,
    number: sql`excluded.number`,
    keys: sql`excluded.keys`,
    textHash: sql`excluded.text_hash`,
  };
  const withTerms = {
    ...common,
    title: sql`excluded.title`,
    errors: sql`excluded.errors`,
    body: sql`excluded.body`,
  };
  const write = (part: SearchDocWrite[], keep: boolean) =>
    jsonRowsStatements(
      part,
      limits,
      (d) => [
        d.docId,
        d.issueId,
        d.meta,
        d.fingerprint,
        changedAt,
        d.title,
        d.errors,
        d.body,
        d.clusterId,
        d.repo,
        d.number,
        d.keys,
        d.textHash ?? null,
      ],
      (json) =>
        db
          .insert(searchDocs)
          .select(
            sql`select null, ${sql.join(
              Array.from({ length: 13 }, (_, i) => at(i)),
              sql`, `,
            )} from json_each(${json}) where true`,
          )
          .onConflictDoUpdate({ target: searchDocs.docId, set: keep ? common : withTerms }),
    );
  return [
    ...write(
      docs.filter((d) => !d.keepTerms),
      false,
    ),
    ...write(
      docs.filter((d) => d.keepTerms),
      true,
    ),
  ];
}

/**
 * Takes documents out of the index but keeps their rows, emptied, as tombstones: a process that
 * loaded the index earlier learns of the removal from `changed_at` like of any other change.
 */
export function tombstoneSearchDocsStatements(
  db: Db,
  docIds: string[],
  changedAt: string,
  limits: DbLimits,
): Statement[] {
  return chunkedStatements(docIds, limits, (part) =>
    db
      .update(searchDocs)
      .set({
        meta: null,
        fingerprint: "",
        textHash: null,
        changedAt,
        title: "",
        errors: "",
        body: "",
        clusterId: null,
        repo: null,
        number: null,
        keys: "",
      })
      .where(inArray(searchDocs.docId, part)),
  );
}

/** Features' templates, first writer kept: a feature's id is the hash of its template. */
export function insertSearchFeaturesStatements(
  db: Db,
  features: { featureId: string; template: string }[],
  limits: DbLimits,
): Statement[] {
  return chunkedStatements(features, limits, (part) =>
    db.insert(searchFeatures).values(part).onConflictDoNothing(),
  );
}

/** Known templates (an id is the hash of its template, so a row never changes). */
export function insertSearchTemplatesStatements(
  db: Db,
  templates: (typeof searchTemplates.$inferInsert)[],
  limits: DbLimits,
): Statement[] {
  return chunkedStatements(templates, limits, (part) =>
    db.insert(searchTemplates).values(part).onConflictDoNothing(),
  );
}

/** Which of the given issues have a live document (not emptied). */
export async function listIndexedIssues(
  db: Db,
  issueIds: number[],
  limits: DbLimits,
): Promise<Map<number, string | null>> {
  const rows = await selectInChunks(issueIds, limits, (part) =>
    db
      .select({ issueId: searchDocs.issueId, textHash: searchDocs.textHash })
      .from(searchDocs)
      .where(and(isNotNull(searchDocs.meta), inJson(searchDocs.issueId, part))),
  );
  return new Map(rows.map((r) => [r.issueId ?? 0, r.textHash]));
}

/** Indexed entry documents (few: entries are written by curators). */
export async function listIndexedEntries(db: Db): Promise<{ docId: string; fingerprint: string }[]> {
  return db
    .select({ docId: searchDocs.docId, fingerprint: searchDocs.fingerprint })
    .from(searchDocs)
    .where(and(isNotNull(searchDocs.meta), isNull(searchDocs.issueId)));
}

export interface SearchDocPage {
  id: number;
  docId: string;
  meta: string | null;
}

/**
 * One page of documents in row order, for loading the index in parts: all live ones (`since`
 * null), or every row changed after `since`, tombstones included.
 */
export async function pageSearchDocs(
  db: Db,
  afterRow: number,
  limit: number,
  since: string | null,
): Promise<SearchDocPage[]> {
  return db
    .select({ id: searchDocs.id, docId: searchDocs.docId, meta: searchDocs.meta })
    .from(searchDocs)
    .where(
      and(
        gt(searchDocs.id, afterRow),
        since === null ? isNotNull(searchDocs.meta) : gt(searchDocs.changedAt, since),
      ),
    )
    .orderBy(asc(searchDocs.id))
    .limit(limit);
}

/** Makes every document look changed, so the next refresh re-indexes all of them (no text is touched). */
export function resetSearchFingerprintsStatement(db: Db): Statement {
  return db.update(searchDocs).set({ fingerprint: "" }).where(isNotNull(searchDocs.meta));
}

export async function countSearchDocs(db: Db): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(searchDocs)
    .where(isNotNull(searchDocs.meta));
  return Number(rows[0]?.n ?? 0);
}

const VERSION_ROW = "version";
// Beside the version: how many indexed issues are in a cluster (a feature's rarity is a share of them).
const CLUSTERED_ROW = "clustered";

export interface SearchVersion {
  /** The stamp of the refresh that wrote it: rows it changed have `changed_at` at or after it. */
  stamp: string;
  token: string;
}

// One `search_index` row stamped with the refresh that wrote it, holding a count.
function saveStampedCount(db: Db, id: string, version: SearchVersion, count: number): Statement {
  const row = { data: version.token, documentCount: count, builtAt: version.stamp };
  return db
    .insert(searchIndex)
    .values({ id, ...row })
    .onConflictDoUpdate({ target: searchIndex.id, set: row });
}

/** Names the completed refresh; processes that loaded an older version catch up from its stamp. */
export function saveSearchVersionStatement(db: Db, version: SearchVersion, documents: number): Statement {
  return saveStampedCount(db, VERSION_ROW, version, documents);
}

/** Saved with the version: the clustered issues it indexed (`documentCount` of its own row). */
export function saveClusteredCountStatement(db: Db, version: SearchVersion, clustered: number): Statement {
  return saveStampedCount(db, CLUSTERED_ROW, version, clustered);
}

/** Indexed issues whose cluster exists. */
export async function countClusteredSearchDocs(db: Db): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)` })
    .from(searchDocs)
    .innerJoin(clusters, eq(clusters.id, searchDocs.clusterId))
    // `+` keeps SQLite off the issue-id index: the partial index of live documents covers this count.
    .where(and(isNotNull(searchDocs.meta), sql`+${searchDocs.issueId} is not null`));
  return Number(rows[0]?.n ?? 0);
}

export interface SearchCounts {
  version: SearchVersion;
  /** Live documents (issues and entries). */
  documents: number;
  /** Live issues in an existing cluster; null when not saved with this version. */
  clustered: number | null;
}

/** The version with the counts saved beside it, in one call; null before a refresh completed. */
export async function loadSearchCounts(db: Db): Promise<SearchCounts | null> {
  const rows = await db
    .select({
      id: searchIndex.id,
      stamp: searchIndex.builtAt,
      token: searchIndex.data,
      n: searchIndex.documentCount,
    })
    .from(searchIndex)
    .where(inArray(searchIndex.id, [VERSION_ROW, CLUSTERED_ROW]));
  const version = rows.find((r) => r.id === VERSION_ROW);
  if (!version) return null;
  const clustered = rows.find((r) => r.id === CLUSTERED_ROW);
  return {
    version: { stamp: version.stamp, token: version.token },
    documents: version.n,
    clustered: clustered?.token === version.token ? clustered.n : null,
  };
}

export async function loadSearchVersion(db: Db): Promise<SearchVersion | null> {
  const rows = await db
    .select({ stamp: searchIndex.builtAt, token: searchIndex.data })
    .from(searchIndex)
    .where(eq(searchIndex.id, VERSION_ROW));
  return rows[0] ?? null;
}
