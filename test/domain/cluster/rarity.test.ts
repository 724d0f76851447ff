import { describe, expect, it } from "vitest";
import { DEFAULT_LINK_PARAMS, featureWeight, tieWeight } from "../../../src/domain/cluster/link-weights";

const params = DEFAULT_LINK_PARAMS;
// A corpus of 80k clusterable issues: a feature counts as common past 4,000 of them.
const corpus = 80_000;
const common = params.commonShare * corpus;
const weight = (df: number) => featureWeight(params.fullSpec, df, corpus, params);

describe("feature rarity", () => {
  it("is whole up to the common count and falls as the count grows", () => {
    expect(weight(1)).toBe(1);
    expect(weight(common)).toBe(1);
    expect(weight(common * 2)).toBeLessThan(weight(common * 1.2));
    expect(weight(common * 8)).toBeLessThan(weight(common * 2));
    for (let df = common; df < common * 4; df += 7) expect(weight(df + 7)).toBeLessThanOrEqual(weight(df));
  });

  it("moves a common feature's tie weight only when its count crosses a 10% step", () => {
    // Each new report of a family of ~4.4k issues: with the exact count, a 0.01 tie step every few
    // dozen reports (each rewrote the family's stored ties); on the ladder, one step per ~10% of df.
    let changes = 0;
    let last = tieWeight(weight(4_400));
    for (let df = 4_401; df <= 4_840; df += 1) {
      const w = tieWeight(weight(df));
      if (w !== last) changes += 1;
      last = w;
    }
    expect(changes).toBeLessThanOrEqual(1);
    // Over a wide range the steps still follow the count (an IDF, not a constant).
    const distinct = new Set<number>();
    for (let df = common; df <= common * 8; df += 1) distinct.add(weight(df));
    expect(distinct.size).toBeGreaterThanOrEqual(20);
    expect(distinct.size).toBeLessThanOrEqual(24);
  });
});
