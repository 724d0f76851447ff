import type { Database } from "../db/client.js";
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

// D1 caps a value at about 2 MB; 512 Ki characters stays under it even for 3-byte UTF-8 text.
const CHUNK_CHARS = 512 * 1024;
const MINI = "main";
const DOCS = "docs";

function chunk(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK_CHARS) parts.push(text.slice(i, i + CHUNK_CHARS));
  return parts.length > 0 ? parts : [""];
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
    ...replaceIndexChunksStatements(database.db, MINI, chunk(mini), count, builtAt),
    ...replaceIndexChunksStatements(database.db, DOCS, chunk(docs), count, builtAt),
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
