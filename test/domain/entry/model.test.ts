import { describe, expect, it } from "vitest";
import { publishProblems, transition } from "../../../src/domain/entry/model.js";

const blank = {
  title: "T",
  symptom: "",
  errorSignatures: [],
  cause: "",
  resolution: "",
  affectedVersions: [],
  components: [],
  sourceIssues: [],
};

describe("the entry life cycle", () => {
  it("publishes drafts and re-verifies entries that need review, nothing else", () => {
    expect(transition("draft", "publish")).toEqual({ ok: true, to: "published" });
    expect(transition("needs-review", "publish")).toEqual({ ok: true, to: "published" });
    expect(transition("published", "publish").ok).toBe(false);
    expect(transition("archived", "publish").ok).toBe(false);
  });

  it("flags only published entries and archives anything not yet archived", () => {
    expect(transition("published", "flag")).toEqual({ ok: true, to: "needs-review" });
    expect(transition("draft", "flag").ok).toBe(false);
    expect(transition("needs-review", "archive")).toEqual({ ok: true, to: "archived" });
    expect(transition("archived", "archive").ok).toBe(false);
  });

  it("needs a cause and a resolution to publish", () => {
    expect(publishProblems(blank)).toHaveLength(2);
    expect(publishProblems({ ...blank, cause: "why", resolution: "how" })).toEqual([]);
  });
});
