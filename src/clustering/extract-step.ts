import { writeInBatches } from "../db/chunked.js";
import {
  claimIssuesStatements,
  type EvidenceInsert,
  listIssuesToExtract,
  loadCommentBodies,
  loadIssueTexts,
  loadStoredEvidence,
  releaseClaimsStatements,
  upsertEvidenceStatements,
} from "../db/queries/evidence.js";
import { type IssueInputsRow, replaceIssueInputsStatements } from "../db/queries/link-inputs.js";
import { issueLinkInputs } from "../domain/cluster/link-inputs.js";
import { issueTextHash, PIPELINE_VERSION, serializeEvidence } from "../domain/evidence/compact.js";
import { issueEvidence } from "../domain/evidence/issue-evidence.js";
import type { RefreshStep, StepContext } from "../refresh/types.js";
import { issueKey, type ReclusterOptions } from "./recluster-options.js";

export const EXTRACT_STEP = "extract";

/**
 * Extracts the evidence of changed issues only, a page at a time: issues flagged as changed (by
 * their own write or a comment's) or whose cached evidence is missing or of another pipeline
 * version. An issue whose text hashes as before keeps its evidence. Only the current page's texts
 * are in memory. Cursor: the last issue id done.
 */
export function extractStep(options: ReclusterOptions = {}): RefreshStep {
  const pageSize = options.extractPage ?? 100;
  return {
    name: EXTRACT_STEP,
    async run(ctx, cursor) {
      let after = cursor === null ? 0 : Number(cursor);
      const summary = { extracted: 0, unchanged: 0, slices: 0 };
      for (;;) {
        const ids = await listIssuesToExtract(ctx.database.db, after, pageSize, PIPELINE_VERSION);
        if (ids.length === 0) return { cursor: String(after), done: true, summary };
        const slice = await extractSlice(ctx, ids);
        summary.extracted += slice.extracted;
        summary.unchanged += slice.unchanged;
        summary.slices += 1;
        options.onSlice?.(EXTRACT_STEP, summary.slices);
        after = ids[ids.length - 1] ?? after;
        if (ctx.budget.exhausted()) return { cursor: String(after), done: false, summary };
      }
    },
  };
}

async function extractSlice(ctx: StepContext, ids: number[]) {
  const { database } = ctx;
  const { db, limits } = database;
  // Claimed before the text is read: a write landing after this sets the flag again, and the
  // release below then leaves it set, so the next refresh extracts that issue once more.
  await writeInBatches(database, claimIssuesStatements(db, ids, limits));
  const rows = await loadIssueTexts(db, ids, limits);
  const numbersByRepo = new Map<string, number[]>();
  for (const r of rows) numbersByRepo.set(r.repoKey, [...(numbersByRepo.get(r.repoKey) ?? []), r.number]);
  const threads = new Map<string, string[]>();
  for (const [repoKey, numbers] of numbersByRepo) {
    for (const c of await loadCommentBodies(db, repoKey, numbers, limits)) {
      const key = `${repoKey}#${c.issueNumber}`;
      const list = threads.get(key);
      if (list) list.push(c.body);
      else threads.set(key, [c.body]);
    }
  }
  const stored = new Map((await loadStoredEvidence(db, ids, limits)).map((e) => [e.issueId, e]));
  const upserts: EvidenceInsert[] = [];
  const inputs: IssueInputsRow[] = [];
  for (const r of rows) {
    const doc = {
      key: issueKey(r.repo, r.number),
      title: r.title,
      body: r.body,
      comments: threads.get(`${r.repoKey}#${r.number}`) ?? [],
      isPullRequest: r.isPullRequest,
    };
    const textHash = issueTextHash(doc);
    const known = stored.get(r.id);
    if (known && known.textHash === textHash && known.version === PIPELINE_VERSION) continue;
    const evidence = issueEvidence(doc);
    const serialized = serializeEvidence(evidence);
    // New text with the same evidence (a "thanks" comment, an edited sentence) changes nothing
    // downstream: the row stays clean unless a write it needs is still pending.
    const same = known?.link === serialized.link && known.detail === serialized.detail;
    const dirty = !same || known?.dirty === true;
    upserts.push({ issueId: r.id, textHash, version: PIPELINE_VERSION, ...serialized, dirty });
    if (!same) inputs.push({ issueId: r.id, ...issueLinkInputs(evidence) });
  }
  // The link postings change with the evidence, in the same atomic group (see local-link.ts).
  await writeInBatches(database, [
    ...replaceIssueInputsStatements(db, inputs, limits),
    ...upsertEvidenceStatements(db, upserts, limits),
    ...releaseClaimsStatements(db, ids, limits),
  ]);
  return { extracted: upserts.length, unchanged: rows.length - upserts.length };
}
