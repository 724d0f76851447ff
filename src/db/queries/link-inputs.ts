// Reads and writes of the link inputs (src/clustering/local-link.ts): per-feature postings written by
// the extract step with each issue's evidence (own features) and by the link step (cut-line
// matches), feature spellings, tail prefixes, and the features changed since the last link.
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { chunkedStatements, inJson, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import {
  issueEvidence,
  issueSignatures,
  issues,
  linkDirtyFeatures,
  linkFeatureVariants,
  linkPostings,
  linkPostingsBefore,
  linkSnapshotIssues,
  linkTails,
} from "../schema.js";
import { issuesByCover } from "./issues-cover.js";
import { snapshotStatements } from "./link-snapshots.js";

export interface IssueInputsRow {
  issueId: number;
  postings: { featureId: string; quality: number; lead: boolean; whole: boolean; variant: string }[];
  variants: { id: string; featureId: string; template: string; spec: number; general: boolean }[];
  tails: string[];
}

// Whether a feature has an own posting now: run before the postings change, it is what was.
const presentNow = (featureId: unknown) =>
  sql<boolean>`exists (select 1 from ${linkPostings} q where q.feature_id = ${featureId} and q.cut = 0)`;

/** Features of these issues' postings (own and cut) marked changed: run before they are replaced. */
function markOldFeaturesStatements(db: Db, ids: number[], limits: DbLimits, cut?: boolean): Statement[] {
  return chunkedStatements(ids, limits, (part) =>
    db
      .insert(linkDirtyFeatures)
      .select(
        db
          .selectDistinct({
            featureId: linkPostings.featureId,
            wasPresent: sql<boolean>`${presentNow(linkPostings.featureId)}`
              .mapWith(Boolean)
              .as("was_present"),
          })
          .from(linkPostings)
          .where(
            cut === undefined
              ? inArray(linkPostings.issueId, part)
              : and(inArray(linkPostings.issueId, part), eq(linkPostings.cut, cut)),
          ),
      )
      .onConflictDoNothing(),
  );
}

function markFeaturesStatements(db: Db, featureIds: string[], limits: DbLimits): Statement[] {
  const unique = [...new Set(featureIds)].map((featureId) => ({
    featureId,
    wasPresent: presentNow(featureId),
  }));
  if (unique.length === 0) return [];
  return chunkedStatements(unique, limits, (part) =>
    db.insert(linkDirtyFeatures).values(part).onConflictDoNothing(),
  );
}

/** Replaces the own postings and tails of these issues (every cut row of theirs goes too). */
export function replaceIssueInputsStatements(db: Db, rows: IssueInputsRow[], limits: DbLimits): Statement[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.issueId);
  const variants = new Map(rows.flatMap((r) => r.variants.map((v) => [v.id, v] as const)));
  const postings = rows.flatMap((r) => r.postings.map((p) => ({ ...p, issueId: r.issueId, cut: false })));
  const tails = rows.flatMap((r) => r.tails.map((prefix) => ({ issueId: r.issueId, prefix })));
  return [
    // Old and new features both marked changed, before anything moves (`wasPresent` is what was).
    ...markOldFeaturesStatements(db, ids, limits),
    ...markFeaturesStatements(
      db,
      postings.map((p) => p.featureId),
      limits,
    ),
    ...snapshotStatements(db, ids, limits),
    ...chunkedStatements(ids, limits, (part) =>
      db.delete(linkPostings).where(inArray(linkPostings.issueId, part)),
    ),
    ...chunkedStatements(ids, limits, (part) => db.delete(linkTails).where(inArray(linkTails.issueId, part))),
    ...(variants.size === 0
      ? []
      : chunkedStatements([...variants.values()], limits, (part) =>
          db.insert(linkFeatureVariants).values(part).onConflictDoNothing(),
        )),
    ...(postings.length === 0
      ? []
      : chunkedStatements(postings, limits, (part) => db.insert(linkPostings).values(part))),
    ...(tails.length === 0
      ? []
      : chunkedStatements(tails, limits, (part) => db.insert(linkTails).values(part).onConflictDoNothing())),
  ];
}

export interface CutRow {
  featureId: string;
  issueId: number;
  quality: number;
  lead: boolean;
}

/** Replaces the cut rows of these issues (`issueIds` null: of every issue), marking both sides changed. */
export function replaceCutPostingsStatements(
  db: Db,
  issueIds: number[] | null,
  rows: CutRow[],
  limits: DbLimits,
): Statement[] {
  const values = rows.map((r) => ({ ...r, cut: true, whole: false, variant: "" }));
  return [
    ...(issueIds === null
      ? [db.delete(linkPostings).where(eq(linkPostings.cut, true))]
      : [
          ...markOldFeaturesStatements(db, issueIds, limits, true),
          ...snapshotStatements(db, issueIds, limits),
          ...chunkedStatements(issueIds, limits, (part) =>
            db
              .delete(linkPostings)
              .where(and(inArray(linkPostings.issueId, part), eq(linkPostings.cut, true))),
          ),
          ...markFeaturesStatements(
            db,
            rows.map((r) => r.featureId),
            limits,
          ),
        ]),
    ...(values.length === 0
      ? []
      : chunkedStatements(values, limits, (part) => db.insert(linkPostings).values(part))),
  ];
}

/** Forgets what changed since the last link (dirty features, snapshots): once a link is applied. */
export function clearLinkChangesStatements(db: Db): Statement[] {
  return [db.delete(linkDirtyFeatures), db.delete(linkPostingsBefore), db.delete(linkSnapshotIssues)];
}

export async function loadDirtyFeatures(db: Db) {
  return db.select().from(linkDirtyFeatures);
}

export async function loadDirtyIssueIds(db: Db): Promise<number[]> {
  const rows = await db
    .select({ id: issueEvidence.issueId })
    .from(issueEvidence)
    .where(eq(issueEvidence.dirty, true));
  return rows.map((r) => r.id);
}

export async function countClusterable(db: Db): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(issueEvidence)
    .where(eq(issueEvidence.clusterable, true));
  return Number(row?.n ?? 0);
}

/** Every spelling of features some issue posts as its own, with that spelling shown by one of them. */
export async function loadPresentVariants(db: Db, after: string, limit: number) {
  return db
    .select({
      id: linkFeatureVariants.id,
      featureId: linkFeatureVariants.featureId,
      template: linkFeatureVariants.template,
      spec: linkFeatureVariants.spec,
      general: linkFeatureVariants.general,
    })
    .from(linkFeatureVariants)
    .where(
      and(
        gt(linkFeatureVariants.id, after),
        sql`exists (select 1 from ${linkPostings} p where p.feature_id = ${linkFeatureVariants.featureId} and p.cut = 0 and p.variant = ${linkFeatureVariants.id})`,
      ),
    )
    .orderBy(linkFeatureVariants.id)
    .limit(limit);
}

/** Every spelling ever seen of these features (present or not). */
export async function loadVariantsOf(db: Db, featureIds: string[], limits: DbLimits) {
  return selectInChunks(featureIds, limits, (part) =>
    db.select().from(linkFeatureVariants).where(inJson(linkFeatureVariants.featureId, part)),
  );
}

/** Issues with a tail line that may be the start of one of these templates. */
export async function issuesWithTailsOf(db: Db, templates: string[]): Promise<number[]> {
  const out = new Set<number>();
  for (const t of templates) {
    if (t === "") continue;
    const rows = await db
      .selectDistinct({ id: linkTails.issueId })
      .from(linkTails)
      .where(
        and(
          sql`${linkTails.prefix} between substr(${t}, 1, 1) and ${t}`,
          sql`substr(${t}, 1, length(${linkTails.prefix})) = ${linkTails.prefix}`,
        ),
      );
    for (const r of rows) out.add(r.id);
  }
  return [...out];
}

/** Postings (own and cut) of these issues. */
export async function loadPostingsOfIssues(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db
      .select({ featureId: linkPostings.featureId, issueId: linkPostings.issueId })
      .from(linkPostings)
      .where(inJson(linkPostings.issueId, part)),
  );
}

/**
 * Per feature, how many issues post it (own and cut rows counted once per issue) and the best
 * quality a posting of it has: read from the covering index, without the postings themselves.
 */
export async function loadFeatureSummaries(db: Db, featureIds: string[], limits: DbLimits) {
  const rows = await selectInChunks(featureIds, limits, (part) =>
    db
      .select({
        featureId: linkPostings.featureId,
        df: sql<number>`count(distinct ${linkPostings.issueId})`,
        best: sql<number>`max(${linkPostings.quality})`,
      })
      .from(linkPostings)
      .where(inJson(linkPostings.featureId, part))
      .groupBy(linkPostings.featureId),
  );
  return new Map(rows.map((r) => [r.featureId, { df: Number(r.df), best: Number(r.best) }]));
}

/** Every posting of these features, with the issue's key (ties are broken by it). */
export async function loadPostingsOfFeatures(db: Db, featureIds: string[], limits: DbLimits) {
  return selectInChunks(featureIds, limits, (part) =>
    db
      .select({
        featureId: linkPostings.featureId,
        issueId: linkPostings.issueId,
        quality: linkPostings.quality,
        lead: linkPostings.lead,
        whole: linkPostings.whole,
        repo: sql<string>`${issues.repo}`,
        number: sql<number>`${issues.number}`,
      })
      .from(linkPostings)
      .innerJoin(issuesByCover, eq(issues.id, linkPostings.issueId))
      .where(inJson(linkPostings.featureId, part)),
  );
}

/** Members of these stored clusters. */
export async function loadClusterMemberIds(db: Db, clusterIds: string[], limits: DbLimits) {
  const rows = await selectInChunks(clusterIds, limits, (part) =>
    db.select({ id: issues.id }).from(issues).where(inJson(issues.clusterId, part)),
  );
  return rows.map((r) => r.id);
}

/** Issues whose stored signatures include one of these. */
export async function loadSignatureCarrierIds(db: Db, signatureIds: string[], limits: DbLimits) {
  const rows = await selectInChunks(signatureIds, limits, (part) =>
    db
      .selectDistinct({ id: issueSignatures.issueId, signatureId: issueSignatures.signatureId })
      .from(issueSignatures)
      .where(inJson(issueSignatures.signatureId, part)),
  );
  return rows;
}
