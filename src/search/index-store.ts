import type { Database } from "../db/client.js";
import { listClusterRows, listSignatureTemplates } from "../db/queries/search.js";
import {
  loadSearchVersion,
  pageSearchDocs,
  type SearchDocPage,
  type SearchVersion,
} from "../db/queries/search-docs.js";
import { FullText } from "./full-text.js";
import { SearchIndex } from "./search-index.js";

export type { IndexUpdate } from "./index-refresh.js";

// Rows read per call while loading: each row's metadata is about a kilobyte, so a page stays a few
// megabytes however large the corpus.
const PAGE_ROWS = 2_000;

/** Loads the persisted index in pages of rows; null when no refresh has completed yet. */
export async function loadSearchIndex(database: Database): Promise<SearchIndex | null> {
  const version = await loadSearchVersion(database.db);
  if (!version) return null;
  const index = new SearchIndex(new FullText(database));
  await readRows(database, null, (page) => {
    for (const row of page) index.apply(row);
  });
  await refreshClusters(database, index);
  mark(index, version);
  return index;
}

/**
 * Brings a loaded index up to the persisted version by re-reading only the rows changed since the
 * version it holds (tombstones included); says whether its lookups moved in place or were rebuilt.
 */
export async function catchUpSearchIndex(
  database: Database,
  index: SearchIndex,
): Promise<"current" | "incremental" | "rebuilt"> {
  const version = await loadSearchVersion(database.db);
  if (!version || version.token === index.builtAt) return "current";
  // Every run stamps its rows after the version before it (nextStamp), so this is exactly what changed.
  const since = index.stamp ?? "";
  const rows: SearchDocPage[] = [];
  await readRows(database, since, (page) => rows.push(...page));
  const [clusters, signatures] = await Promise.all([
    listClusterRows(database.db),
    listSignatureTemplates(database.db),
  ]);
  const how = index.applyChanges(rows, clusters, signatures);
  mark(index, version);
  return how;
}

/** The version of the persisted index, to notice another process (CLI ingest, cron) saving a newer one. */
export function persistedVersion(database: Database): Promise<SearchVersion | null> {
  return loadSearchVersion(database.db);
}

function mark(index: SearchIndex, version: SearchVersion): void {
  index.builtAt = version.token;
  index.stamp = version.stamp;
}

async function readRows(
  database: Database,
  since: string | null,
  take: (rows: SearchDocPage[]) => void,
): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await pageSearchDocs(database.db, after, PAGE_ROWS, since);
    take(rows);
    if (rows.length < PAGE_ROWS) return;
    after = rows[rows.length - 1]?.id ?? after;
  }
}

async function refreshClusters(database: Database, index: SearchIndex): Promise<void> {
  const [clusters, signatures] = await Promise.all([
    listClusterRows(database.db),
    listSignatureTemplates(database.db),
  ]);
  index.setClusters(clusters, signatures);
}
