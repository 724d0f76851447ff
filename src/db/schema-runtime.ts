// What the service keeps to run, beside the GitHub data and what is derived from it (schema.ts):
// curator sessions and the review queue, export targets, webhook deliveries and comment tombstones,
// the refresh job and its leases, and the incremental re-cluster's cache and staged plan.
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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

// Clusters whose queue item may be out of date: a row per cluster, written by triggers (migration
// 0015) whenever what its score reads changes — its row, a member's stats or cluster, a member's
// comment count. The refresh re-scores these clusters only and deletes the rows it read by `seq`.
export const queuePending = sqliteTable(
  "queue_pending",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    clusterId: text("cluster_id").notNull(),
  },
  (t) => [uniqueIndex("queue_pending_cluster").on(t.clusterId)],
);

/**
 * What every stored cluster item was scored against (one row, id `queue`): the day "recent" counts
 * back from, and when every item was last scored (searches that landed on a cluster are counted
 * then, and whenever the cluster changes). Another day, or an hour gone, and housekeeping sets
 * `wholeRequested` (migration 0021) with the refresh marker: that refresh scores everything again,
 * so a webhook's refresh never carries the whole re-score (1.2–1.9 s at 100k issues).
 */
export const queueBasis = sqliteTable("queue_basis", {
  id: text("id").primaryKey(),
  horizon: text("horizon").notNull(),
  fullAt: text("full_at").notNull(),
  wholeRequested: integer("whole_requested", { mode: "boolean" }).notNull().default(false),
});

export type SessionRow = typeof sessions.$inferSelect;
export type ClusterCurationRow = typeof clusterCuration.$inferSelect;
export type QueueItemRow = typeof queueItems.$inferSelect;

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
// The two indexes keep a refresh after one change from reading every wide row: stale versions are
// found by range, and the counts the link step starts from come from (dirty, clusterable, id).
export const issueEvidence = sqliteTable(
  "issue_evidence",
  {
    issueId: integer("issue_id").primaryKey({ autoIncrement: false }),
    textHash: text("text_hash").notNull(),
    version: text("version").notNull(),
    clusterable: integer("clusterable", { mode: "boolean" }).notNull(),
    link: text("link").notNull(),
    detail: text("detail").notNull(),
    dirty: integer("dirty", { mode: "boolean" }).notNull().default(true),
  },
  (t) => [
    index("issue_evidence_version").on(t.version),
    index("issue_evidence_state").on(t.dirty, t.clusterable),
  ],
);

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
// `rules` (a hash of the curator rules) and `corpus` (the rarity corpus, see `rarityCorpus`) are what
// a local relink must share with the last link to stay exact; otherwise the whole corpus is linked.
export const clusterLinkState = sqliteTable("cluster_link_state", {
  id: text("id").primaryKey(),
  inputs: text("inputs").notNull(),
  applied: integer("applied", { mode: "boolean" }).notNull(),
  linkedAt: text("linked_at").notNull(),
  rules: text("rules"),
  corpus: integer("corpus"),
});

// --- link inputs (issues 8, 11): what linking reads, kept per feature so a change relinks locally ---

// One row per feature an issue carries (src/clustering/local-link.ts): `cut` = 0 rows are the
// issue's own features, written by the extract step with its evidence; `cut` = 1 rows are what its
// cut lines match in other issues' templates, written by the link step (they depend on the corpus).
// A posting's columns, for `link_postings` and for the snapshots of them (`link_postings_before`).
const postingColumns = () => ({
  featureId: text("feature_id").notNull(),
  issueId: integer("issue_id").notNull(),
  cut: integer("cut", { mode: "boolean" }).notNull(),
  quality: real("quality").notNull(),
  lead: integer("lead", { mode: "boolean" }).notNull(),
  whole: integer("whole", { mode: "boolean" }).notNull(),
  // The spelling this issue shows (link_feature_variants.id); "" on cut rows.
  variant: text("variant").notNull(),
});

export const linkPostings = sqliteTable("link_postings", postingColumns(), (t) => [
  primaryKey({ columns: [t.featureId, t.issueId, t.cut] }),
  // An issue's features from the index alone (migration 0022): a closure of 6k issues read 23k
  // table rows for them (0.17 s at 100k).
  index("link_postings_issue").on(t.issueId, t.featureId),
  // A relink reads whole features' postings (thousands of rows each): all from this index.
  index("link_postings_feature_cover").on(t.featureId, t.issueId, t.quality, t.lead, t.whole),
]);

// The postings an issue had before its first change since the last applied link (own and cut
// rows as they were), and which issues have been snapshotted (one with no row had none): a relink
// links both the old and the new postings of what changed, and when no link is lost it only joins
// clusters (src/clustering/join-link.ts) instead of relinking them whole. Cleared with the dirty
// features once a link is applied.
export const linkPostingsBefore = sqliteTable("link_postings_before", postingColumns(), (t) => [
  primaryKey({ columns: [t.featureId, t.issueId, t.cut] }),
  index("link_postings_before_issue").on(t.issueId),
]);

export const linkSnapshotIssues = sqliteTable("link_snapshot_issues", {
  issueId: integer("issue_id").primaryKey({ autoIncrement: false }),
});

// Every spelling a feature id was seen with (quoted or not, generalized or not); never deleted.
export const linkFeatureVariants = sqliteTable(
  "link_feature_variants",
  {
    id: text("id").primaryKey(),
    featureId: text("feature_id").notNull(),
    template: text("template").notNull(),
    spec: real("spec").notNull(),
    general: integer("general", { mode: "boolean" }).notNull(),
  },
  (t) => [index("link_feature_variants_feature").on(t.featureId)],
);

// What each issue's tail lines may be the start of: a new or vanished template starting with one of
// these changes that issue's cut rows.
export const linkTails = sqliteTable(
  "link_tails",
  {
    issueId: integer("issue_id").notNull(),
    prefix: text("prefix").notNull(),
  },
  (t) => [primaryKey({ columns: [t.prefix, t.issueId] }), index("link_tails_issue").on(t.issueId)],
);

// Features whose postings changed since the last applied link (old and new features of every issue
// extracted again): where a local relink starts. Cleared when the write step has applied the plan.
// `wasPresent`: whether some issue posted it as its own before the first of those changes (a
// template that appears or goes changes what cut lines match).
export const linkDirtyFeatures = sqliteTable("link_dirty_features", {
  featureId: text("feature_id").primaryKey(),
  wasPresent: integer("was_present", { mode: "boolean" }).notNull(),
});
