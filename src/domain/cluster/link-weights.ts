// How much a shared feature weighs in linking two issues: its specificity × its rarity in the
// corpus, and the knobs of both (one setting for every corpus).
import type { FeatureStats, Posting } from "./feature-stats";

/** The knobs of issue linking; one setting for every corpus (see DEFAULT_LINK_PARAMS). */
export interface LinkParams {
  /** Two issues are tied when a shared feature's weight × both qualities reaches this. */
  threshold: number;
  /** Specificity at which a feature counts fully on its own. */
  fullSpec: number;
  /** Issues a feature may appear in before its rarity weight starts to fall. */
  commonAt: number;
  commonShare: number;
  /** Specificity a whole line needs to tie two issues that both lead with exactly that line. */
  wholeSpec: number;
}

export const DEFAULT_LINK_PARAMS: LinkParams = {
  threshold: 0.45,
  fullSpec: 4,
  commonAt: 12,
  commonShare: 0.05,
  wholeSpec: 1.4,
};

/** `corpus` is how many issues could carry the feature: rarity is a share of them, not a count. */
export function featureWeight(spec: number, df: number, corpus: number, params: LinkParams): number {
  const specific = Math.min(1, spec / params.fullSpec);
  return specific * rarity(df, corpus, params);
}

// A feature in more than `commonAt` issues, and in more than `commonShare` of the corpus, loses
// weight the more common it is (an IDF). A count alone would call a popular problem's own message
// common once the corpus holds thousands of issues. The count is taken down to a step of a 10%
// ladder starting at `common`: one more report of a common error then moves the weight only when
// its count crosses a step (one report in ~0.1 × df), where the exact count moved it a 0.01 tie
// step every few dozen reports, and each such step rewrote the stored ties of the whole family
// (4,418 issues at 100k) and sent the change past the join relink.
const DF_LADDER = 1.1;

function rarity(df: number, corpus: number, params: LinkParams): number {
  const common = Math.max(params.commonAt, params.commonShare * corpus);
  if (df <= common) return 1;
  const steps = Math.floor(Math.log(df / common) / Math.log(DF_LADDER) + 1e-9);
  return 1 / (1 + steps * Math.log2(DF_LADDER));
}

/**
 * The corpus size rarity is computed against: the clusterable issues, rounded down to a step of a
 * 10% ladder starting at `commonAt / commonShare` (below that size rarity does not depend on the
 * corpus at all, so every smaller corpus counts as that size).
 * A link result then depends on the corpus size only when it crosses a step, so one new issue does
 * not reweigh every feature, and the local relink (src/clustering/local-link.ts) stays exact.
 */
export function rarityCorpus(clusterable: number, params: LinkParams = DEFAULT_LINK_PARAMS): number {
  const floor = params.commonAt / params.commonShare;
  if (clusterable <= floor) return floor;
  return Math.floor(floor * 1.1 ** Math.floor(Math.log(clusterable / floor) / Math.log(1.1) + 1e-9));
}

/** The most a pair of postings of unit quality can weigh through a feature (see `pairWeight`). */
export function maxPairWeight(spec: number, df: number, corpus: number, params: LinkParams): number {
  const base = featureWeight(spec, df, corpus, params);
  const whole = spec >= params.wholeSpec ? (spec >= params.fullSpec ? 1 : rarity(df, corpus, params)) : 0;
  return Math.max(base, whole);
}

// Two issues that lead with the very same whole line (`Model <*> not found`, `upstream request
// timeout`) report the same thing even when the line is short; a shared ending of two different
// chains (`…: connection refused`) is not that.
export function pairWeight(
  s: FeatureStats,
  a: Posting,
  b: Posting,
  corpus: number,
  params: LinkParams = DEFAULT_LINK_PARAMS,
): number {
  const base = featureWeight(s.spec, s.postings.length, corpus, params);
  const whole =
    a.whole && b.whole && s.spec >= params.wholeSpec
      ? s.spec >= params.fullSpec
        ? 1
        : rarity(s.postings.length, corpus, params)
      : 0;
  return Math.max(base, whole) * a.quality * b.quality;
}

/** The tie a link through a feature records, its weight to two decimals (see `tieOf`). */
export function tieWeight(weight: number): number {
  return Math.round(weight * 100) / 100;
}
