// What the changed features were before the change, for the join relink (join-link.ts): how each
// was spelled, which near pairs it had, and each feature's and near pair's statistics then and now.
import { type FeatureStats, variantBefore } from "../domain/cluster/feature-stats.js";
import {
  type NearIndex,
  type NearPair,
  type NearPairs,
  nearFeature,
} from "../domain/cluster/near-features.js";
import type { Spelling } from "./affected-set.js";
import { featureStats, type Postings, sameSet } from "./join-facts.js";

/** Why the join cannot take the change (joinLink declines with it). */
export const refuse = (reason: string) => ({ reason });

export interface SpellingsBefore {
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
export function spellingsBefore(
  j: {
    /** Each feature some issue posts now, as it is spelled. */
    present: Map<string, Spelling>;
    near: NearIndex;
    loosePartners: Map<string, Set<string>>;
  },
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
export function nearPairsBefore(near: NearIndex, s: SpellingsBefore): NearPairs {
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

export interface LinkSide {
  postings: Postings;
  spelled: Map<string, Spelling>;
  near: NearPairs;
}

/**
 * The statistics of each changed feature, and of each of its near pairs, as they were and as they
 * are (undefined on the side where it does not exist): the links through them that differ are the
 * ones that moved.
 */
export function* pairedStats(
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
