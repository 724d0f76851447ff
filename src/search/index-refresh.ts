import { writeInBatches } from "../db/chunked.js";
import type { Database, Statement } from "../db/client.js";
import {
  listEntryRows,
  listIssueDocs,
  listIssueSignatureLinks,
  listThreadComments,
} from "../db/queries/search.js";
import {
  countClusteredSearchDocs,
  countSearchDocs,
  listIndexedEntries,
  listIndexedIssues,
  loadSearchVersion,
  saveClusteredCountStatement,
  saveSearchVersionStatement,
  tombstoneSearchDocsStatements,
  upsertSearchDocsStatements,
} from "../db/queries/search-docs.js";
import { moveSearchDocsClusterStatements } from "../db/queries/search-moves.js";
import { clearSearchPendingStatements, listSearchPending } from "../db/queries/search-pending.js";
import type { Clock } from "../domain/clock.js";
import { entryWrite, type IndexWrite, issueWrite, lookupStatements } from "./doc-rows.js";
import { entryDocId, entryDocument, entryFingerprint, issueDocId, issueDocument } from "./documents.js";
import { featuresMemo } from "./keys.js";

export interface IndexUpdate {
  added: number;
  updated: number;
  removed: number;
  documents: number;
}

interface Cursor {
  /** This run's stamp: every row it writes carries it, and so does the version it saves at the end. */
  stamp: string;
  token: string;
  phase: "issues" | "entries" | "finish";
  added: number;
  updated: number;
  removed: number;
}

// Pending issues per slice: a slice reads at most this many threads (≤ 16k characters each) and
// writes their rows in one or two batches, whatever the corpus size.
export const SLICE_ISSUES = 400;
/** Marks a slice reads per document it may rebuild: moves (cluster-only marks) fill the rest. */
const MOVES_PER_REBUILD = 10;
/** Database calls one slice of 400 makes at most in practice (reads in parts of 100 ids, 1–2 batches). */
export const SLICE_CALLS = 30;

export interface SliceOutcome {
  cursor: string | null;
  done: boolean;
  /** Counts of the whole run so far. */
  update: IndexUpdate;
}

/**
 * Brings the persisted index in line with the database in slices of pending issues: only issues
 * marked since their document was written (by the triggers of migration 0013, on the issue's
 * columns, its comments and its signature rows) are re-read and their rows rewritten; issues gone
 * are tombstoned. A change costs what it touched, not a scan of the corpus. Then entries, then the
 * version row that tells loaded processes to catch up. Stops between slices once `shouldStop`
 * says so and returns where it stopped; running a slice again is harmless (upserts by document).
 */
export async function refreshIndexSlices(
  deps: { database: Database; clock: Clock },
  cursorText: string | null,
  shouldStop: () => boolean = () => false,
  sliceIssues = SLICE_ISSUES,
): Promise<SliceOutcome> {
  const c = parseCursor(cursorText) ?? {
    stamp: await nextStamp(deps),
    token: `${deps.clock.now().toISOString()} ${crypto.randomUUID().slice(0, 8)}`,
    phase: "issues",
    added: 0,
    updated: 0,
    removed: 0,
  };
  for (;;) {
    if (c.phase === "issues") {
      if (!(await issueSlice(deps.database, c, sliceIssues))) c.phase = "entries";
    } else if (c.phase === "entries") {
      await entrySlice(deps.database, c);
      c.phase = "finish";
    } else {
      const documents = await countSearchDocs(deps.database.db);
      const clustered = await countClusteredSearchDocs(deps.database.db);
      const version = { stamp: c.stamp, token: c.token };
      await deps.database.atomic([
        saveSearchVersionStatement(deps.database.db, version, documents),
        saveClusteredCountStatement(deps.database.db, version, clustered),
      ]);
      return { cursor: null, done: true, update: { ...counts(c), documents } };
    }
    if (shouldStop())
      return { cursor: JSON.stringify(c), done: false, update: { ...counts(c), documents: 0 } };
  }
}

/**
 * A run's stamp is later than the last saved version's, whatever this process's clock says: loaded
 * processes re-read exactly the rows stamped after the version they hold.
 */
async function nextStamp(deps: { database: Database; clock: Clock }): Promise<string> {
  const now = deps.clock.now().getTime();
  const previous = Date.parse((await loadSearchVersion(deps.database.db))?.stamp ?? "");
  return new Date(Number.isNaN(previous) ? now : Math.max(now, previous + 1)).toISOString();
}

const counts = (c: Cursor) => ({ added: c.added, updated: c.updated, removed: c.removed });

function parseCursor(text: string | null): Cursor | null {
  if (!text) return null;
  try {
    const c = JSON.parse(text) as Cursor;
    return typeof c.stamp === "string" && typeof c.phase === "string" ? c : null;
  } catch {
    return null;
  }
}

/**
 * One slice: up to `size` pending issues (marked by the triggers of migrations 0013 and 0025
 * whenever anything their document is read from changed), oldest mark first; their documents
 * rewritten — or only moved to their new cluster, in SQL, when that is all that changed — those of
 * issues gone emptied, and their marks cleared in the last batch, so a slice that dies leaves them
 * pending. False once none are left.
 */
async function issueSlice(database: Database, c: Cursor, size: number): Promise<boolean> {
  const { db, limits } = database;
  const listed = await listSearchPending(db, size * MOVES_PER_REBUILD);
  if (listed.length === 0) return false;
  const known = await listIndexedIssues(db, [...new Set(listed.map((p) => p.issueId))], limits);
  // A move needs the document it moves; one not written yet (or emptied) is built whole. Marks are
  // taken oldest first until `size` documents are to be rebuilt: moves cost a statement's share
  // each, so a family merged into another moves in one slice or a few instead of one per 400.
  const isMove = (p: (typeof listed)[number]) => p.clusterOnly && known.has(p.issueId);
  const pending: typeof listed = [];
  let rebuilds = 0;
  for (const p of listed) {
    if (!isMove(p) && rebuilds === size) break;
    if (!isMove(p)) rebuilds += 1;
    pending.push(p);
  }
  const moved = new Set(pending.filter(isMove).map((p) => p.issueId));
  const rebuilt = [...new Set(pending.filter((p) => !isMove(p)).map((p) => p.issueId))].sort((a, b) => a - b);
  const writes = await issueWrites(database, rebuilt, known);
  const present = new Set(writes.map((w) => w.issueId));
  const gone = rebuilt.filter((id) => known.has(id) && !present.has(id)).map(issueDocId);
  for (const w of writes) {
    if (known.has(w.issueId ?? 0)) c.updated += 1;
    else c.added += 1;
  }
  c.updated += moved.size;
  c.removed += gone.length;
  // The moves first, in one call of their own (moveSearchDocsClusterStatements); done twice, the
  // second finds nothing to move.
  if (moved.size > 0) await database.atomic(moveSearchDocsClusterStatements(db, [...moved], c.stamp));
  await writeInBatches(database, [
    ...lookupStatements(database, writes),
    ...upsertSearchDocsStatements(db, writes, c.stamp, limits),
    ...tombstoneSearchDocsStatements(db, gone, c.stamp, limits),
    ...clearSearchPendingStatements(
      db,
      pending.map((p) => p.seq),
      limits,
    ),
  ]);
  return pending.length < listed.length || listed.length === size * MOVES_PER_REBUILD;
}

async function issueWrites(
  database: Database,
  ids: number[],
  indexed: ReadonlyMap<number, string | null>,
): Promise<IndexWrite[]> {
  if (ids.length === 0) return [];
  const { db } = database;
  const wanted = new Set(ids);
  const rows = (await listIssueDocs(db, ids, database.limits)).filter((r) => wanted.has(r.id));
  const links = await listIssueSignatureLinks(db, ids, database.limits);
  const linksByIssue = new Map<number, typeof links>();
  for (const l of links) linksByIssue.set(l.issueId, [...(linksByIssue.get(l.issueId) ?? []), l]);
  const threads = await listThreadComments(db, rows, database.limits);
  const featuresOf = featuresMemo();
  return rows.map((row) => {
    const { doc, meta } = issueDocument(
      row,
      linksByIssue.get(row.id) ?? [],
      threads.get(`${row.repoKey}#${row.number}`) ?? [],
    );
    return issueWrite(doc, meta, indexed.get(row.id), featuresOf);
  });
}

async function entrySlice(database: Database, c: Cursor): Promise<void> {
  const { db } = database;
  const rows = await listEntryRows(db);
  const indexed = new Map((await listIndexedEntries(db)).map((r) => [r.docId, r.fingerprint]));
  const live = new Set(rows.map((r) => entryDocId(r.id)));
  const gone = [...indexed.keys()].filter((id) => !live.has(id));
  const writes: IndexWrite[] = [];
  for (const row of rows) {
    const previous = indexed.get(entryDocId(row.id));
    if (previous === entryFingerprint(row)) continue;
    const { doc, meta } = entryDocument(row);
    writes.push(entryWrite(doc, meta));
    if (previous === undefined) c.added += 1;
    else c.updated += 1;
  }
  c.removed += gone.length;
  const statements: Statement[] = [
    ...lookupStatements(database, writes),
    ...upsertSearchDocsStatements(db, writes, c.stamp, database.limits),
    ...tombstoneSearchDocsStatements(db, gone, c.stamp, database.limits),
  ];
  await writeInBatches(database, statements);
}
