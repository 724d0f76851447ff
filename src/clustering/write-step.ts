import { writeInBatches } from "../db/chunked.js";
import type { Statement } from "../db/client.js";
import type { DbLimits } from "../db/limits.js";
import {
  applyAssignmentsStatement,
  loadEvidenceRows,
  loadPlanClusters,
  loadPlanIssues,
  markEvidenceWrittenStatements,
  replaceSignatureLinksStatements,
  type SignatureLink,
  upsertClustersStatements,
  upsertSignaturesStatements,
} from "../db/queries/cluster-apply.js";
import { clearPlanStatements, markLinkAppliedStatement } from "../db/queries/cluster-plan.js";
import { deleteClustersStatements } from "../db/queries/clusters.js";
import { clearLinkChangesStatements } from "../db/queries/link-inputs.js";
import { issueSignatures } from "../domain/cluster/issue-signatures.js";
import { restoreEvidence } from "../domain/evidence/compact.js";
import type { RefreshStep, StepContext } from "../refresh/types.js";
import { issueKey, type ReclusterOptions } from "./recluster-options.js";

export const WRITE_STEP = "write";

// Phases in the order readers stay consistent: new and changed clusters first, then the issues
// that point to them, then the clusters no issue points to any more.
const PHASES = ["clusters", "issues", "removals"] as const;
type Cursor = { phase: (typeof PHASES)[number]; after: string };

/**
 * Applies the link step's staged plan in slices: cluster upserts, issue assignments (and, for
 * issues extracted again, their signature rows from the cached evidence), cluster removals, then
 * clears the plan. Cursor: the phase and the last id applied; applying a slice twice is harmless.
 */
export function writeStep(options: ReclusterOptions = {}): RefreshStep {
  const sliceSize = options.writeSlice ?? 2000;
  return {
    name: WRITE_STEP,
    async run(ctx, cursor) {
      let at: Cursor = cursor ? (JSON.parse(cursor) as Cursor) : { phase: "clusters", after: "" };
      const summary = { issues: 0, clusters: 0, slices: 0 };
      const need = sliceCalls(sliceSize, ctx.database.limits);
      for (;;) {
        // A slice that ran into the call cap would throw and lose this call's progress: every
        // invocation would then redo the same slices from the last saved cursor. The first slice
        // of a call always runs (a call that did nothing would be called again).
        if (summary.slices > 0 && ctx.budget.callsLeft() < need)
          return { cursor: JSON.stringify(at), done: false, summary };
        const applied = await applySlice(ctx, at, sliceSize);
        if (applied === null) {
          const next = PHASES[PHASES.indexOf(at.phase) + 1];
          if (next) {
            at = { phase: next, after: "" };
            continue;
          }
          const { db } = ctx.database;
          await writeInBatches(ctx.database, [
            ...clearPlanStatements(db),
            markLinkAppliedStatement(db),
            ...clearLinkChangesStatements(db),
          ]);
          return { cursor: null, done: true, summary };
        }
        if (at.phase === "issues") summary.issues += applied.count;
        else summary.clusters += applied.count;
        at = { phase: at.phase, after: applied.last };
        summary.slices += 1;
        options.onSlice?.(WRITE_STEP, summary.slices);
        if (ctx.budget.exhausted()) return { cursor: JSON.stringify(at), done: false, summary };
      }
    },
  };
}

/**
 * The most calls one slice makes: the plan read, the evidence read in `IN` lists, and its writes
 * in batches (an issue's assignment, up to eight signature rows of five values, deletes and marks by
 * id), plus the plan's clearing after the last slice.
 */
export function sliceCalls(size: number, limits: DbLimits): number {
  const lists = Math.ceil(size / limits.maxParams);
  const statements = 2 + 3 * lists + Math.ceil((size * 8 * 5) / limits.maxParams);
  return 2 + lists + Math.ceil(statements / limits.maxBatchStatements);
}

/** One slice of a phase from `at`; null when the phase has nothing left. */
async function applySlice(ctx: StepContext, at: Cursor, size: number) {
  const { db, limits } = ctx.database;
  if (at.phase === "issues") {
    const after = at.after === "" ? 0 : Number(at.after);
    const rows = await loadPlanIssues(db, after, size);
    if (rows.length === 0) return null;
    await writeIssues(ctx, after, rows);
    return { count: rows.length, last: String(rows[rows.length - 1]?.issueId) };
  }
  const remove = at.phase === "removals";
  const rows = await loadPlanClusters(db, remove, at.after, size);
  if (rows.length === 0) return null;
  const now = ctx.clock.now().toISOString();
  await writeInBatches(
    ctx.database,
    remove
      ? deleteClustersStatements(
          db,
          rows.map((r) => r.id),
          limits,
        )
      : upsertClustersStatements(db, rows, now, limits),
  );
  return { count: rows.length, last: rows[rows.length - 1]?.id ?? at.after };
}

async function writeIssues(
  ctx: StepContext,
  after: number,
  rows: { issueId: number; rewriteSignatures: boolean }[],
): Promise<void> {
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
    applyAssignmentsStatement(db, after, rows[rows.length - 1]?.issueId ?? after),
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
