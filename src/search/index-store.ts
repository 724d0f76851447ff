import type { Database } from "../db/client.js";
import { splitUtf8 } from "../db/limits.js";
import {
  listClusterRows,
  listEntryRows,
  listIssueDocs,
  listIssueFingerprints,
  listIssueSignatureLinks,
  listSignatureTemplates,
  listThreadComments,
  loadIndexBuiltAt,
  loadIndexChunks,
  replaceIndexChunksStatements,
} from "../db/queries/search.js";
import { entryDocument, entryFingerprint, issueDocument, issueFingerprint } from "./documents.js";
import { SearchIndex } from "./search-index.js";

export interface IndexUpdate {
  added: number;
  updated: number;
  removed: number;
  documents: number;
}

const MINI = "main";
const DOCS = "docs";
// A chunk row also holds its id, count and timestamp: leave them room under the row-size limit.
const ROW_OVERHEAD_BYTES = 1024;

/** Parts of at most the database's value size in UTF-8 bytes (D1: 2,000,000 per string and per row). */
function chunk(database: Database, text: string): string[] {
  const maxBytes = Math.min(database.limits.maxValueBytes - ROW_OVERHEAD_BYTES, 64 * 1024 * 1024);
  return splitUtf8(text, maxBytes);
}

/** Loads the persisted index; null when there is none (or it was half written). */
export async function loadSearchIndex(database: Database): Promise<SearchIndex | null> {
  const [mini, docs] = await Promise.all([
    loadIndexChunks(database.db, MINI),
    loadIndexChunks(database.db, DOCS),
  ]);
  if (!mini || !docs || mini.builtAt !== docs.builtAt) return null;
  const index = await SearchIndex.load(mini.data, docs.data);
  index.builtAt = mini.builtAt;
  await refreshClusters(database, index);
  return index;
}

export async function saveSearchIndex(
  database: Database,
  index: SearchIndex,
  builtAt: string,
): Promise<void> {
  const { mini, docs } = index.serialize();
  const count = index.documentCount;
  await database.atomic([
    ...replaceIndexChunksStatements(database.db, MINI, chunk(database, mini), count, builtAt),
    ...replaceIndexChunksStatements(database.db, DOCS, chunk(database, docs), count, builtAt),
  ]);
  index.builtAt = builtAt;
}

/** The version of the persisted index, to notice another process (CLI ingest, cron) saving a newer one. */
export function persistedBuiltAt(database: Database): Promise<string | null> {
  return loadIndexBuiltAt(database.db, MINI);
}

async function refreshClusters(database: Database, index: SearchIndex): Promise<void> {
  const [clusters, signatures] = await Promise.all([
    listClusterRows(database.db),
    listSignatureTemplates(database.db),
  ]);
  index.setClusters(clusters, signatures);
}

/**
 * Brings the index in line with the database without rebuilding it: only issues whose
 * fingerprint (updated time, cluster, primary signature) changed are re-read and re-indexed.
 * Every issue is indexed, clustered or not: a line copied from any thread must find it.
 */
export async function updateSearchIndex(database: Database, index: SearchIndex): Promise<IndexUpdate> {
  const { db } = database;
  const update: IndexUpdate = { added: 0, updated: 0, removed: 0, documents: 0 };
  const fingerprints = await listIssueFingerprints(db);
  const seen = new Set<number>();
  const changed: number[] = [];
  for (const row of fingerprints) {
    seen.add(row.id);
    if (index.issues.get(row.id)?.v !== issueFingerprint(row)) changed.push(row.id);
  }
  for (const id of [...index.issues.keys()]) {
    if (!seen.has(id)) {
      index.removeIssue(id);
      update.removed += 1;
    }
  }
  const full = changed.length > fingerprints.length / 3;
  const changedSet = new Set(changed);
  const rows = (await listIssueDocs(db, full ? undefined : changed)).filter((r) => changedSet.has(r.id));
  const links = await listIssueSignatureLinks(db, full ? undefined : changed);
  const linksByIssue = new Map<number, typeof links>();
  for (const l of links) linksByIssue.set(l.issueId, [...(linksByIssue.get(l.issueId) ?? []), l]);
  const threads = await listThreadComments(db, rows);
  for (const row of rows) {
    const { doc, meta } = issueDocument(
      row,
      linksByIssue.get(row.id) ?? [],
      threads.get(`${row.repoKey}#${row.number}`) ?? [],
    );
    if (index.issues.has(row.id)) update.updated += 1;
    else update.added += 1;
    index.putIssue(doc, meta);
  }
  await updateEntries(database, index, update);
  await refreshClusters(database, index);
  update.documents = index.documentCount;
  return update;
}

async function updateEntries(database: Database, index: SearchIndex, update: IndexUpdate): Promise<void> {
  const rows = await listEntryRows(database.db);
  const ids = new Set(rows.map((r) => r.id));
  for (const id of [...index.entries.keys()]) {
    if (!ids.has(id)) {
      index.removeEntry(id);
      update.removed += 1;
    }
  }
  for (const row of rows) {
    const previous = index.entries.get(row.id);
    if (previous?.v === entryFingerprint(row)) continue;
    const { doc, meta } = entryDocument(row);
    index.putEntry(doc, meta);
    if (previous) update.updated += 1;
    else update.added += 1;
  }
}
