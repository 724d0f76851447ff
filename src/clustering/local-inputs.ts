// What a local relink (local-link.ts) reads and refreshes before it links: the features present,
// the changed issues' evidence and cut rows, curator rules' carriers, and whether a near-feature
// word's count crossed its cap.
import { writeInBatches } from "../db/chunked.js";
import type { Database } from "../db/client.js";
import { loadLinkRowsOf } from "../db/queries/cluster-plan.js";
import {
  loadClusterIdsOf,
  loadClusterMembers,
  loadIssueIdsByKeys,
  loadSignatureTemplates,
  loadStoredAssignments,
  loadUnclusterableOf,
} from "../db/queries/cluster-reads.js";
import {
  type CutRow,
  loadPresentVariants,
  loadSignatureCarrierIds,
  replaceCutPostingsStatements,
} from "../db/queries/link-inputs.js";
import { loadPostingRowsOf } from "../db/queries/link-snapshots.js";
import type { LinkedMember } from "../domain/cluster/cluster-issues.js";
import { cutPostings, templateIndex, variantBefore } from "../domain/cluster/feature-stats.js";
import type { ClusterRule } from "../domain/cluster/index.js";
import { issueSignatures } from "../domain/cluster/issue-signatures.js";
import { MAX_CANDIDATES_PER_WORD, nearWordCounts, nearWords } from "../domain/cluster/near-features.js";
import { EvidenceInterner, restoreLinkEvidence } from "../domain/evidence/compact.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import type { Spelling } from "./affected-set.js";
import type { StoredAssignment } from "./local-link.js";
import { issueKey } from "./recluster-options.js";

type Row = Awaited<ReturnType<typeof loadLinkRowsOf>>[number];

/** Features some issue posts as its own, under the spelling that sorts first. */
export async function presentFeatures(database: Database): Promise<Map<string, Spelling>> {
  const present = new Map<string, Spelling>();
  for (let after = ""; ; ) {
    const page = await loadPresentVariants(database.db, after, 2000);
    if (page.length === 0) break;
    for (const v of page) {
      const prev = present.get(v.featureId);
      if (!prev || variantBefore(v, prev))
        present.set(v.featureId, { template: v.template, spec: v.spec, general: v.general });
    }
    after = page[page.length - 1]?.id ?? after;
  }
  return present;
}

export async function loadEvidenceOf(database: Database, ids: number[]) {
  const interner = new EvidenceInterner();
  const rows = await loadLinkRowsOf(database.db, ids, database.limits);
  return rows.map((row) => ({
    row,
    ev: restoreLinkEvidence(issueKey(row.repo, row.number), row.isPullRequest, row.link, interner),
  }));
}

/**
 * Rewrites the cut rows of the changed issues against today's templates (they mark what moved) and
 * returns the issues whose link inputs changed: every issue extracted again (`extracted`), and the
 * others (whose tail lines may complete a template that came or went) only when their cut rows
 * differ from the stored ones. A common prefix can name hundreds of such issues for one new
 * template, and almost none of them match differently.
 */
export async function refreshCutRows(
  database: Database,
  changed: { row: Row; ev: IssueEvidence }[],
  present: Map<string, Spelling>,
  extracted: ReadonlySet<number>,
) {
  const index = templateIndex(present);
  const rowsOf = new Map<number, CutRow[]>();
  for (const { row, ev } of changed) {
    rowsOf.set(
      row.id,
      cutPostings(ev, index).map((p) => ({ ...p, issueId: row.id })),
    );
  }
  const others = changed.map((c) => c.row.id).filter((id) => !extracted.has(id));
  const stored = new Map<number, CutRow[]>();
  for (const r of await loadPostingRowsOf(database.db, others, database.limits))
    if (r.cut) stored.set(r.issueId, [...(stored.get(r.issueId) ?? []), r]);
  const canon = (rows: CutRow[] = []) =>
    rows
      .map((r) => `${r.featureId}:${r.quality}:${r.lead ? 1 : 0}`)
      .sort()
      .join(" ");
  const moved = changed.filter(
    (c) => extracted.has(c.row.id) || canon(rowsOf.get(c.row.id)) !== canon(stored.get(c.row.id)),
  );
  const ids = moved.map((c) => c.row.id);
  const rows = ids.flatMap((id) => rowsOf.get(id) ?? []);
  await writeInBatches(database, replaceCutPostingsStatements(database.db, ids, rows, database.limits));
  return moved;
}

/** The signatures a curator rule names that each issue carries, as stored (issue id → signature ids). */
export async function loadRuleSignatureCarriers(
  database: Database,
  rules: ClusterRule[],
): Promise<Map<number, Set<string>>> {
  const sigIds = [...new Set(rules.flatMap((r) => r.signatureIds))];
  const carried = new Map<number, Set<string>>();
  for (const r of await loadSignatureCarrierIds(database.db, sigIds, database.limits)) {
    const set = carried.get(r.id);
    if (set) set.add(r.signatureId);
    else carried.set(r.id, new Set([r.signatureId]));
  }
  return carried;
}

/**
 * Curator rules with the issues carrying each: stored signatures (`carried`, from
 * loadRuleSignatureCarriers), named issues, changed issues' new lines.
 */
export async function ruleCarriers(
  database: Database,
  rules: ClusterRule[],
  changed: { row: Row; ev: IssueEvidence }[],
  carried: ReadonlyMap<number, ReadonlySet<string>>,
) {
  const { db, limits } = database;
  const fresh = changed.map(({ row, ev }) => {
    const m = issueSignatures(ev);
    return { id: row.id, sigs: new Set([m.primary, ...m.secondary].flatMap((s) => (s ? [s.id] : []))) };
  });
  const byKey = await loadIssueIdsByKeys(db, [...new Set(rules.flatMap((r) => r.issueKeys ?? []))], limits);
  const out: { carriers: Set<number>; touched: boolean }[] = [];
  for (const rule of rules) {
    const carriers = new Set<number>((rule.issueKeys ?? []).flatMap((k) => byKey.get(k) ?? []));
    for (const [id, sigs] of carried) if (rule.signatureIds.some((s) => sigs.has(s))) carriers.add(id);
    for (const f of fresh) if (rule.signatureIds.some((s) => f.sigs.has(s))) carriers.add(f.id);
    out.push({ carriers, touched: false });
  }
  return out;
}

/**
 * A word's count of near candidates may have crossed its cap, which changes the near pairs of
 * features no change touched. A feature's count moved only if it appeared or vanished (exactly
 * known) or, spelled several ways, changed spelling (counted as either).
 */
export function capCrossed(
  present: Map<string, Spelling>,
  dirty: { featureId: string; wasPresent: boolean }[],
  spellings: Map<string, Spelling[]>,
): boolean {
  const counts = nearWordCounts(present.values());
  const delta = new Map<string, number>();
  const unsure = new Map<string, number>();
  const countable = (s: Spelling | undefined) =>
    s && !s.general ? nearWords(s.template) : new Set<string>();
  for (const d of dirty) {
    const list = spellings.get(d.featureId) ?? [];
    if (list.length > 1) {
      for (const w of new Set(list.flatMap((s) => [...countable(s)])))
        unsure.set(w, (unsure.get(w) ?? 0) + 1);
      continue;
    }
    const now = present.has(d.featureId) ? 1 : 0;
    if (now === (d.wasPresent ? 1 : 0)) continue;
    const words = countable(list[0]);
    if (words.size < 3) continue;
    for (const w of words) delta.set(w, (delta.get(w) ?? 0) + now - (d.wasPresent ? 1 : 0));
  }
  const cap = MAX_CANDIDATES_PER_WORD;
  for (const w of new Set([...delta.keys(), ...unsure.keys()])) {
    const now = counts.get(w) ?? 0;
    const before = now - (delta.get(w) ?? 0);
    const u = unsure.get(w) ?? 0;
    if (before - u > cap !== now > cap || before + u > cap !== now > cap) return true;
  }
  return false;
}

/** A stored assignment with its primary signature's template (naming reads it). */
export type StoredMember = StoredAssignment & { primary: { id: string; template: string } | null };

/**
 * The stored assignments of every member of these clusters and of these other issues, without
 * reading any issue's evidence or wide row: members side by side from `issues_cluster_cover`, the
 * others (in no cluster: few) by id. `dirty`: the issues extracted again since the last link.
 */
export async function loadStoredMembers(
  database: Database,
  clusterIds: string[],
  others: number[],
  dirty: ReadonlySet<number>,
): Promise<StoredMember[]> {
  const { db, limits } = database;
  const rows = await loadClusterMembers(db, clusterIds, limits);
  const seen = new Set(rows.map((r) => r.id));
  rows.push(
    ...(await loadStoredAssignments(
      db,
      [...new Set(others)].filter((id) => !seen.has(id)),
      limits,
    )),
  );
  const primaries = [...new Set(rows.flatMap((r) => (r.primarySignatureId ? [r.primarySignatureId] : [])))];
  const templates = await loadSignatureTemplates(db, primaries, limits);
  return rows.map((r) => ({
    ...r,
    dirty: dirty.has(r.id),
    primary: r.primarySignatureId
      ? { id: r.primarySignatureId, template: templates.get(r.primarySignatureId) ?? "" }
      : null,
  }));
}

/** A member of a local relink: what linking and naming need of it, and its stored assignment. */
export interface RelinkMember extends LinkedMember {
  row: StoredAssignment;
  clusterable: boolean;
}

/**
 * The members of a local relink over S, sorted by key: the changed issues from their evidence (read
 * already), every other one from its stored assignment. Its evidence did not change since the last
 * link, so neither did its primary signature, its signatures a curator rule names (stored), or
 * whether it can be linked; linking itself reads postings, not evidence. At 100k issues an edit
 * that ties two families relinks 6.3k issues: their evidence and wide rows were 12k page reads.
 */
export async function relinkMembers(
  database: Database,
  S: ReadonlySet<number>,
  changed: { row: Row; ev: IssueEvidence }[],
  carried: ReadonlyMap<number, ReadonlySet<string>>,
): Promise<RelinkMember[]> {
  const { db, limits } = database;
  const fresh = new Map(changed.filter((c) => S.has(c.row.id)).map((c) => [c.row.id, c]));
  const rest = [...S].filter((id) => !fresh.has(id));
  const clusterIds = new Set<string>();
  for (const r of await loadClusterIdsOf(db, rest, limits)) if (r.clusterId) clusterIds.add(r.clusterId);
  const stored = (await loadStoredMembers(database, [...clusterIds], rest, new Set())).filter(
    (r) => S.has(r.id) && !fresh.has(r.id),
  );
  const unclusterable = await loadUnclusterableOf(
    db,
    stored.map((r) => r.id),
    limits,
  );
  const members: RelinkMember[] = [...fresh.values()].map(({ row, ev }) => {
    const m = issueSignatures(ev);
    return {
      key: ev.key,
      row,
      clusterable: ev.clusterable,
      primary: m.primary,
      carried: new Set([m.primary, ...m.secondary].flatMap((x) => (x ? [x.id] : []))),
    };
  });
  for (const r of stored)
    members.push({
      key: issueKey(r.repo, r.number),
      row: r,
      clusterable: !unclusterable.has(r.id),
      primary: r.primary,
      carried: new Set(carried.get(r.id)),
    });
  return members.sort((a, b) => a.key.localeCompare(b.key));
}
