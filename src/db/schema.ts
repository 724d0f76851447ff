import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// Timestamps are ISO-8601 strings (GitHub's own format): they sort lexically and survive D1 unchanged.

export const repos = sqliteTable("repos", {
  key: text("key").primaryKey(), // lower-cased "owner/name": GitHub matches repo names case-insensitively
  fullName: text("full_name").notNull(),
  lastSyncedAt: text("last_synced_at"),
});

export const issues = sqliteTable(
  "issues",
  {
    id: integer("id").primaryKey({ autoIncrement: false }), // GitHub's id: idempotent upserts
    repo: text("repo").notNull(), // canonical "Owner/name"
    repoKey: text("repo_key").notNull(),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull().default(""),
    state: text("state", { enum: ["open", "closed"] }).notNull(),
    stateReason: text("state_reason"),
    labels: text("labels", { mode: "json" }).$type<string[]>().notNull().default([]),
    author: text("author"),
    // GitHub's author_association (OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, NONE…): maintainers' words weigh more.
    authorAssociation: text("author_association"),
    isPullRequest: integer("is_pull_request", { mode: "boolean" }).notNull().default(false),
    reactions: integer("reactions").notNull().default(0),
    htmlUrl: text("html_url").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    closedAt: text("closed_at"),
    // Set whenever the issue or one of its comments changes; cleared by re-clustering.
    needsAnalysis: integer("needs_analysis", { mode: "boolean" }).notNull().default(true),
    clusterId: text("cluster_id"),
    primarySignatureId: text("primary_signature_id"),
    // Why the issue is in its cluster: the features it shares with other members, strongest first.
    clusterTies: text("cluster_ties", { mode: "json" })
      .$type<{ template: string; weight: number; other: string }[]>()
      .notNull()
      .default([]),
  },
  (t) => [
    uniqueIndex("issues_repo_number").on(t.repoKey, t.number),
    index("issues_cluster").on(t.clusterId),
    // The newest issue (the queue's horizon) without reading every row.
    index("issues_created").on(t.createdAt),
    index("issues_needs_analysis").on(t.needsAnalysis),
    // Linking reads an issue's key and cluster by id for thousands of postings at a time: from this
    // narrow index, not from the wide row (its body) on a page of its own.
    index("issues_link_cover").on(t.id, t.repo, t.number, t.clusterId),
  ],
);

export const comments = sqliteTable(
  "comments",
  {
    id: integer("id").primaryKey({ autoIncrement: false }),
    repoKey: text("repo_key").notNull(),
    issueNumber: integer("issue_number").notNull(),
    body: text("body").notNull().default(""),
    author: text("author"),
    authorAssociation: text("author_association"),
    htmlUrl: text("html_url").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("comments_issue").on(t.repoKey, t.issueNumber, t.createdAt)],
);

// One row per repo and list endpoint: the request to resume from and, once caught up, its ETag.
export const syncState = sqliteTable(
  "sync_state",
  {
    repoKey: text("repo_key").notNull(),
    endpoint: text("endpoint", { enum: ["issues", "comments"] }).notNull(),
    since: text("since"),
    page: integer("page").notNull().default(1),
    etag: text("etag"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.repoKey, t.endpoint] })],
);

export const signatures = sqliteTable("signatures", {
  id: text("id").primaryKey(),
  template: text("template").notNull(),
  createdAt: text("created_at").notNull(),
});

export const issueSignatures = sqliteTable(
  "issue_signatures",
  {
    issueId: integer("issue_id").notNull(),
    signatureId: text("signature_id").notNull(),
    role: text("role", { enum: ["primary", "secondary"] }).notNull(),
    sample: text("sample").notNull(),
    masks: text("masks", { mode: "json" }).$type<{ kind: string; value: string }[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.issueId, t.signatureId] }),
    index("issue_signatures_sig").on(t.signatureId),
  ],
);

export const clusters = sqliteTable("clusters", {
  id: text("id").primaryKey(),
  template: text("template").notNull(),
  signatureIds: text("signature_ids", { mode: "json" }).$type<string[]>().notNull(),
  issueCount: integer("issue_count").notNull().default(0),
  state: text("state", { enum: ["new", "reviewed", "promoted", "ignored"] })
    .notNull()
    .default("new"),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const clusterRules = sqliteTable("cluster_rules", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ["merge", "split"] }).notNull(),
  signatureIds: text("signature_ids", { mode: "json" }).$type<string[]>().notNull().default([]),
  issueKeys: text("issue_keys", { mode: "json" }).$type<string[]>().notNull().default([]),
  targetClusterId: text("target_cluster_id"),
  createdBy: text("created_by").notNull(),
  reason: text("reason").notNull(),
  createdAt: text("created_at").notNull(),
});

export const entries = sqliteTable(
  "entries",
  {
    id: text("id").primaryKey(),
    clusterId: text("cluster_id"),
    title: text("title").notNull(),
    symptom: text("symptom").notNull().default(""),
    errorSignatures: text("error_signatures", { mode: "json" }).$type<string[]>().notNull().default([]),
    cause: text("cause").notNull().default(""),
    resolution: text("resolution").notNull().default(""),
    affectedVersions: text("affected_versions", { mode: "json" }).$type<string[]>().notNull().default([]),
    components: text("components", { mode: "json" }).$type<string[]>().notNull().default([]),
    sourceIssues: text("source_issues", { mode: "json" }).$type<string[]>().notNull().default([]),
    state: text("state", { enum: ["draft", "published", "needs-review", "archived"] })
      .notNull()
      .default("draft"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    publishedAt: text("published_at"),
    // --- curation (issue 7) ---
    /** Prefilled evidence the curator picks from: maintainer comments, "fixed by" references. */
    candidateFixes: text("candidate_fixes", { mode: "json" })
      .$type<{ text: string; url: string; author: string; why: string }[]>()
      .notNull()
      .default([]),
    /** Why a published entry needs review (new issue joined, newer version, source reopened). */
    reviewReasons: text("review_reasons", { mode: "json" }).$type<string[]>().notNull().default([]),
    /** When a curator last published or re-verified the entry: staleness looks at what came after. */
    verifiedAt: text("verified_at"),
    /** The cluster's member issues the curator saw when publishing; later members are news. */
    reviewedIssueKeys: text("reviewed_issue_keys", { mode: "json" }).$type<string[]>().notNull().default([]),
  },
  (t) => [index("entries_cluster").on(t.clusterId)],
);

export const entryVersions = sqliteTable(
  "entry_versions",
  {
    entryId: text("entry_id").notNull(),
    version: integer("version").notNull(),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
    editedBy: text("edited_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.version] })],
);

export const tokens = sqliteTable("tokens", {
  id: text("id").primaryKey(),
  hash: text("hash").notNull().unique(), // SHA-256 of the token; the token itself is never stored
  role: text("role", { enum: ["curator", "admin"] }).notNull(),
  label: text("label").notNull(),
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});

export const auditLog = sqliteTable("audit_log", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  subject: text("subject").notNull(),
  detail: text("detail", { mode: "json" }),
  createdAt: text("created_at").notNull(),
});

export const searchLog = sqliteTable(
  "search_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    query: text("query").notNull(), // redacted (src/domain/redact.ts) before it is written
    matchedSignature: text("matched_signature"),
    bestScore: real("best_score"),
    resultCount: integer("result_count").notNull(),
    createdAt: text("created_at").notNull(),
  },
  // Retention deletes by age on every cron run and daily on Node: without it that is a full scan.
  (t) => [index("search_log_created").on(t.createdAt)],
);

export type IssueRow = typeof issues.$inferSelect;
export type CommentRow = typeof comments.$inferSelect;
export type SyncStateRow = typeof syncState.$inferSelect;
export type ClusterRow = typeof clusters.$inferSelect;
export type ClusterRuleRow = typeof clusterRules.$inferSelect;

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

export type SignatureRow = typeof signatures.$inferSelect;

export type EntryVersionRow = typeof entryVersions.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type IssueSignatureRow = typeof issueSignatures.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;

export * from "./schema-runtime.js";
