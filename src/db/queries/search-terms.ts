// Full-text queries over the FTS5 tables, one per field (src/search/full-text.ts): how many documents
// hold each term, and the best documents per term and field.
import { sql } from "drizzle-orm";
import type { Db } from "../client.js";

export const FIELDS = ["title", "errors", "body"] as const;
export type Field = (typeof FIELDS)[number];
const TABLE: Record<Field, string> = { title: "search_title", errors: "search_errors", body: "search_body" };

// Three subqueries per term: well under D1's 100 bound parameters per statement.
const TERMS_PER_STATEMENT = 30;

/** FTS5 phrase for one processed term (letters, digits, `_ . -` only, so quoting is safe). */
const phrase = (term: string, prefix: boolean) => `"${term.replaceAll('"', "")}"${prefix ? "*" : ""}`;

/**
 * How many documents hold each term in the field where it is most common, as MiniSearch counted
 * it, up to `cap` (a word in most documents costs its whole posting list to count, and past the
 * cap its exact count decides nothing): one statement per 30 terms, one call on D1.
 */
export async function termDocumentCounts(db: Db, terms: string[], cap: number): Promise<number[]> {
  const limit = sql.raw(String(Math.max(1, Math.trunc(cap))));
  const counts: number[] = [];
  for (let at = 0; at < terms.length; at += TERMS_PER_STATEMENT) {
    const part = terms.slice(at, at + TERMS_PER_STATEMENT);
    const columns = part.map((t, i) => {
      const per = FIELDS.map(
        (f) =>
          sql`(select count(*) from (select 1 from ${sql.raw(TABLE[f])} where ${sql.raw(TABLE[f])} match ${phrase(t, false)} limit ${limit}))`,
      );
      return sql`max(${sql.join(per, sql`, `)}) as ${sql.raw(`c${i}`)}`;
    });
    const rows = (await db.all(sql`select ${sql.join(columns, sql`, `)}`)) as Record<string, number>[];
    counts.push(...part.map((_, i) => Number(rows[0]?.[`c${i}`] ?? 0)));
  }
  return counts;
}

export interface TermQuery {
  term: string;
  prefix: boolean;
}

export interface TermHit {
  /** Index of the query in the list asked. */
  q: number;
  field: Field;
  id: number;
  /** FTS5 bm25 (lower is better) of the document's field for this one term. */
  rank: number;
}

/**
 * For each term and field, the documents whose field holds the term best (bm25, at most `limit`
 * each), in one statement (one call on D1): the caller adds them up per document, as MiniSearch
 * scores a query term by term and field by field. The terms go in as one JSON array per field and
 * are joined to the FTS5 table, because D1 refuses a compound SELECT of more than a few parts.
 */
export async function termFieldHits(db: Db, queries: TermQuery[], limit: number): Promise<TermHit[]> {
  if (queries.length === 0) return [];
  const top = sql.raw(String(Math.max(1, Math.trunc(limit))));
  const phrases = JSON.stringify(queries.map((q) => phrase(q.term, q.prefix)));
  const parts = FIELDS.map((f) => {
    const table = sql.raw(TABLE[f]);
    const scored = sql`select cast(q.key as integer) as q, ${table}.rowid as id, bm25(${table}) as rank from json_each(${phrases}) as q join ${table} on ${table} match q.value`;
    return sql`select q, ${sql.raw(`'${f}'`)} as field, id, rank from (select q, id, rank, row_number() over (partition by q order by rank) as n from (${scored})) where n <= ${top}`;
  });
  return (await db.all(sql.join(parts, sql` union all `))) as TermHit[];
}
