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
    index("issues_needs_analysis").on(t.needsAnalysis),
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
  },
  (t) => [
    uniqueIndex("search_docs_doc").on(t.docId),
    uniqueIndex("search_docs_issue").on(t.issueId),
    index("search_docs_changed").on(t.changedAt),
  ],
);

export type SearchDocRow = typeof searchDocs.$inferSelect;

// Until 2026-12-01 the whole MiniSearch index as JSON chunks; now only the row `version`, which
// names the last completed search refresh (built_at: its stamp; data: a unique token).
export const searchIndex = sqliteTable("search_index", {
  id: text("id").primaryKey(),
  data: text("data").notNull(),
  documentCount: integer("document_count").notNull(),
  builtAt: text("built_at").notNull(),
});

export type SignatureRow = typeof signatures.$inferSelect;

// --- curation (issue 7): page sessions, cluster curation state, the materialised review queue ---

/** Server-side page sessions (Node SQLite and D1 alike); the cookie holds a random id whose hash keys the row. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(), // SHA-256 of the cookie value
    tokenId: text("token_id").notNull(), // "bootstrap" for KB_ADMIN_TOKEN
    role: text("role", { enum: ["curator", "admin"] }).notNull(),
    label: text("label").notNull(),
    csrf: text("csrf").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("sessions_token").on(t.tokenId)],
);

/** Curator decisions about a cluster that are not clustering rules: ignore (with reason) and snooze. */
export const clusterCuration = sqliteTable("cluster_curation", {
  clusterId: text("cluster_id").primaryKey(),
  ignoredReason: text("ignored_reason"),
  snoozedUntil: text("snoozed_until"),
  updatedBy: text("updated_by").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** The review queue, scored after every refresh and curator action, so a page is one indexed read. */
export const queueItems = sqliteTable(
  "queue_items",
  {
    id: text("id").primaryKey(), // "<kind>:<ref>"
    kind: text("kind", { enum: ["cluster", "demand", "stale-entry"] }).notNull(),
    title: text("title").notNull(),
    score: real("score").notNull(),
    why: text("why", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    clusterId: text("cluster_id"),
    entryId: text("entry_id"),
    state: text("state").notNull(),
    repos: text("repos", { mode: "json" }).$type<string[]>().notNull().default([]),
    components: text("components", { mode: "json" }).$type<string[]>().notNull().default([]),
    activity: text("activity", { mode: "json" }).$type<number[]>().notNull().default([]),
    snoozedUntil: text("snoozed_until"),
    fingerprint: text("fingerprint").notNull(),
  },
  (t) => [index("queue_items_rank").on(t.score, t.id)],
);

export type EntryVersionRow = typeof entryVersions.$inferSelect;
export type TokenRow = typeof tokens.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type ClusterCurationRow = typeof clusterCuration.$inferSelect;
export type QueueItemRow = typeof queueItems.$inferSelect;
export type IssueSignatureRow = typeof issueSignatures.$inferSelect;
export type EntryRow = typeof entries.$inferSelect;

// --- Export to upstream docs (issue 10) ---------------------------------------------------------
// A curator's choice of docs for an entry (Core 2, Core 1 or MLServer); without a row the entry's
// components and versions decide.
export const entryExportTargets = sqliteTable("entry_export_targets", {
  entryId: text("entry_id").primaryKey(),
  target: text("target", { enum: ["core-v2", "core-v1", "mlserver"] }).notNull(),
  setBy: text("set_by").notNull(),
  setAt: text("set_at").notNull(),
});

// ─── Hardening (issue 8): idempotent webhook delivery ───────────────────────────────────────────

// X-GitHub-Delivery ids already applied: a redelivery is acknowledged and skipped. Rows are pruned
// after a week (GitHub lets a delivery be redelivered for 3 days).
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    event: text("event").notNull(),
    receivedAt: text("received_at").notNull(),
  },
  (t) => [index("webhook_deliveries_received").on(t.receivedAt)],
);

// Comments deleted on GitHub, with the last updated_at GitHub reported for them: an older create
// or edit arriving late (webhooks are not ordered, a sync page may be older) must not bring the
// comment back. Pruned after 30 days.
export const deletedComments = sqliteTable(
  "deleted_comments",
  {
    id: integer("id").primaryKey({ autoIncrement: false }),
    updatedAt: text("updated_at").notNull(),
    deletedAt: text("deleted_at").notNull(),
  },
  (t) => [index("deleted_comments_deleted").on(t.deletedAt)],
);

// ── Refresh orchestration (src/refresh/) ──────────────────────────────────────────────────────
// One row per job ("knowledge": re-cluster then re-index). `generation` is bumped in the same atomic
// group as every data write that needs a refresh; a completed job sets `done_generation` to the
// generation it started from, so writes that land during a job leave it pending for the next run.
// The running job's step and cursor persist here after every step call, so any invocation resumes.
export const refreshState = sqliteTable("refresh_state", {
  id: text("id").primaryKey(),
  generation: integer("generation").notNull().default(0),
  requestedAt: text("requested_at"),
  doneGeneration: integer("done_generation").notNull().default(0),
  completedAt: text("completed_at"),
  jobGeneration: integer("job_generation"),
  jobStartedAt: text("job_started_at"),
  stepName: text("step_name"),
  stepCursor: text("step_cursor"),
  invocations: integer("invocations").notNull().default(0),
  failures: integer("failures").notNull().default(0),
  lastError: text("last_error"),
  updatedAt: text("updated_at"),
});

// Named leases with an expiry: one holder at a time across processes and isolates; a holder that
// dies stops blocking once its lease expires.
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  owner: text("owner").notNull(),
  acquiredAt: text("acquired_at").notNull(),
  expiresAt: text("expires_at").notNull(),
});

export type RefreshStateRow = typeof refreshState.$inferSelect;

// ── Incremental clustering (issues 8 and 11): the evidence cache and the staged re-cluster ──────
// What `issueEvidence` returned for an issue, keyed by the hash of its text and the pipeline
// version (src/domain/evidence/compact.ts): a refresh extracts only issues whose text or the
// pipeline changed. `link` is what linking reads, `detail` what only the stored signatures need;
// `dirty` is set on extraction and cleared once the issue's signatures were written from it.
export const issueEvidence = sqliteTable("issue_evidence", {
  issueId: integer("issue_id").primaryKey({ autoIncrement: false }),
  textHash: text("text_hash").notNull(),
  version: text("version").notNull(),
  clusterable: integer("clusterable", { mode: "boolean" }).notNull(),
  link: text("link").notNull(),
  detail: text("detail").notNull(),
  dirty: integer("dirty", { mode: "boolean" }).notNull().default(true),
});

// The link step's result, staged for the write step to apply in bounded slices: only issues whose
// assignment changed (or whose evidence was extracted again), and clusters to upsert or remove.
export const clusterPlanIssues = sqliteTable("cluster_plan_issues", {
  issueId: integer("issue_id").primaryKey({ autoIncrement: false }),
  clusterId: text("cluster_id"),
  primarySignatureId: text("primary_signature_id"),
  ties: text("ties", { mode: "json" })
    .$type<{ template: string; weight: number; other: string }[]>()
    .notNull(),
  rewriteSignatures: integer("rewrite_signatures", { mode: "boolean" }).notNull(),
});

export const clusterPlanClusters = sqliteTable("cluster_plan_clusters", {
  id: text("id").primaryKey(),
  remove: integer("remove", { mode: "boolean" }).notNull(),
  template: text("template").notNull(),
  signatureIds: text("signature_ids", { mode: "json" }).$type<string[]>().notNull(),
  issueCount: integer("issue_count").notNull(),
});

// What the last link step linked (a hash of the rules and of the set of issues) and whether its
// plan has been written since: with no evidence changed and the same inputs, linking again would
// give the same result, so a refresh after a change that touched no evidence skips it.
export const clusterLinkState = sqliteTable("cluster_link_state", {
  id: text("id").primaryKey(),
  inputs: text("inputs").notNull(),
  applied: integer("applied", { mode: "boolean" }).notNull(),
  linkedAt: text("linked_at").notNull(),
});
