import type { Database } from "../db/client.js";
import { listClusterRows, listSignatureTemplates } from "../db/queries/search.js";
import { loadSearchVersion, pageSearchDocs, type SearchVersion } from "../db/queries/search-docs.js";
import { FullText } from "./full-text.js";
import { SearchIndex } from "./search-index.js";

export type { IndexUpdate } from "./index-refresh.js";

// Rows read per call while loading: each row's metadata is about a kilobyte, so a page stays a few
// megabytes however large the corpus.
const PAGE_ROWS = 2_000;
// Another process's clock may run behind this one's: re-read a little before the stamp.
const CLOCK_MARGIN_MS = 10 * 60_000;

/** Loads the persisted index in pages of rows; null when no refresh has completed yet. */
export async function loadSearchIndex(database: Database): Promise<SearchIndex | null> {
  const version = await loadSearchVersion(database.db);
  if (!version) return null;
  const index = new SearchIndex(new FullText(database));
  await readRows(database, index, null);
  await refreshClusters(database, index);
  mark(index, version);
  return index;
}

/**
 * Brings a loaded index up to the persisted version by re-reading only the rows changed since the
 * version it holds (tombstones included). False when it already was current.
 */
export async function catchUpSearchIndex(database: Database, index: SearchIndex): Promise<boolean> {
  const version = await loadSearchVersion(database.db);
  if (!version || version.token === index.builtAt) return false;
  const since = index.stamp === null ? null : shift(index.stamp, -CLOCK_MARGIN_MS);
  await readRows(database, index, since);
  await refreshClusters(database, index);
  mark(index, version);
  return true;
}

/** The version of the persisted index, to notice another process (CLI ingest, cron) saving a newer one. */
export function persistedVersion(database: Database): Promise<SearchVersion | null> {
  return loadSearchVersion(database.db);
}

function mark(index: SearchIndex, version: SearchVersion): void {
  index.builtAt = version.token;
  index.stamp = version.stamp;
}

function shift(stamp: string, ms: number): string {
  const time = Date.parse(stamp);
  return Number.isNaN(time) ? stamp : new Date(time + ms).toISOString();
}

async function readRows(database: Database, index: SearchIndex, since: string | null): Promise<void> {
  let after = 0;
  for (;;) {
    const rows = await pageSearchDocs(database.db, after, PAGE_ROWS, since);
    for (const row of rows) index.apply(row);
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
