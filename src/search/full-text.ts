import type { Database } from "../db/client.js";
import { fullTextRows, termDocumentCounts, termMembers } from "../db/queries/search-docs.js";

export interface FullTextRow {
  /** FTS5 row id (search_docs.id). */
  row: number;
  score: number;
  /** The query terms the document holds. */
  terms: string[];
}

// Field weights as the MiniSearch index had them: a term in an error line counts most.
const WEIGHTS: [number, number, number] = [2, 3, 1];
// bm25 ranks this many documents; the best of them are re-scored by how many query terms they hold.
const RANKED = 400;
// Prose gets prefix matching so "serialize" finds "serializable".
const PREFIX_MIN = 5;

/**
 * Full text over the database's FTS5 table: nothing of it is held in memory, so a process starts
 * answering without loading an index and its size does not grow with the corpus. Scores follow
 * MiniSearch's: bm25 over the weighted fields, times the number of query terms a document holds,
 * so a thread with three of the pasted line's rare words outranks one that repeats a single word.
 */
export class FullText {
  constructor(private readonly database: Database) {}

  /** Documents holding each term (0 for a term no document holds), counted up to `cap`. */
  async documentFrequencies(terms: string[], cap: number): Promise<Map<string, number>> {
    const counts = await termDocumentCounts(this.database.db, terms, cap);
    return new Map(terms.map((t, i) => [t, counts[i] ?? 0]));
  }

  async search(terms: string[], prose: boolean, limit: number): Promise<FullTextRow[]> {
    if (terms.length === 0) return [];
    const { db } = this.database;
    const query = terms.map((term) => ({ term, prefix: prose && term.length >= PREFIX_MIN }));
    const ranked = await fullTextRows(db, query, WEIGHTS, RANKED);
    if (ranked.length === 0) return [];
    const held = new Map<number, string[]>();
    for (const m of await termMembers(
      db,
      query,
      ranked.map((r) => r.id),
    )) {
      const term = terms[m.t];
      if (term === undefined) continue;
      const list = held.get(m.id) ?? [];
      list.push(term);
      held.set(m.id, list);
    }
    return ranked
      .map((r) => {
        const found = held.get(r.id) ?? [];
        return { row: r.id, score: -r.rank * Math.max(1, found.length), terms: found };
      })
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, limit);
  }
}
