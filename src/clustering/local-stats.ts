// The features a relink over a set of issues S runs on (local-link.ts, join-link.ts): every feature
// with a posting in S, with its whole postings (df and head are the corpus's), and their near pairs.
import type { FeatureStats, Posting } from "../domain/cluster/feature-stats.js";
import { type NearPair, type NearPairs, nearFeature } from "../domain/cluster/near-features.js";
import type { Closure, Spelling } from "./affected-set.js";
import { issueKey } from "./recluster-options.js";

/** The sub-run's features: every feature (and near pair) with a posting in S, over its whole postings. */
export function localStats(
  closure: Closure,
  present: Map<string, Spelling>,
  near: NearPairs,
  indexOf: (issueId: number, key: string) => number,
  inS: (issueId: number) => boolean,
) {
  const stats = new Map<string, FeatureStats>();
  const full = new Map<string, FeatureStats>();
  for (const [f, list] of closure.postings) {
    const spelling = present.get(f);
    if (!spelling || list.size === 0) continue;
    const postings: Posting[] = [...list.values()].map((p) => ({
      issue: indexOf(p.issueId, issueKey(p.repo, p.number)),
      quality: p.quality,
      lead: p.lead,
      whole: p.whole,
    }));
    const s = { template: spelling.template, spec: spelling.spec, general: spelling.general, postings };
    full.set(f, s);
    if ([...list.keys()].some(inS)) stats.set(f, s);
  }
  const pairs = new Map<string, NearPair>();
  for (const f of stats.keys()) for (const p of near.pairsOf(f)) pairs.set(`${p.a}|${p.b}`, p);
  for (const pair of [...pairs.values()].sort((x, y) =>
    x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1,
  )) {
    const a = full.get(pair.a);
    const b = full.get(pair.b);
    if (!a || !b || !(stats.has(pair.a) || stats.has(pair.b))) continue;
    const near = nearFeature(pair, a, b);
    if (near) stats.set(near[0], near[1]);
  }
  return stats;
}
