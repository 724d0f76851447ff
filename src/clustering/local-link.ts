// The local relink (issues 8, 11): after a change, link only the issues it can affect, from the link
// postings kept per feature (src/db/queries/link-inputs.ts), and leave every other issue as stored.
//
// Exactness. An issue keeps its stored cluster unless a tie of it may have appeared or gone. A tie
// comes from a feature shared by two issues, weighing at most maxPairWeight(df) × both qualities,
// so through a feature only issues of quality ≥ threshold / (weight × best quality) can be tied. The
// affected set S starts with the changed issues C and grows until closed: every issue that could
// be tied through a feature of an issue in S (features whose postings changed are bounded with the
// df they may have had before: df − |C|, and best quality 1), near pairs of those features (both
// as they are and as they may have been), the whole stored clusters of issues in S, and every
// carrier of a curator rule that an issue in S carries. Within S the passes of `linkFeatures` run
// over each feature's *whole* postings (df and head are the corpus's); a link that would reach an
// issue outside S means the closure missed something, and the whole corpus is linked instead.

import type { Database } from "../db/client.js";
import { loadClusterPage, type loadLinkRowsOf } from "../db/queries/cluster-plan.js";
import {
  issuesWithTailsOf,
  loadDirtyFeatures,
  loadDirtyIssueIds,
  loadVariantsOf,
} from "../db/queries/link-inputs.js";
import { groupLinked } from "../domain/cluster/cluster-issues.js";
import type { ClusterRule, ClusterSummary, IssueAssignment } from "../domain/cluster/index.js";
import { linkFeatures } from "../domain/cluster/link.js";
import type { LinkParams } from "../domain/cluster/link-weights.js";
import { looseNearPartners, NearIndex } from "../domain/cluster/near-features.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import { type Closure, closeAffectedSet, type Spelling } from "./affected-set.js";
import type { Postings } from "./join-facts.js";
import { joinLink } from "./join-link.js";
import {
  capCrossed,
  loadEvidenceOf,
  loadRuleSignatureCarriers,
  presentFeatures,
  refreshCutRows,
  relinkMembers,
  ruleCarriers,
} from "./local-inputs.js";
import { localStats } from "./local-stats.js";

type Row = Awaited<ReturnType<typeof loadLinkRowsOf>>[number];

/** A stored assignment as the plan compares it. */
export type StoredAssignment = Pick<
  Row,
  "id" | "repo" | "number" | "clusterId" | "primarySignatureId" | "ties" | "dirty"
>;

/** An assignment as the plan needs it (a `ClusterResult`'s, or one the join relink builds). */
export type PlannedAssignment = Pick<IssueAssignment, "key" | "clusterId" | "ties"> & {
  primary: { id: string } | null;
};

export type LocalLink =
  | { kind: "full"; reason: string }
  | {
      kind: "local";
      result: { assignments: PlannedAssignment[]; clusters: ClusterSummary[] };
      rows: StoredAssignment[];
      /** Stored clusters of the affected issues: the only ones the result may change or remove. */
      clusterIds: Set<string>;
      /** How it was linked, for the step's summary. */
      linked: string;
    };

export interface LocalLinkOptions {
  rules: ClusterRule[];
  corpus: number;
  /** The most issues a local relink may touch before the whole corpus is linked instead. */
  maxIssues: number;
  /**
   * The most issues the join relink may relink before it declines to the closure: its two links of
   * every feature those issues post, repeated while outside links move, cost far more an issue than
   * the closure's one (at 100k under the load suite's title edits, 7,336 issues took 31.5 s and
   * 818 MB of heap, against 6.5 s for linking everything).
   */
  maxJoin?: number;
  params?: LinkParams;
}

const full = (reason: string): LocalLink => ({ kind: "full", reason });

/**
 * Relinks only the issues the changes since the last link can affect, or says why the whole corpus
 * must be linked instead. Writes the changed issues' cut rows on the way (they are link inputs).
 */
export async function localLink(database: Database, o: LocalLinkOptions): Promise<LocalLink> {
  const { db, limits } = database;
  const changed0 = await loadDirtyIssueIds(db);
  if (changed0.length > o.maxIssues) return full(`${changed0.length} issues changed`);
  const present = await presentFeatures(database);
  let dirtyRows = await loadDirtyFeatures(db);
  const spellingsOf = async (ids: string[]) => {
    const out = new Map<string, (Spelling & { id: string })[]>();
    for (const v of await loadVariantsOf(db, ids, limits))
      out.set(v.featureId, [...(out.get(v.featureId) ?? []), v]);
    return out;
  };
  let spellings = await spellingsOf(dirtyRows.map((r) => r.featureId));
  // Templates that may have come or gone: a feature that appeared or vanished, or one spelled
  // several ways (which spelling it goes by may have changed).
  const moved = dirtyRows.filter(
    (r) => r.wasPresent !== present.has(r.featureId) || (spellings.get(r.featureId)?.length ?? 0) > 1,
  );
  const tails = await issuesWithTailsOf(db, [
    ...new Set(moved.flatMap((r) => (spellings.get(r.featureId) ?? []).map((s) => s.template))),
  ]);
  const candidates = [...new Set([...changed0, ...tails])];
  if (candidates.length > o.maxIssues) return full(`${candidates.length} issues changed`);
  const changed = await refreshCutRows(
    database,
    await loadEvidenceOf(database, candidates),
    present,
    new Set(changed0),
  );
  const changedIds = changed.map((c) => c.row.id);
  dirtyRows = await loadDirtyFeatures(db);
  const dirtyIds = dirtyRows.map((r) => r.featureId);
  spellings = await spellingsOf(dirtyIds);
  if (capCrossed(present, dirtyRows, spellings)) return full("a near-feature word crossed its cap");
  const near = new NearIndex(present);
  const loosePartners = new Map<string, Set<string>>();
  for (const [f, list] of spellings) loosePartners.set(f, looseNearPartners(list, present));
  // A partner found loosely may have been near the changed feature: it looks back too.
  for (const [f, set] of [...loosePartners])
    for (const g of set) loosePartners.set(g, new Set([...(loosePartners.get(g) ?? []), f]));
  const dirty = new Map([...spellings].map(([f, list]) => [f, Math.max(0, ...list.map((s) => s.spec))]));
  for (const f of dirtyIds) if (!dirty.has(f)) dirty.set(f, present.get(f)?.spec ?? 0);
  // Read once: the closure's carriers and the relink's members both need them.
  const carried = await loadRuleSignatureCarriers(database, o.rules);
  const rules = await ruleCarriers(database, o.rules, changed, carried);
  const postings: Postings = new Map();
  const joined = await joinLink(
    database,
    {
      changed,
      present,
      dirtyIds,
      variants: spellings,
      near,
      loosePartners,
      carriers: new Set(rules.flatMap((r) => [...r.carriers])),
      splits: o.rules.some((r) => r.kind === "split"),
      extracted: new Set(changed0),
      postings,
    },
    o,
  );
  if (joined.kind !== "decline") return joined;
  const closure = await closeAffectedSet(
    database,
    {
      start: changedIds,
      dirty,
      changedCount: changedIds.length,
      present,
      near,
      loosePartners,
      rules,
      loaded: postings,
    },
    o,
  );
  if (!closure) return full(`more than ${o.maxIssues} issues affected; no join: ${joined.reason}`);
  const relinked = await relink(database, { closure, changed, carried }, present, near, o);
  return relinked.kind === "local"
    ? { ...relinked, linked: `${relinked.linked} (no join: ${joined.reason})` }
    : relinked;
}

async function relink(
  database: Database,
  {
    closure,
    changed,
    carried,
  }: {
    closure: Closure;
    changed: { row: Row; ev: IssueEvidence }[];
    carried: ReadonlyMap<number, ReadonlySet<string>>;
  },
  present: Map<string, Spelling>,
  near: NearIndex,
  o: LocalLinkOptions,
): Promise<LocalLink> {
  const members = await relinkMembers(database, closure.S, changed, carried);
  const at = new Map(members.map((m, i) => [m.row.id, i]));
  const outsideKeys: string[] = [];
  const outsideAt = new Map<number, number>();
  const indexOf = (issueId: number, key: string) => {
    const inside = at.get(issueId);
    if (inside !== undefined) return inside;
    let i = outsideAt.get(issueId);
    if (i === undefined) {
      i = members.length + outsideKeys.length;
      outsideAt.set(issueId, i);
      outsideKeys.push(key);
    }
    return i;
  };
  const stats = localStats(closure, present, near, indexOf, (id) => at.has(id));
  const linked = linkFeatures(
    stats,
    {
      inside: members.length,
      size: members.length + outsideKeys.length,
      keyOf: (i) => (i < members.length ? (members[i]?.key ?? "") : (outsideKeys[i - members.length] ?? "")),
      clusterable: (i) => members[i]?.clusterable === true,
      corpus: o.corpus,
    },
    o.params,
  );
  if (linked.escaped) return full("a link reached an issue outside the affected set");
  const rows = members.map((m) => m.row);
  const clusterIds = new Set(rows.flatMap((r) => (r.clusterId === null ? [] : [r.clusterId])));
  const previous = new Map(
    members.flatMap((m) => (m.row.clusterId ? [[m.key, m.row.clusterId] as const] : [])),
  );
  const reserved = new Set<string>();
  for (let after = ""; ; ) {
    const page = await loadClusterPage(database.db, after, 2000);
    if (page.length === 0) break;
    for (const c of page) if (!clusterIds.has(c.id)) reserved.add(c.id);
    after = page[page.length - 1]?.id ?? after;
  }
  const result = groupLinked(members, linked, o.rules, previous, reserved);
  return { kind: "local", result, rows, clusterIds, linked: `${rows.length} issues` };
}
