import { describe, expect, it } from "vitest";
import { pairF1, scoreGrouping } from "../../../src/domain/cluster/index";

describe("scoreGrouping", () => {
  it("counts a message as correct only when its key group equals its label group", () => {
    const score = scoreGrouping(["a", "a", "b", "b", "c"], ["x", "x", "y", "z", "z"]);
    expect(score.accuracy).toBeCloseTo(2 / 5);
    expect(score.groupF1).toBeCloseTo(1 / 3);
  });

  it("is 1 for a perfect grouping whatever the key names", () => {
    expect(scoreGrouping(["k1", "k2", "k1"], ["e", "f", "e"])).toMatchObject({ accuracy: 1, groupF1: 1 });
  });
});

describe("pairF1", () => {
  it("scores issue pairs and never pairs unclustered issues", () => {
    expect(pairF1(["c1", "c1", null, null], ["f", "f", null, null])).toBe(1);
    expect(pairF1(["c1", "c1", "c1"], ["f", "f", "g"])).toBeCloseTo(0.5);
  });
});
