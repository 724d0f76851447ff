import { writeInBatches } from "../db/chunked.js";
import type { Statement } from "../db/client.js";
import { deleteClustersStatements } from "../db/queries/clusters.js";
import {
  clearPlanStatements,
  loadEvidenceRows,
  loadPlanClusters,
  loadPlanIssues,
  markEvidenceWrittenStatements,
  markLinkAppliedStatement,
  type PlanIssue,
  replaceSignatureLinksStatements,
  type SignatureLink,
  setAssignmentStatement,
  upsertClustersStatements,
  upsertSignaturesStatements,
} from "../db/queries/evidence.js";
import { issueSignatures } from "../domain/cluster/issue-signatures.js";
import { restoreEvidence } from "../domain/evidence/compact.js";
import type { RefreshStep, StepContext } from "../refresh/types.js";
import { issueKey, type ReclusterOptions } from "./recluster-options.js";

export const WRITE_STEP = "write";

type Cursor = { phase: "issues"; after: number } | { phase: "clusters"; after: string };

/**
 * Applies the link step's staged plan in slices: issue assignments (and, for issues extracted
 * again, their signature rows from the cached evidence), then clusters, then clears the plan.
 * Cursor: the phase and the last issue id or cluster id applied; applying a slice twice is harmless.
 */
export function writeStep(options: ReclusterOptions = {}): RefreshStep {
  const sliceSize = options.writeSlice ?? 500;
  return {
    name: WRITE_STEP,
    async run(ctx, cursor) {
      let at: Cursor = cursor ? (JSON.parse(cursor) as Cursor) : { phase: "issues", after: 0 };
      const summary = { issues: 0, clusters: 0, slices: 0 };
      for (;;) {
        if (at.phase === "issues") {
          const rows = await loadPlanIssues(ctx.database.db, at.after, sliceSize);
          if (rows.length === 0) {
            at = { phase: "clusters", after: "" };
            continue;
          }
          await writeIssues(ctx, rows);
          summary.issues += rows.length;
          at = { phase: "issues", after: rows[rows.length - 1]?.issueId ?? at.after };
        } else {
          const rows = await loadPlanClusters(ctx.database.db, at.after, sliceSize);
          const { db, limits } = ctx.database;
          if (rows.length === 0) {
            await writeInBatches(ctx.database, [...clearPlanStatements(db), markLinkAppliedStatement(db)]);
            return { cursor: null, done: true, summary };
          }
          const removed = rows.filter((r) => r.remove).map((r) => r.id);
          const now = ctx.clock.now().toISOString();
          await writeInBatches(ctx.database, [
            ...upsertClustersStatements(
              db,
              rows.filter((r) => !r.remove),
              now,
              limits,
            ),
            ...deleteClustersStatements(db, removed, limits),
          ]);
          summary.clusters += rows.length;
          at = { phase: "clusters", after: rows[rows.length - 1]?.id ?? at.after };
        }
        summary.slices += 1;
        options.onSlice?.(WRITE_STEP, summary.slices);
        if (ctx.budget.exhausted()) return { cursor: JSON.stringify(at), done: false, summary };
      }
    },
  };
}

async function writeIssues(ctx: StepContext, rows: PlanIssue[]): Promise<void> {
  const { db, limits } = ctx.database;
  const now = ctx.clock.now().toISOString();
  const rewrite = rows.filter((r) => r.rewriteSignatures).map((r) => r.issueId);
  const links: SignatureLink[] = [];
  const templates = new Map<string, string>();
  for (const row of await loadEvidenceRows(db, rewrite, limits)) {
    const ev = restoreEvidence(issueKey(row.repo, row.number), row.isPullRequest, row.link, row.detail);
    const { primary, secondary } = issueSignatures(ev);
    const seen = new Set<string>();
    for (const [role, s] of [
      ...(primary ? [["primary", primary] as const] : []),
      ...secondary.map((s) => ["secondary", s] as const),
    ]) {
      if (seen.has(s.id)) continue;
      seen.add(s.id);
      templates.set(s.id, s.template);
      links.push({ issueId: row.id, signatureId: s.id, role, sample: s.sample, masks: s.masks });
    }
  }
  const statements: Statement[] = [
    ...rows.map((r) => setAssignmentStatement(db, r)),
    ...upsertSignaturesStatements(
      db,
      [...templates].map(([id, template]) => ({ id, template, createdAt: now })),
      limits,
    ),
    ...replaceSignatureLinksStatements(db, rewrite, links, limits),
    ...markEvidenceWrittenStatements(db, rewrite, limits),
  ];
  await writeInBatches(ctx.database, statements);
}
