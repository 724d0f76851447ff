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
import { type FeatureStats, variantBefore } from "../domain/cluster/feature-stats.js";
import { DEFAULT_LINK_PARAMS } from "../domain/cluster/link-weights.js";
import {
  type NearIndex,
  type NearPair,
  type NearPairs,
  nearFeature,
} from "../domain/cluster/near-features.js";
import { UnionFind } from "../domain/cluster/union-find.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import { mergePostings, type Spelling } from "./affected-set.js";
import { type BothWays, linkBothWays } from "./join-both-ways.js";
import { featureStats, movedIssues, type Postings, previousPostings, sameSet } from "./join-facts.js";
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
/** Why a phase of the join cannot take the change (joinLink declines with it). */
const refuse = (reason: string) => ({ reason });

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

interface SpellingsBefore {
  /** Each feature present before the changes, spelled as it was. */
  presentBefore: Map<string, Spelling>;
  /** Changed features no issue posted before the changes. */
  appeared: Set<string>;
  /** Changed features no issue posts now, spelled as they were. */
  vanished: Map<string, Spelling>;
}

/**
 * What each changed feature was called before the changes. A spelling that may have moved, or a
 * template that came or went while near other templates, changes links this path does not follow:
 * then the reason it declines.
 */
function spellingsBefore(
  j: JoinInputs,
  s: {
    changedFeatures: string[];
    variants: Map<string, (Spelling & { id: string })[]>;
    /** Changed features posted before the changes by issues that did not change. */
    ownedBeyond: Set<string>;
    rowsBefore: { featureId: string; variant: string; cut: boolean }[];
    rowsNow: { featureId: string; variant: string; cut: boolean }[];
  },
): SpellingsBefore | { reason: string } {
  const ownVariants = (rows: typeof s.rowsNow, f: string) =>
    new Set(rows.filter((r) => r.featureId === f && !r.cut).map((r) => r.variant));
  const presentBefore = new Map(j.present);
  const appeared = new Set<string>();
  const vanished = new Map<string, Spelling>();
  for (const f of s.changedFeatures) {
    const before = ownVariants(s.rowsBefore, f);
    const now = ownVariants(s.rowsNow, f);
    const was = s.ownedBeyond.has(f) || before.size > 0;
    const is = j.present.has(f);
    const all = s.variants.get(f) ?? [];
    const respelled = all.length > 1 && !sameSet(before, now);
    const hasPartners = j.near.pairsOf(f).length > 0 || (j.loosePartners.get(f)?.size ?? 0) > 0;
    if (respelled && hasPartners) return refuse("a respelled template has near partners");
    // A template that came or went takes its near features with it (a tie through `a ≈ b` that
    // only a vanished `a` held up, between issues that stay linked through `b`): the closure
    // relinks those pairs' issues whole.
    if (hasPartners && was !== is) return refuse("a template with near partners came or went");
    if (was && is && respelled) return refuse("a changed feature may be spelled differently");
    if (!was && is) appeared.add(f);
    if (!was) presentBefore.delete(f);
    else if (!is) {
      const used = all.filter((v) => before.has(v.id));
      const first = used.reduce<(typeof used)[number] | undefined>(
        (a, b) => (!a || variantBefore(b, a) ? b : a),
        undefined,
      );
      if (!first) return refuse("a vanished feature's spelling is unknown");
      const spelling = { template: first.template, spec: first.spec, general: first.general };
      presentBefore.set(f, spelling);
      vanished.set(f, spelling);
    }
  }
  return { presentBefore, appeared, vanished };
}

/**
 * Near pairs as they were: today's without the templates that came, with those of the ones that
 * went (no word's count crossed its cap, or the whole corpus would be linked).
 */
function nearPairsBefore(near: NearIndex, s: SpellingsBefore): NearPairs {
  const { appeared, vanished } = s;
  const pairsOfGone = new Map<string, NearPair[]>();
  for (const [f, spelling] of vanished)
    for (const p of near.pairsFor(f, spelling, vanished, (other) => appeared.has(other)))
      for (const end of [p.a, p.b]) pairsOfGone.set(end, [...(pairsOfGone.get(end) ?? []), p]);
  return {
    pairsOf: (f) => {
      if (appeared.has(f)) return [];
      const own = vanished.has(f)
        ? []
        : near.pairsOf(f).filter((p) => !appeared.has(p.a) && !appeared.has(p.b));
      const unique = new Map([...own, ...(pairsOfGone.get(f) ?? [])].map((p) => [`${p.a}|${p.b}`, p]));
      return [...unique.values()];
    },
  };
}

interface LinkSide {
  postings: Postings;
  spelled: Map<string, Spelling>;
  near: NearPairs;
}

/**
 * The statistics of each changed feature, and of each of its near pairs, as they were and as they
 * are (undefined on the side where it does not exist): the links through them that differ are the
 * ones that moved.
 */
function* pairedStats(
  changedFeatures: string[],
  then: LinkSide,
  today: LinkSide,
): Generator<[FeatureStats | undefined, FeatureStats | undefined]> {
  const statsOf = (side: LinkSide, f: string) => featureStats(side.postings.get(f), side.spelled.get(f));
  for (const f of changedFeatures) yield [statsOf(then, f), statsOf(today, f)];
  const pairsOf = (side: LinkSide) =>
    new Map(changedFeatures.flatMap((f) => side.near.pairsOf(f)).map((p) => [`${p.a}|${p.b}`, p]));
  const pairsThen = pairsOf(then);
  const pairsNow = pairsOf(today);
  const nearStats = (side: LinkSide, pair: NearPair | undefined) => {
    if (!pair) return undefined;
    const a = statsOf(side, pair.a);
    const b = statsOf(side, pair.b);
    return a && b ? nearFeature(pair, a, b)?.[1] : undefined;
  };
  for (const id of new Set([...pairsThen.keys(), ...pairsNow.keys()]))
    yield [nearStats(then, pairsThen.get(id)), nearStats(today, pairsNow.get(id))];
}
