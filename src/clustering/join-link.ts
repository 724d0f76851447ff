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
// 3. No link of A lost: every stored cluster keeps all its links, so the new clusters are the stored
//    ones joined by A's new links. Only the joined clusters' stored rows are read (no evidence, no
//    relink of their members), and they are named and numbered as a whole link would.
//
// It declines (and the closure runs) when a link is lost, a feature with near partners may be spelled
// differently, a curator rule reaches what changes, a curator split exists at all (a member's stored
// ties leave out those to issues a split moved away, and naming reads all of them), or A outgrows
// its bound.
import type { Database } from "../db/client.js";
import {
  loadAssignmentRowsOf,
  loadAssignmentRowsOfClusters,
  loadClusterIdsOf,
  loadClusterPage,
} from "../db/queries/cluster-plan.js";
import {
  featuresOwnedBeyond,
  loadPostingRowsOf,
  loadPostingsOfFeatures,
  loadPostingsOfIssues,
  loadSnapshotsOf,
  loadVariantsOf,
} from "../db/queries/link-inputs.js";
import { nameGroups } from "../domain/cluster/cluster-issues.js";
import type { Group } from "../domain/cluster/groups.js";
import { issueSignatures } from "../domain/cluster/issue-signatures.js";
import {
  DEFAULT_LINK_PARAMS,
  type FeatureStats,
  type Link,
  type LinkParams,
  leadsInOrder,
  linkFeatures,
  type Posting,
  pairWeight,
  tieWeight,
  variantBefore,
} from "../domain/cluster/link.js";
import {
  type NearIndex,
  type NearPair,
  type NearPairs,
  nearFeature,
} from "../domain/cluster/near-features.js";
import type { ClusterTie } from "../domain/cluster/types.js";
import type { IssueEvidence } from "../domain/evidence/issue-evidence.js";
import { mergePostings, type PostingRow, type Spelling } from "./affected-set.js";
import type { LocalLink, LocalLinkOptions, PlannedAssignment, StoredAssignment } from "./local-link.js";
import { localStats } from "./local-stats.js";
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
}

type Postings = Map<string, Map<number, PostingRow>>;

const decline = (reason: string): JoinOutcome => ({ kind: "decline", reason });

/** The clusters a change can only join, or why it may do more (then the closure of local-link.ts runs). */
export async function joinLink(database: Database, j: JoinInputs, o: LocalLinkOptions): Promise<JoinOutcome> {
  const { db, limits } = database;
  const params = o.params ?? DEFAULT_LINK_PARAMS;
  const C = new Set(j.changed.map((c) => c.row.id));
  if (C.size === 0) return decline("no issue changed");
  if (j.splits) return decline("a curator split exists");
  if (C.size > o.maxIssues) return decline(`${C.size} issues changed`);
  if ([...C].some((id) => j.carriers.has(id))) return decline("a changed issue carries a curator rule");
  const storedOfC = new Map((await loadClusterIdsOf(db, [...C], limits)).map((r) => [r.id, r.clusterId]));
  const snap = await loadSnapshotsOf(db, [...C], limits);
  for (const c of j.changed) {
    if (!snap.kept.has(c.row.id) && storedOfC.get(c.row.id))
      return decline("a changed issue has no snapshot");
    // An issue that leaves every cluster may leave a cluster that held only through it.
    if (storedOfC.get(c.row.id) && !c.ev.clusterable) return decline("a changed issue lost its errors");
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

  // What each changed feature was called before: a spelling that may have moved, or a template that
  // came or went while near other templates, changes links this path does not follow.
  const ownedBeyond = await featuresOwnedBeyond(db, changedFeatures, C, limits);
  const ownVariants = (rows: typeof nowRows, f: string) =>
    new Set(rows.filter((r) => r.featureId === f && !r.cut).map((r) => r.variant));
  const presentBefore = new Map(j.present);
  const appeared = new Set<string>();
  const vanished = new Set<string>();
  for (const f of changedFeatures) {
    const before = ownVariants(snap.rows, f);
    const now = ownVariants(nowRows, f);
    const was = ownedBeyond.has(f) || before.size > 0;
    const is = j.present.has(f);
    const all = variants.get(f) ?? [];
    const respelled = all.length > 1 && !sameSet(before, now);
    const hasPartners = j.near.pairsOf(f).length > 0 || (j.loosePartners.get(f)?.size ?? 0) > 0;
    if (respelled && hasPartners) return decline("a respelled template has near partners");
    if (was && is && respelled) return decline("a changed feature may be spelled differently");
    if (!was && is) appeared.add(f);
    if (!was) presentBefore.delete(f);
    else if (!is) {
      vanished.add(f);
      const used = all.filter((v) => before.has(v.id));
      const first = used.reduce<(typeof used)[number] | undefined>(
        (a, b) => (!a || variantBefore(b, a) ? b : a),
        undefined,
      );
      if (!first) return decline("a vanished feature's spelling is unknown");
      presentBefore.set(f, { template: first.template, spec: first.spec, general: first.general });
    }
  }

  // Near pairs as they were: today's without the templates that came, with those of the ones that
  // went (no word's count crossed its cap, or the whole corpus would be linked).
  const gone = new Map([...vanished].map((f) => [f, presentBefore.get(f) as Spelling]));
  const pairsOfGone = new Map<string, NearPair[]>();
  for (const [f, spelling] of gone)
    for (const p of j.near.pairsFor(f, spelling, gone, (other) => appeared.has(other)))
      for (const end of [p.a, p.b]) pairsOfGone.set(end, [...(pairsOfGone.get(end) ?? []), p]);
  const nearBefore: NearPairs = {
    pairsOf: (f) => {
      if (appeared.has(f)) return [];
      const own = vanished.has(f)
        ? []
        : j.near.pairsOf(f).filter((p) => !appeared.has(p.a) && !appeared.has(p.b));
      const unique = new Map([...own, ...(pairsOfGone.get(f) ?? [])].map((p) => [`${p.a}|${p.b}`, p]));
      return [...unique.values()];
    },
  };

  // 1. The changed features (and their near pairs) as they are and as they were.
  const partners = (f: string) =>
    [...j.near.pairsOf(f), ...nearBefore.pairsOf(f)].map((p) => (p.a === f ? p.b : p.a));
  const now: Postings = new Map();
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
  const statsOf = (postings: Postings, spelled: Map<string, Spelling>, f: string) =>
    featureStats(postings.get(f), spelled.get(f));
  const compare = (x: FeatureStats | undefined, y: FeatureStats | undefined) => {
    for (const i of movedIssues(x, y, keyOf, o.corpus, params)) A.add(i);
  };
  for (const f of changedFeatures) compare(statsOf(before, presentBefore, f), statsOf(now, j.present, f));
  // Each near pair of a changed feature, as it was (if it was) and as it is (if it is).
  const pairsThen = new Map(
    changedFeatures.flatMap((f) => nearBefore.pairsOf(f)).map((p) => [`${p.a}|${p.b}`, p]),
  );
  const pairsNow = new Map(
    changedFeatures.flatMap((f) => j.near.pairsOf(f)).map((p) => [`${p.a}|${p.b}`, p]),
  );
  const nearStats = (pair: NearPair | undefined, postings: Postings, spelled: Map<string, Spelling>) => {
    if (!pair) return undefined;
    const a = statsOf(postings, spelled, pair.a);
    const b = statsOf(postings, spelled, pair.b);
    return a && b ? nearFeature(pair, a, b)?.[1] : undefined;
  };
  for (const id of new Set([...pairsThen.keys(), ...pairsNow.keys()]))
    compare(nearStats(pairsThen.get(id), before, presentBefore), nearStats(pairsNow.get(id), now, j.present));
  if (A.size > o.maxIssues) return decline(`${A.size} issues' links may have moved`);
  const clusterable = new Map(j.changed.map((c) => [c.row.id, c.ev.clusterable]));

  // 2. A linked both ways, over every feature its issues post (and their near partners). A link
  // with an issue outside A that differs between the two changes that issue's ties: it joins A.
  const beforeOf = new Map<string, Map<number, PostingRow>>();
  for (const f of changedFeatures) beforeOf.set(f, before.get(f) ?? new Map());
  let run = await linkBothWays(A);
  for (;;) {
    const outsideMoved = run.movedOutside();
    if (outsideMoved.length === 0) break;
    for (const id of outsideMoved) A.add(id);
    if (A.size > o.maxIssues) return decline(`${A.size} issues' links may have moved`);
    run = await linkBothWays(A);
  }
  if ([...A].some((id) => j.carriers.has(id))) return decline("an issue whose links moved carries a rule");
  const { linkedNow, idAt, inside, pairKey } = run;
  if (run.linkedBefore.edges.some((e) => !run.pairsNow.has(pairKey(e))))
    return decline("a link would be lost");

  async function linkBothWays(A: Set<number>) {
    const features = new Set(changedFeatures);
    for (const r of await loadPostingsOfIssues(db, [...A], limits)) features.add(r.featureId);
    await load([...features]);
    await load([...features].flatMap(partners));
    const beforeAll: Postings = new Map(now);
    for (const [f, m] of beforeOf) beforeAll.set(f, m);
    const inside = [...A].sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
    const at = new Map(inside.map((id, i) => [id, i]));
    const idAt: number[] = [...inside];
    const indexOf = (issueId: number) => {
      let i = at.get(issueId);
      if (i === undefined) {
        i = idAt.length;
        at.set(issueId, i);
        idAt.push(issueId);
      }
      return i;
    };
    const inA = (id: number) => A.has(id);
    const statsNow = localStats({ S: A, postings: now }, j.present, j.near, indexOf, inA);
    const statsBefore = localStats({ S: A, postings: beforeAll }, presentBefore, nearBefore, indexOf, inA);
    const universe = {
      inside: inside.length,
      size: idAt.length,
      keyOf: (i: number) => keyOf(idAt[i] ?? -1),
      clusterable: (i: number) => clusterable.get(idAt[i] ?? -1) ?? true,
      corpus: o.corpus,
      outside: "record" as const,
    };
    const linkedNow = linkFeatures(statsNow, universe, params);
    const linkedBefore = linkFeatures(statsBefore, universe, params);
    const pairKey = (l: Link) => {
      const x = idAt[l.a] ?? -1;
      const y = idAt[l.b] ?? -1;
      return x < y ? `${x}|${y}` : `${y}|${x}`;
    };
    const tieKey = (l: Link) => `${pairKey(l)}|${l.tie.featureId}|${l.tie.weight}`;
    const outsideLinks = (links: Link[]) => links.filter((l) => l.a >= inside.length || l.b >= inside.length);
    const movedOutside = () => {
      // Outside issues that may make a second-pass link to one inside: relinked with A.
      const linkers = [...linkedNow.linkersFromOutside, ...linkedBefore.linkersFromOutside];
      const now = new Set(outsideLinks(linkedNow.edges).map(tieKey));
      const was = new Set(outsideLinks(linkedBefore.edges).map(tieKey));
      const out = new Set<number>(linkers.map((i) => idAt[i] ?? -1));
      for (const [list, other] of [
        [linkedNow.edges, was],
        [linkedBefore.edges, now],
      ] as const)
        for (const l of outsideLinks(list))
          if (!other.has(tieKey(l))) out.add(idAt[l.a >= inside.length ? l.a : l.b] ?? -1);
      return [...out];
    };
    return {
      linkedNow,
      linkedBefore,
      idAt,
      inside,
      pairKey,
      pairsNow: new Set(linkedNow.edges.map(pairKey)),
      movedOutside,
    };
  }

  // 3. Stored clusters joined by the new links.
  const endpoints = new Set(linkedNow.edges.flatMap((l) => [idAt[l.a] ?? -1, idAt[l.b] ?? -1]));
  for (const id of A) endpoints.add(id);
  const storedCluster = new Map(
    (await loadClusterIdsOf(db, [...endpoints], limits)).map((r) => [r.id, r.clusterId]),
  );
  for (const id of C) storedCluster.set(id, storedOfC.get(id) ?? null);
  const nodeOf = (id: number): string | null => {
    const c = storedCluster.get(id);
    if (c) return `c:${c}`;
    return (clusterable.get(id) ?? true) ? `i:${id}` : null;
  };
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r) ?? r;
    parent.set(x, r);
    return r;
  };
  const union = (x: string, y: string) => {
    const rx = find(x);
    const ry = find(y);
    // The smaller node name is the root: which one does not matter, only that it is fixed.
    if (rx < ry) parent.set(ry, rx);
    else if (ry < rx) parent.set(rx, ry);
  };
  for (const id of A) {
    const n = nodeOf(id);
    if (n) find(n);
  }
  for (const l of linkedNow.edges) {
    const x = nodeOf(idAt[l.a] ?? -1);
    const y = nodeOf(idAt[l.b] ?? -1);
    if (x && y) union(x, y);
  }
  const roots = new Set([...A].flatMap((id) => nodeOf(id) ?? []).map(find));
  const involved = [...parent.keys()].filter((n) => roots.has(find(n)));
  const clusterIds = new Set(involved.filter((n) => n.startsWith("c:")).map((n) => n.slice(2)));
  const carrierClusters = await loadClusterIdsOf(db, [...j.carriers], limits);
  if (carrierClusters.some((r) => r.clusterId && clusterIds.has(r.clusterId)))
    return decline("a joined cluster carries a curator rule");

  // Their stored rows, A's new ties and the changed issues' new signatures: named and numbered.
  const rows = await loadAssignmentRowsOfClusters(db, [...clusterIds], limits);
  const seen = new Set(rows.map((r) => r.id));
  const outsideRows = await loadAssignmentRowsOf(
    db,
    [...A].filter((id) => !seen.has(id)),
    limits,
  );
  const allRows = [...rows, ...outsideRows];
  const fresh = new Map(j.changed.map((c) => [c.row.id, issueSignatures(c.ev).primary]));
  const primaries = new Map<string, { id: string; template: string } | null>();
  const ties = new Map<string, ClusterTie[]>();
  for (const r of [...rows, ...outsideRows]) {
    const key = issueKey(r.repo, r.number);
    const p = fresh.has(r.id)
      ? (fresh.get(r.id) ?? null)
      : r.primarySignatureId
        ? { id: r.primarySignatureId, template: r.primaryTemplate ?? "" }
        : null;
    primaries.set(key, p);
    if (!A.has(r.id)) ties.set(key, parseTies(r.ties));
  }
  inside.forEach((id, i) => {
    const list = linkedNow.ties.get(i) ?? [];
    ties.set(
      keyOf(id),
      list.map((t) => ({ template: t.template, weight: t.weight, other: t.other })),
    );
  });
  const members = new Map<string, Set<string>>();
  for (const n of involved) {
    const root = find(n);
    if (!members.has(root)) members.set(root, new Set());
  }
  for (const r of rows) {
    const root = find(`c:${r.clusterId}`);
    members.get(root)?.add(issueKey(r.repo, r.number));
  }
  for (const id of A) {
    const n = nodeOf(id);
    if (n?.startsWith("i:")) members.get(find(n))?.add(keyOf(id));
  }
  const groups: Group[] = [...members.values()].map((m) => ({ members: m }));
  const previous = new Map(
    rows.flatMap((r) => (r.clusterId ? [[issueKey(r.repo, r.number), r.clusterId]] : [])),
  );
  const reserved = new Set<string>();
  for (let after = ""; ; ) {
    const page = await loadClusterPage(db, after, 2000);
    if (page.length === 0) break;
    for (const c of page) if (!clusterIds.has(c.id)) reserved.add(c.id);
    after = page[page.length - 1]?.id ?? after;
  }
  const named = nameGroups(groups, (k) => primaries.get(k), ties, previous, reserved);
  const clusterOf = new Map<string, string>();
  groups.forEach((g, i) => {
    for (const k of g.members) clusterOf.set(k, named.ids[i] ?? "");
  });
  const assignments: PlannedAssignment[] = allRows.map((r) => {
    const key = issueKey(r.repo, r.number);
    const clusterId = clusterOf.get(key) ?? null;
    return {
      key,
      primary: primaries.get(key) ?? null,
      clusterId,
      ties: (ties.get(key) ?? []).filter((t) => clusterOf.get(t.other) === clusterId),
    };
  });
  return {
    kind: "local",
    result: { assignments, clusters: named.clusters },
    rows: allRows satisfies StoredAssignment[],
    clusterIds,
    linked: `joined: ${A.size} relinked, ${allRows.length} read`,
  };
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function parseTies(text: string): ClusterTie[] {
  try {
    const parsed = JSON.parse(text) as unknown;
    return Array.isArray(parsed) ? (parsed as ClusterTie[]) : [];
  } catch {
    return [];
  }
}

/** The changed features' postings before the changes: today's, the changed issues' rows swapped for their old ones. */
function previousPostings(
  now: Postings,
  dirtyIds: string[],
  changed: Set<number>,
  old: { featureId: string; issueId: number; quality: number; lead: boolean; whole: boolean }[],
  keys: Map<number, string>,
): Postings {
  const out: Postings = new Map();
  for (const f of dirtyIds) {
    const m = new Map<number, PostingRow>();
    for (const [i, p] of now.get(f) ?? []) if (!changed.has(i)) m.set(i, p);
    out.set(f, m);
  }
  const olds = mergePostings(
    old
      .filter((r) => out.has(r.featureId))
      .map((r) => {
        const key = keys.get(r.issueId) ?? "";
        const at = key.lastIndexOf("#");
        return { ...r, repo: key.slice(0, at), number: Number(key.slice(at + 1)) };
      }),
  );
  for (const [f, m] of olds) {
    const target = out.get(f);
    if (target) for (const [i, p] of m) target.set(i, p);
  }
  return out;
}

/** One feature's postings as linking reads them (issue = the issue's id), or none when not present. */
function featureStats(
  postings: Map<number, PostingRow> | undefined,
  spelling: Spelling | undefined,
): FeatureStats | undefined {
  if (!spelling || !postings || postings.size === 0) return undefined;
  const list: Posting[] = [...postings.values()].map((p) => ({
    issue: p.issueId,
    quality: p.quality,
    lead: p.lead,
    whole: p.whole,
  }));
  return { template: spelling.template, spec: spelling.spec, general: spelling.general, postings: list };
}

/**
 * The issues whose links through one feature differ between two versions of it: a first-pass link
 * made or lost, or a tie recorded with another weight (both ends), and a second-pass candidate
 * changed for an issue not tied through it both times (only a lone issue makes one).
 */
export function movedIssues(
  before: FeatureStats | undefined,
  after: FeatureStats | undefined,
  keyOf: (issue: number) => string,
  corpus: number,
  params: LinkParams,
): Set<number> {
  const x = featureLinks(before, keyOf, corpus, params);
  const y = featureLinks(after, keyOf, corpus, params);
  const out = new Set<number>();
  for (const [pair, w] of x.links) if (y.links.get(pair) !== w) for (const i of pair.split("|")) out.add(+i);
  for (const [pair, w] of y.links) if (x.links.get(pair) !== w) for (const i of pair.split("|")) out.add(+i);
  for (const i of new Set([...x.candidates.keys(), ...y.candidates.keys()])) {
    if (x.candidates.get(i) === y.candidates.get(i)) continue;
    if (x.tied.has(i) && y.tied.has(i)) continue;
    out.add(i);
  }
  return out;
}

/** A feature's first-pass links (head|member → tie weight) and each posting's second-pass candidate. */
function featureLinks(
  s: FeatureStats | undefined,
  keyOf: (issue: number) => string,
  corpus: number,
  params: LinkParams,
) {
  const links = new Map<string, number>();
  const candidates = new Map<number, string>();
  const tied = new Set<number>();
  if (!s || s.postings.length < 2) return { links, candidates, tied };
  const leads = leadsInOrder(s, keyOf);
  const head = leads[0];
  if (head) {
    for (const m of leads.slice(1)) {
      const w = pairWeight(s, head, m, corpus, params);
      if (w < params.threshold) continue;
      links.set(`${head.issue}|${m.issue}`, tieWeight(w));
      tied.add(head.issue);
      tied.add(m.issue);
    }
  }
  const second = leads[1];
  for (const p of s.postings) {
    const target = p.issue === head?.issue ? second : head;
    if (!target) continue;
    const w = pairWeight(s, p, target, corpus, params);
    if (w >= params.threshold) candidates.set(p.issue, `${target.issue}|${w}`);
  }
  return { links, candidates, tied };
}
