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
    // How many comments the thread has: kept by triggers on `comments` (migration 0028), so the
    // review queue reads it beside the other member columns instead of counting per member.
    commentCount: integer("comment_count").notNull().default(0),
    // Why the issue is in its cluster: the features it shares with other members, strongest first.
    clusterTies: text("cluster_ties", { mode: "json" })
      .$type<{ template: string; weight: number; other: string }[]>()
      .notNull()
      .default([]),
  },
  (t) => [
    uniqueIndex("issues_repo_number").on(t.repoKey, t.number),
    // A cluster's members from the index alone and side by side: their stored assignment (a local
    // relink reads whole families, 6k issues at 100k, this way instead of one wide row with its body
    // per member spread over the file: 0.02 s instead of 0.8 s with the page cache empty) and what
    // the review queue scores (listClusteredIssueStats).
    index("issues_cluster_cover").on(
      t.clusterId,
      t.id,
      t.repo,
      t.number,
      t.primarySignatureId,
      t.clusterTies,
      t.repoKey,
      t.labels,
      t.author,
      t.createdAt,
      t.state,
      t.stateReason,
      t.reactions,
      t.commentCount,
    ),
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
export type SignatureRow = typeof signatures.$inferSelect;
export type EntryVersionRow = typeof entryVersions.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type IssueSignatureRow = typeof issueSignatures.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;

export * from "./schema-runtime.js";
export * from "./schema-search.js";
