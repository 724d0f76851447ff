// The search index's tables (src/search/): documents, their lookup keys and per-cluster key counts,
// the pending marks the search-index step works through, and the feature and template tables.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Search state: one row per indexed issue or entry. `meta` is what search shows and filters by
// (JSON; null once the document left the index, so a process that loaded earlier sees it go),
// title/errors/body are the document's processed terms, indexed by the FTS5 table `search_text`
// (external content over this table, kept in step by triggers: migration 0006). A refresh writes
// only the rows of documents that changed; a process loads the rows in pages, and later only the
// rows whose `changed_at` is at or after the version it loaded.
export const searchDocs = sqliteTable(
  "search_docs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }), // the FTS5 rowid
    docId: text("doc_id").notNull(), // "i:<issue id>" or "e:<entry id>"
    issueId: integer("issue_id"),
    meta: text("meta"),
    fingerprint: text("fingerprint").notNull(),
    changedAt: text("changed_at").notNull(),
    title: text("title").notNull().default(""),
    errors: text("errors").notNull().default(""),
    body: text("body").notNull().default(""),
    // --- per-query lookups (2026-12-01): a search reads only the rows its query's keys lead to ---
    /** The document's cluster (an issue's, or the cluster an entry was written from). */
    clusterId: text("cluster_id"),
    /** Members are listed in (repo, number) order, by index. */
    repo: text("repo"),
    number: integer("number"),
    /**
     * What the search looks a clustered issue up by, space-separated, indexed by the FTS5 table
     * `search_keys` (migration 0008): `f_<hash>` per error-chain feature of its lines, `w_<hash>`
     * when a line shows it whole, `s_<hash>` per signature it carries (see src/search/keys.ts).
     */
    keys: text("keys").notNull().default(""),
    /**
     * Hash of the text the terms came from (title, errors, thread): a document rewritten with the
     * same text (its cluster moved) keeps its terms, and FTS5 is not touched (see index-refresh.ts).
     */
    textHash: text("text_hash"),
  },
  (t) => [
    uniqueIndex("search_docs_doc").on(t.docId),
    uniqueIndex("search_docs_issue").on(t.issueId),
    index("search_docs_changed").on(t.changedAt),
    index("search_docs_cluster").on(t.clusterId, t.repo, t.number),
    // Live documents only: counting them (every refresh) reads this narrow index, not 100k wide rows.
    index("search_docs_live").on(t.clusterId, t.issueId).where(sql`meta is not null`),
  ],
);

/**
 * Documents being moved to another cluster by one batch of the search-index step (empty between
 * batches): the trigger that keeps `search_key_clusters` skips them, and the batch counts their keys
 * once per (key, cluster) instead of once per document (migration 0026; a merge of two families
 * moves thousands of documents sharing a few dozen keys).
 */
export const searchMoving = sqliteTable("search_moving", {
  id: integer("id").primaryKey(), // search_docs.id
});

/**
 * Per lookup key and cluster, how many documents of the cluster carry the key (`search_docs.keys`
 * with a cluster): what a search ranks clusters by, one row per (key, cluster) where `search_keys`
 * has one per document (a common feature's postings ran to 8.7k rows at 50k issues). Kept by
 * triggers on `search_docs` (migration 0018), so no writer can forget it; a row goes at n = 0.
 * WITHOUT ROWID (edited into migration 0017: drizzle cannot declare it), so a key's clusters are
 * read from the primary key alone.
 */
export const searchKeyClusters = sqliteTable(
  "search_key_clusters",
  {
    key: text("key").notNull(),
    clusterId: text("cluster_id").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.clusterId] }),
    // The triggers' `cluster_id = old.cluster_id AND key IN (<keys of the row>)`: the list depends on
    // the row, so SQLite cannot look its keys up in the primary key and scanned all 72k rows per
    // document (0.9 ms each: moving a family of 4.4k documents took 4.1 s); now a range of the
    // cluster's few dozen rows (migration 0023).
    index("search_key_clusters_cluster").on(t.clusterId),
  ],
);

/**
 * Every error-chain feature a clustered issue carries, once: its template (shown as why a result
 * matched) in sorted order, so a pasted line cut short finds the features it is the start of by a
 * range of the index. Written (never rewritten) by the search-index step; which issues carry a
 * feature is `search_keys`' business.
 */
// Issues whose search document may be out of date: a row per issue, written by triggers on every
// table a document is read from (migration 0013: issues, comments, issue_signatures), so no writer
// can forget it. The search-index step rewrites these documents and deletes the rows it read by
// `seq`; a change landing meanwhile replaces the row with a new `seq` and is done next time.
export const searchPending = sqliteTable(
  "search_pending",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    issueId: integer("issue_id").notNull(),
    /**
     * Nothing but the issue's cluster changed since its document was written, from one cluster to
     * another (migration 0025): the step moves the row in SQL instead of rebuilding the document
     * (a merge of two families moves thousands). Any other mark clears it.
     */
    clusterOnly: integer("cluster_only", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [uniqueIndex("search_pending_issue").on(t.issueId)],
);

export const searchFeatures = sqliteTable(
  "search_features",
  {
    featureId: text("feature_id").primaryKey(),
    template: text("template").notNull(),
  },
  (t) => [index("search_features_template").on(t.template)],
);

/**
 * The known error templates (issues' signatures, entries' error lines), for matching a line no
 * feature knows: by id, by a template whose wildcards cover it, or by shared words. `keys` holds
 * `t_<hash>` per distinct constant token and `p_<hash>` per (length, position, token), indexed by
 * the FTS5 table `search_template_keys` (migration 0008).
 */
export const searchTemplates = sqliteTable("search_templates", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  signatureId: text("signature_id").notNull().unique(),
  template: text("template").notNull(),
  /** Tokens in the template. */
  length: integer("length").notNull(),
  /** Distinct constant (non-wildcard) tokens. */
  constants: integer("constants").notNull(),
  /** Positions holding a constant token. */
  constantPositions: integer("constant_positions").notNull(),
  keys: text("keys").notNull(),
});

export type SearchDocRow = typeof searchDocs.$inferSelect;
export type SearchTemplateRow = typeof searchTemplates.$inferSelect;

// Until 2026-12-01 the whole MiniSearch index as JSON chunks; now only the row `version`, which
// names the last completed search refresh (built_at: its stamp; data: a unique token).
export const searchIndex = sqliteTable("search_index", {
  id: text("id").primaryKey(),
  data: text("data").notNull(),
  documentCount: integer("document_count").notNull(),
  builtAt: text("built_at").notNull(),
});
