import { describe, expect, it } from "vitest";
import { adjustedRandIndex, pairF1, pairScore } from "../../../src/domain/cluster/metrics";

describe("pairScore", () => {
  it("counts pairs of same-key items against pairs of same-label items", () => {
    // labels: {a,b,c} {d}; predicted: {a,b} {c,d}
    const s = pairScore(["x", "x", "y", "y"], ["A", "A", "A", "B"]);
    expect(s.labelPairs).toBe(3);
    expect(s.predictedPairs).toBe(2);
    expect(s.truePairs).toBe(1);
    expect(s.precision).toBeCloseTo(0.5);
    expect(s.recall).toBeCloseTo(1 / 3);
  });

  it("leaves unkeyed and unlabelled items out of every pair", () => {
    const s = pairScore([null, null, "x", "x"], ["A", "A", null, "B"]);
    expect(s).toMatchObject({ truePairs: 0, predictedPairs: 1, labelPairs: 1, precision: 0, recall: 0 });
  });

  it("agrees with the quadratic pair-F1", () => {
    const predicted = ["a", "a", "b", null, "c", "c", "c"];
    const labels = ["1", "1", "1", "2", "2", null, "2"];
    expect(pairScore(predicted, labels).f1).toBeCloseTo(pairF1(predicted, labels));
  });
});

describe("adjustedRandIndex", () => {
  it("is 1 for identical partitions whatever the names", () => {
    expect(adjustedRandIndex(["a", "a", "b", "c"], ["x", "x", "y", "z"])).toBeCloseTo(1);
  });

  it("is about 0 for a partition unrelated to the labels", () => {
    const a = ["a", "b", "a", "b", "a", "b", "a", "b"];
    const b = ["x", "x", "y", "y", "x", "x", "y", "y"];
    expect(Math.abs(adjustedRandIndex(a, b))).toBeLessThan(0.2);
  });
});
