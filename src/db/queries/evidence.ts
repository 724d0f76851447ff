// Reads and writes of the re-cluster's extract step (src/clustering/extract-step.ts): the issues
// to extract, their texts, and the per-issue evidence cache. Every `IN (…)` list and multi-row write
// goes through the chunking helpers, so each statement keeps to the database's limits.
import { and, asc, eq, gt, inArray, ne, or, sql } from "drizzle-orm";
import { chunkedStatements, inJson, selectInChunks } from "../chunked.js";
import type { Db, Statement } from "../client.js";
import type { DbLimits } from "../limits.js";
import { comments, issueEvidence, issues } from "../schema.js";

// needs_analysis: 1 = changed since extracted (set by every write of the issue or its comments),
// 2 = claimed by the extract step, which clears it to 0 only if nothing wrote to it meanwhile.
const CLAIMED = 2;

/**
 * Issues after `after` (by id) whose text changed or whose cached evidence is missing or stale.
 * Changed issues are found in the `needs_analysis` index. Missing or stale evidence (a new
 * pipeline version, a migration that cleared the cache) is rare and needs a scan of every issue,
 * so that scan runs only when two index reads say there is some: fewer evidence rows than issues,
 * or a row of another version. A refresh after one change then reads no wide row to find it.
 */
export async function listIssuesToExtract(db: Db, after: number, limit: number, version: string) {
  if (await evidenceIncomplete(db, version)) return listIssuesToExtractByScan(db, after, limit, version);
  const rows = await db
    .select({ id: issues.id })
    .from(issues)
    .where(and(gt(issues.id, after), sql`${issues.needsAnalysis} in (1, 2)`))
    .orderBy(asc(issues.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/**
 * Whether some issue lacks current evidence without being flagged: fewer evidence rows than issues
 * once the flagged issues without evidence (a new issue, the commonest webhook) are counted as
 * covered (they are found in the flag's index anyway), or a row of another version. Every count
 * reads an index; the scan this guards cost ~270 ms at 100k after each new issue.
 */
async function evidenceIncomplete(db: Db, version: string): Promise<boolean> {
  const [counts] = await db
    .select({
      issues: sql<number>`(select count(*) from ${issues})`,
      evidence: sql<number>`(select count(*) from ${issueEvidence})`,
      flaggedWithout: sql<number>`(select count(*) from ${issues} as f where f.needs_analysis in (1, 2)
        and not exists (select 1 from ${issueEvidence} as e where e.issue_id = f.id))`,
      stale: sql<number>`exists (select 1 from ${issueEvidence} where ${issueEvidence.version} < ${version} or ${issueEvidence.version} > ${version})`,
    })
    .from(sql`(select 1)`);
  const covered = Number(counts?.evidence) + Number(counts?.flaggedWithout);
  return covered < Number(counts?.issues) || Number(counts?.stale) === 1;
}

async function listIssuesToExtractByScan(db: Db, after: number, limit: number, version: string) {
  const rows = await db
    .select({ id: issues.id })
    .from(issues)
    .leftJoin(issueEvidence, eq(issueEvidence.issueId, issues.id))
    .where(
      and(
        gt(issues.id, after),
        or(
          sql`${issues.needsAnalysis} <> 0`,
          sql`${issueEvidence.issueId} is null`,
          ne(issueEvidence.version, version),
        ),
      ),
    )
    .orderBy(asc(issues.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export function claimIssuesStatements(db: Db, ids: number[], limits: DbLimits): Statement[] {
  return chunkedStatements(ids, limits, (part) =>
    db
      .update(issues)
      .set({ needsAnalysis: sql`${CLAIMED}` as never })
      .where(and(inArray(issues.id, part), sql`${issues.needsAnalysis} <> 0`)),
  );
}

/** Clears the change flag of issues extracted from the text read after the claim, and only theirs. */
export function releaseClaimsStatements(db: Db, ids: number[], limits: DbLimits): Statement[] {
  return chunkedStatements(ids, limits, (part) =>
    db
      .update(issues)
      .set({ needsAnalysis: false })
      .where(and(inArray(issues.id, part), sql`${issues.needsAnalysis} = ${CLAIMED}`)),
  );
}

export async function loadIssueTexts(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db
      .select({
        id: issues.id,
        repo: issues.repo,
        repoKey: issues.repoKey,
        number: issues.number,
        title: issues.title,
        body: issues.body,
        isPullRequest: issues.isPullRequest,
      })
      .from(issues)
      .where(inJson(issues.id, part)),
  );
}

/** Comment bodies of the given issues of one repository, in the order the thread shows them. */
export async function loadCommentBodies(db: Db, repoKey: string, numbers: number[], limits: DbLimits) {
  return selectInChunks(numbers, limits, (part) =>
    db
      .select({ issueNumber: comments.issueNumber, body: comments.body })
      .from(comments)
      .where(and(eq(comments.repoKey, repoKey), inArray(comments.issueNumber, part)))
      .orderBy(asc(comments.issueNumber), asc(comments.createdAt), asc(comments.id)),
  );
}

/** The cached evidence of these issues, to tell whether a new extraction changed anything. */
export async function loadStoredEvidence(db: Db, ids: number[], limits: DbLimits) {
  return selectInChunks(ids, limits, (part) =>
    db
      .select({
        issueId: issueEvidence.issueId,
        textHash: issueEvidence.textHash,
        version: issueEvidence.version,
        link: issueEvidence.link,
        detail: issueEvidence.detail,
        dirty: issueEvidence.dirty,
      })
      .from(issueEvidence)
      .where(inJson(issueEvidence.issueId, part)),
  );
}

export type EvidenceInsert = typeof issueEvidence.$inferInsert;

export function upsertEvidenceStatements(db: Db, rows: EvidenceInsert[], limits: DbLimits): Statement[] {
  if (rows.length === 0) return [];
  return chunkedStatements(rows, limits, (part) =>
    db
      .insert(issueEvidence)
      .values(part)
      .onConflictDoUpdate({
        target: issueEvidence.issueId,
        set: {
          textHash: sql.raw("excluded.text_hash"),
          version: sql.raw("excluded.version"),
          clusterable: sql.raw("excluded.clusterable"),
          link: sql.raw("excluded.link"),
          detail: sql.raw("excluded.detail"),
          dirty: sql.raw("excluded.dirty"),
        },
      }),
  );
}
