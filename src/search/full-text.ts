import type { Database } from "../db/client.js";
import { type Field, type TermQuery, termDocumentCounts, termFieldHits } from "../db/queries/search-terms.js";

export interface FullTextRow {
  /** FTS5 row id (search_docs.id). */
  row: number;
  score: number;
  /** The query terms the document holds. */
  terms: string[];
}

// As the MiniSearch index weighed them: a term in an error line counts most.
const BOOST: Record<Field, number> = { title: 2, errors: 3, body: 1 };
// Documents scored per term and field: a query's terms are its rarest, so this is most of them.
const PER_TERM = 400;
// Prose gets prefix matching so "serialize" finds "serializable", weighed as MiniSearch weighs it.
const PREFIX_MIN = 5;
const PREFIX_WEIGHT = 0.375;

/**
 * Full text over the database's FTS5 tables (one per field): nothing of it is held in memory, so a
 * process answers without loading an index and its memory does not grow with the corpus. Scores
 * follow MiniSearch's: per term and field, bm25 normalised by that field's length, times the
 * field's boost, summed, times the number of query terms the document holds.
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
    const queries: (TermQuery & { term: string; weight: number })[] = [];
    for (const term of terms) {
      queries.push({ term, prefix: false, weight: 1 });
      if (prose && term.length >= PREFIX_MIN) queries.push({ term, prefix: true, weight: PREFIX_WEIGHT });
    }
    const docs = new Map<number, { score: number; terms: Set<string> }>();
    for (const hit of await termFieldHits(this.database.db, queries, PER_TERM)) {
      const q = queries[hit.q];
      if (!q) continue;
      const doc = docs.get(hit.id) ?? { score: 0, terms: new Set<string>() };
      doc.score += BOOST[hit.field] * q.weight * -hit.rank;
      doc.terms.add(q.term);
      docs.set(hit.id, doc);
    }
    return [...docs]
      .map(([row, d]) => ({ row, score: d.score * d.terms.size, terms: [...d.terms] }))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, limit);
  }
}
