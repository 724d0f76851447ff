// The join relink (issues 8, 11). Most changes only add links: a new report of a known error joins
// its family. The closure of local-link.ts must still relink every stored cluster such a change
// touches, whole (a family of thousands for one new member), because it cannot tell a change that
// joins clusters from one that may split them. This path can:
//
// 1. The changed features are linked twice, from their postings as they were before the changes
//    (each changed issue's old rows are kept, link_postings_before) and as they are now. Issues
//    whose links through them, the weights their ties record, or the second-pass link they would
//    make differ between the two (A, with the changed issues) are the only ones whose links moved.
// 2. The issues of A are linked both ways over every feature they post (whole postings), links to
//    issues outside A allowed: the links of A as they were and as they are.
// 3. No link of A lost, or the two issues of each lost one still connected by A's new links: every
//    stored cluster stays whole, so the new clusters are the stored ones joined by A's new links. Only the joined clusters' stored rows are read (no evidence, no
//    relink of their members), and they are named and numbered as a whole link would.
//
// It declines (and the closure runs) when a link is lost and its issues come apart, a feature with near partners may be spelled
// differently, a curator rule reaches what changes, a curator split exists at all (a member's stored
// ties leave out those to issues a split moved away, and naming reads all of them), or A outgrows
// its bound.
import type { Database } from "../db/client.js";
import { loadClusterIdsOf } from "../db/queries/cluster-reads.js";
import { loadPostingsOfFeatures, loadVariantsOf } from "../db/queries/link-inputs.js";
import { featuresOwnedBeyond, loadPostingRowsOf, loadSnapshotsOf } from "../db/queries/link-snapshots.js";
import { DEFAULT_LINK_PARAMS } from "../domain/cluster/link-weights.js";
import type { NearIndex } from "../domain/cluster/near-features.js";
import { UnionFind } from "../domain/cluster/union-find.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import { mergePostings, type Spelling } from "./affected-set.js";
import { nearPairsBefore, pairedStats, refuse, spellingsBefore } from "./join-before.js";
import { type BothWays, linkBothWays } from "./join-both-ways.js";
import { movedIssues, type Postings, previousPostings } from "./join-facts.js";
import { joinedClusters } from "./join-groups.js";
import type { LocalLink, LocalLinkOptions } from "./local-link.js";
import { issueKey } from "./recluster-options.js";

export type JoinOutcome = LocalLink | { kind: "decline"; reason: string };

export interface JoinInputs {
  /** The changed issues (extracted again, or their cut rows rewritten), with their evidence. */
  changed: { row: { id: number; repo: string; number: number }; ev: IssueEvidence }[];
  present: Map<string, Spelling>;
  /** Features whose postings changed since the last link. */
  dirtyIds: string[];
  /** Every spelling (variant) of each changed feature, by variant id. */
  variants: Map<string, (Spelling & { id: string })[]>;
  near: NearIndex;
  loosePartners: Map<string, Set<string>>;
  /** The changed issues whose evidence was extracted again (the others' cut rows changed). */
  extracted: ReadonlySet<number>;
  /** Issues carrying any curator rule (its signatures, or named). */
  carriers: Set<number>;
  /**
   * Whether a curator split exists: a member's stored ties leave out those to issues a split moved
   * to another cluster, so stored ties no longer name a cluster as its whole ties would.
   */
  splits: boolean;
  /**
   * Filled with every feature's postings as they are now that the join reads (the changed features,
   * their near partners, the relinked issues' features): when it declines, the closure starts
   * from them instead of reading them again.
   */
  postings?: Postings;
}

const decline = (reason: string): JoinOutcome => ({ kind: "decline", reason });

/** The clusters a change can only join, or why it may do more (then the closure of local-link.ts runs). */
export async function joinLink(database: Database, j: JoinInputs, o: LocalLinkOptions): Promise<JoinOutcome> {
  const { db, limits } = database;
  const params = o.params ?? DEFAULT_LINK_PARAMS;
  const start = await changedFacts(database, j, o);
  if ("reason" in start) return decline(start.reason);
  const { C, storedOfC, snap, nowRows, changedFeatures, variants, keys } = start;
  const spelled = spellingsBefore(j, {
    changedFeatures,
    variants,
    ownedBeyond: await featuresOwnedBeyond(db, changedFeatures, C, limits),
    rowsBefore: snap.rows,
    rowsNow: nowRows,
  });
  if ("reason" in spelled) return decline(spelled.reason);
  const { presentBefore } = spelled;
  const nearBefore = nearPairsBefore(j.near, spelled);

  // 1. The changed features (and their near pairs) as they are and as they were.
  const partners = (f: string) =>
    [...j.near.pairsOf(f), ...nearBefore.pairsOf(f)].map((p) => (p.a === f ? p.b : p.a));
  const now: Postings = j.postings ?? new Map();
  const load = async (ids: string[]) => {
    const missing = [...new Set(ids)].filter((f) => !now.has(f));
    const rows = await loadPostingsOfFeatures(db, missing, limits);
    for (const r of rows) keys.set(r.issueId, issueKey(r.repo, r.number));
    for (const [f, m] of mergePostings(rows)) now.set(f, m);
    for (const f of missing) if (!now.has(f)) now.set(f, new Map());
  };
  await load([...changedFeatures, ...changedFeatures.flatMap(partners)]);
  const before = previousPostings(now, changedFeatures, C, snap.rows, keys);
  const keyOf = (i: number) => keys.get(i) ?? "";
  // The issues extracted again start A. One whose cut rows alone changed (a template that came or
  // went completes its tail line: a common prefix names hundreds for one new template) joins A only
  // if its links through the changed features moved, like any other issue.
  const A = new Set([...C].filter((id) => j.extracted.has(id)));
  const maxJoin = Math.min(o.maxIssues, o.maxJoin ?? o.maxIssues);
  // A only grows: past the bound the join declines, however many features are left to compare.
  const tooMany = () => decline(`${A.size} issues' links may have moved`);
  const then = { postings: before, spelled: presentBefore, near: nearBefore };
  const today = { postings: now, spelled: j.present, near: j.near };
  for (const [x, y] of pairedStats(changedFeatures, then, today)) {
    for (const i of movedIssues(x, y, keyOf, o.corpus, params)) A.add(i);
    if (A.size > maxJoin) return tooMany();
  }
  const clusterable = new Map(j.changed.map((c) => [c.row.id, c.ev.clusterable]));

  // 2. A linked both ways, over every feature its issues post (and their near partners). A link
  // with an issue outside A that differs between the two changes that issue's ties: it joins A.
  const ways: BothWays = {
    changedFeatures,
    load,
    partners,
    now,
    before,
    keyOf,
    present: j.present,
    near: j.near,
    presentBefore,
    nearBefore,
    clusterable,
    corpus: o.corpus,
    params,
  };
  let run = await linkBothWays(database, ways, A);
  for (;;) {
    const outsideMoved = run.movedOutside();
    if (outsideMoved.length === 0) break;
    for (const id of outsideMoved) A.add(id);
    if (A.size > maxJoin) return tooMany();
    run = await linkBothWays(database, ways, A);
  }
  if ([...A].some((id) => j.carriers.has(id))) return decline("an issue whose links moved carries a rule");
  const { linkedNow, idAt, inside, at } = run;
  // A link that goes is harmless while its two issues stay connected through A's links as they are
  // now (when a new report becomes a family's first lead, every member's link moves from the old
  // lead to it): then every stored cluster is still whole, and the new clusters are stored ones
  // joined. Linked only through issues outside A, they may still be connected; this does not look.
  const connected = new UnionFind(idAt.length);
  for (const l of linkedNow.edges) connected.union(l.a, l.b);
  if (run.linkedBefore.edges.some((l) => connected.find(l.a) !== connected.find(l.b)))
    return decline("a link would be lost");

  // 3. Stored clusters joined by the new links.
  return joinedClusters(database, {
    A,
    C,
    storedOfC,
    changed: j.changed,
    dirty: j.extracted,
    carriers: j.carriers,
    clusterable,
    keyOf,
    edges: linkedNow.edges.map((l) => [idAt[l.a] ?? -1, idAt[l.b] ?? -1] as const),
    tiesOf: (id: number) => {
      const i = at.get(id);
      return i === undefined || i >= inside.length ? undefined : (linkedNow.ties.get(i) ?? []);
    },
  });
}

/**
 * The changed issues' stored clusters, their postings before (snapshots) and now, the features whose
 * postings changed and every spelling of those; or why the join cannot take the change.
 */
async function changedFacts(database: Database, j: JoinInputs, o: LocalLinkOptions) {
  const { db, limits } = database;
  const C = new Set(j.changed.map((c) => c.row.id));
  if (C.size === 0) return refuse("no issue changed");
  if (j.splits) return refuse("a curator split exists");
  if (C.size > o.maxIssues) return refuse(`${C.size} issues changed`);
  if ([...C].some((id) => j.carriers.has(id))) return refuse("a changed issue carries a curator rule");
  const storedOfC = new Map((await loadClusterIdsOf(db, [...C], limits)).map((r) => [r.id, r.clusterId]));
  const snap = await loadSnapshotsOf(db, [...C], limits);
  for (const c of j.changed) {
    if (!snap.kept.has(c.row.id) && storedOfC.get(c.row.id)) return refuse("a changed issue has no snapshot");
    // An issue that leaves every cluster may leave a cluster that held only through it.
    if (storedOfC.get(c.row.id) && !c.ev.clusterable) return refuse("a changed issue lost its errors");
  }
  const keys = new Map<number, string>(j.changed.map((c) => [c.row.id, issueKey(c.row.repo, c.row.number)]));
  const nowRows = await loadPostingRowsOf(db, [...C], limits);
  // Every feature whose postings changed: marked ones, and whatever the changed issues post or posted.
  const changedFeatures = [
    ...new Set([...j.dirtyIds, ...nowRows.map((r) => r.featureId), ...snap.rows.map((r) => r.featureId)]),
  ].sort();
  const variants = new Map(j.variants);
  for (const v of await loadVariantsOf(
    db,
    changedFeatures.filter((f) => !variants.has(f)),
    limits,
  ))
    variants.set(v.featureId, [...(variants.get(v.featureId) ?? []), v]);
  return { C, storedOfC, snap, nowRows, changedFeatures, variants, keys };
}
