import { describe, expect, it } from "vitest";
import { diffEntries, diffLines } from "../../../src/domain/entry/diff.js";

describe("entry diffs", () => {
  it("keeps common lines and marks removed and added ones", () => {
    expect(diffLines(["a", "b", "c"], ["a", "x", "c", "d"])).toEqual([
      { op: "same", text: "a" },
      { op: "del", text: "b" },
      { op: "add", text: "x" },
      { op: "same", text: "c" },
      { op: "add", text: "d" },
    ]);
  });

  it("lists only changed fields, with list items added and removed", () => {
    const base = {
      title: "T",
      symptom: "s",
      errorSignatures: ["e"],
      cause: "c",
      resolution: "r1\nr2",
      affectedVersions: ["MLServer 1.3.5"],
      components: ["mlserver"],
      sourceIssues: [],
    };
    const diffs = diffEntries(base, { ...base, resolution: "r1\nr3", affectedVersions: ["MLServer 1.4.0"] });
    expect(diffs.map((d) => d.field)).toEqual(["resolution", "affectedVersions"]);
    expect(diffs[1]?.lines).toEqual([
      { op: "del", text: "MLServer 1.3.5" },
      { op: "add", text: "MLServer 1.4.0" },
    ]);
  });
});
