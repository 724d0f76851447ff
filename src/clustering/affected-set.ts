// The affected set of a local relink (see local-link.ts): grown from the changed issues until no
// tie can reach outside it, with each feature's whole postings loaded on the way.
import type { Database } from "../db/client.js";
import { loadClusterIdsOf } from "../db/queries/cluster-reads.js";
import {
  loadClusterMemberIds,
  loadFeatureSummaries,
  loadPostingsOfFeatures,
  loadPostingsOfIssues,
} from "../db/queries/link-inputs.js";
import { DEFAULT_LINK_PARAMS, type LinkParams, maxPairWeight } from "../domain/cluster/link-weights.js";
import type { NearIndex } from "../domain/cluster/near-features.js";

export type Spelling = { template: string; spec: number; general: boolean };
export type PostingRow = Awaited<ReturnType<typeof loadPostingsOfFeatures>>[number];

/** How far a closure may go and how ties are weighed. */
export interface ClosureBounds {
  corpus: number;
  /** The most issues before the whole corpus is linked instead. */
  maxIssues: number;
  params?: LinkParams;
}

export interface Closure {
  S: Set<number>;
  /** Postings of every feature met; an inert feature's list is left empty (see `inertFeatures`). */
  postings: Map<string, Map<number, PostingRow>>;
}

export interface ClosureInputs {
  start: number[];
  /** Features whose postings changed, with the highest specificity any of their spellings has. */
  dirty: Map<string, number>;
  changedCount: number;
  present: Map<string, Spelling>;
  near: NearIndex;
  loosePartners: Map<string, Set<string>>;
  rules: { carriers: Set<number>; touched: boolean }[];
  /** Postings already read from the database as it is now (by the join relink that declined). */
  loaded?: ReadonlyMap<string, Map<number, PostingRow>>;
}

/** Grows the affected set until closed (see the header); null when it outgrows `maxIssues`. */
export async function closeAffectedSet(
  database: Database,
  c: ClosureInputs,
  o: ClosureBounds,
): Promise<Closure | null> {
  const { db, limits } = database;
  const params = o.params ?? DEFAULT_LINK_PARAMS;
  const S = new Set<number>();
  const postings = new Map<string, Map<number, PostingRow>>();
  const judged = new Set<string>();
  const inert = new Set<string>();
  const seenClusters = new Set<string>();
  const specOf = (f: string) => c.dirty.get(f) ?? c.present.get(f)?.spec ?? 0;
  // The lowest quality a posting can have and still be in a tie through these postings.
  const bestOf = new Map<Map<number, PostingRow>, number>();
  const best = (list: Map<number, PostingRow>) => {
    let b = bestOf.get(list);
    if (b === undefined) {
      b = 0;
      for (const p of list.values()) b = Math.max(b, p.quality);
      bestOf.set(list, b);
    }
    return b;
  };
  const floor = (spec: number, size: number, top: number, isDirty: boolean) => {
    if (size === 0) return Number.POSITIVE_INFINITY;
    const df = isDirty ? Math.max(1, size - c.changedCount) : size;
    const w = maxPairWeight(spec, df, o.corpus, params) * (isDirty ? 1 : top);
    return w <= 0 ? Number.POSITIVE_INFINITY : (params.threshold / w) * (1 - 1e-9);
  };
  const partnersOf = (f: string) => [
    ...c.near.pairsOf(f).map((p) => (p.a === f ? p.b : p.a)),
    ...(c.loosePartners.get(f) ?? []),
  ];
  let pending = c.start;
  let wanted = new Set(c.dirty.keys());
  while (pending.length > 0 || wanted.size > 0) {
    const fresh = pending.filter((i) => !S.has(i));
    for (const i of fresh) S.add(i);
    if (S.size > o.maxIssues) return null;
    for (const r of await loadPostingsOfIssues(db, fresh, limits)) wanted.add(r.featureId);
    for (const f of [...wanted]) for (const g of partnersOf(f)) wanted.add(g);
    const load = [...wanted].filter((f) => !postings.has(f));
    wanted = new Set();
    for (const f of await inertFeatures(database, load, c, o, partnersOf)) inert.add(f);
    const live = load.filter((f) => !inert.has(f));
    const read = live.filter((f) => !c.loaded?.has(f));
    for (const f of live) {
      const known = c.loaded?.get(f);
      if (known) postings.set(f, known);
    }
    for (const [f, m] of mergePostings(await loadPostingsOfFeatures(db, read, limits))) postings.set(f, m);
    for (const f of load) if (!postings.has(f)) postings.set(f, new Map());
    const next = new Set<number>();
    const admit = (list: Map<number, { quality: number; issueId: number }>, q: number) => {
      for (const p of list.values()) if (p.quality >= q && !S.has(p.issueId)) next.add(p.issueId);
    };
    for (const f of load) {
      const list = postings.get(f) ?? new Map();
      admit(list, floor(specOf(f), list.size, best(list), c.dirty.has(f)));
    }
    // Near pairs (as they are, and for changed features as they may have been): both lists merged;
    // a pair's scaled qualities are at most the raw ones, so the raw floor admits a superset.
    for (const [f, list] of postings) {
      for (const g of partnersOf(f)) {
        const key = f < g ? `${f}|${g}` : `${g}|${f}`;
        const other = postings.get(g);
        if (judged.has(key) || !other || inert.has(f) || inert.has(g)) continue;
        judged.add(key);
        // The pair's df is the union of both lists; a poster of either above the floor is admitted.
        const [small, large] = list.size <= other.size ? [list, other] : [other, list];
        let common = 0;
        for (const i of small.keys()) if (large.has(i)) common += 1;
        const isDirty = c.dirty.has(f) || c.dirty.has(g);
        const top = Math.max(best(list), best(other));
        const q = floor(Math.min(specOf(f), specOf(g)), list.size + other.size - common, top, isDirty);
        admit(list, q);
        admit(other, q);
      }
    }
    const clusterRows = await loadClusterIdsOf(db, [...next, ...fresh], limits);
    const clusters = [...new Set(clusterRows.flatMap((r) => (r.clusterId === null ? [] : [r.clusterId])))];
    const unseen = clusters.filter((id) => !seenClusters.has(id));
    for (const id of unseen) seenClusters.add(id);
    for (const id of await loadClusterMemberIds(db, unseen, limits)) if (!S.has(id)) next.add(id);
    for (const rule of c.rules) {
      if (rule.touched || ![...rule.carriers].some((i) => S.has(i) || next.has(i))) continue;
      rule.touched = true;
      for (const i of rule.carriers) if (!S.has(i)) next.add(i);
    }
    pending = [...next];
  }
  return { S, postings };
}

/**
 * Features through which no two issues can be tied, found without reading their postings: ones no
 * change touched (their postings are as the last link saw them), with no near partner, whose
 * heaviest possible pair (the most a pair of unit quality weighs at their df, times their best
 * posting's quality squared) is below the threshold. Neither the closure nor the relink needs their
 * postings: at 100k issues, the features of a family-wide change that were such (common causes and
 * low-quality context lines) held nine in ten of the rows it read.
 */
async function inertFeatures(
  database: Database,
  features: string[],
  c: ClosureInputs,
  o: ClosureBounds,
  partnersOf: (f: string) => string[],
): Promise<string[]> {
  const params = o.params ?? DEFAULT_LINK_PARAMS;
  const candidates = features.filter((f) => !c.dirty.has(f) && partnersOf(f).length === 0);
  const summaries = await loadFeatureSummaries(database.db, candidates, database.limits);
  return candidates.filter((f) => {
    const s = summaries.get(f);
    if (!s) return false;
    const spec = c.present.get(f)?.spec ?? 0;
    return maxPairWeight(spec, s.df, o.corpus, params) * s.best * s.best < params.threshold;
  });
}

/** Each feature's postings, own and cut rows merged per issue as `collectFeatures` merges them. */
export function mergePostings(rows: PostingRow[]) {
  const byFeature = new Map<string, Map<number, PostingRow>>();
  for (const r of rows) {
    let m = byFeature.get(r.featureId);
    if (!m) {
      m = new Map();
      byFeature.set(r.featureId, m);
    }
    const prev = m.get(r.issueId);
    if (!prev) m.set(r.issueId, { ...r });
    else {
      prev.quality = Math.max(prev.quality, r.quality);
      prev.lead ||= r.lead;
      prev.whole ||= r.whole;
    }
  }
  return byFeature;
}
