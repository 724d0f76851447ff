import { describe, expect, it } from "vitest";
import { toCommentRows, toIssueRows } from "../../src/github/to-rows.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };

describe("GitHub rows", () => {
  it("keep author_association on issues and comments, as GitHub (and the emulator) send it", () => {
    const issues = toIssueRows(corpus.issues);
    const comments = toCommentRows(corpus.comments);
    expect(new Set(comments.map((c) => c.authorAssociation))).toEqual(
      new Set(["MEMBER", "NONE", "CONTRIBUTOR"]),
    );
    expect(issues.some((i) => i.authorAssociation === "MEMBER")).toBe(true);
    const fixes = new Set(Object.values(corpus.fixes));
    for (const c of comments) if (fixes.has(c.id)) expect(c.authorAssociation).toBe("MEMBER");
    expect(
      toIssueRows([{ ...corpus.issues[0], author_association: undefined }])[0]?.authorAssociation,
    ).toBeNull();
  });
});
