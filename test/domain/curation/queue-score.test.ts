import { describe, expect, it } from "vitest";
import { groupDemand } from "../../../src/domain/curation/demand.js";
import { monthlyActivity, scoreCluster, scoreDemand } from "../../../src/domain/curation/queue-score.js";
import { stalenessReasons } from "../../../src/domain/curation/staleness.js";
import { versionsIn } from "../../../src/domain/entry/versions.js";

const now = new Date("2026-06-15T00:00:00Z");
const issue = (createdAt: string, over: Partial<Parameters<typeof scoreCluster>[0][number]> = {}) => ({
  author: "a",
  createdAt,
  state: "open" as const,
  stateReason: null,
  reactions: 0,
  comments: 0,
  ...over,
});

describe("scoreCluster", () => {
  it("adds up named parts, so the score explains itself", () => {
    const { score, why } = scoreCluster(
      [
        issue("2026-06-01T00:00:00Z", { author: "a", reactions: 4, comments: 5 }),
        issue("2026-05-20T00:00:00Z", { author: "b" }),
        issue("2025-09-01T00:00:00Z", { author: "b", state: "closed", stateReason: "completed" }),
        issue("2025-10-01T00:00:00Z", { author: "c", state: "closed", stateReason: "not_planned" }),
      ],
      3,
      now,
    );
    expect(why).toMatchObject({
      reporters: 3,
      recentIssues: 2,
      olderIssues: 2,
      open: 2,
      fixed: 1,
      notPlanned: 1,
      searches: 3,
    });
    expect(Object.values(why.points).reduce((a, b) => a + b, 0)).toBeCloseTo(score, 5);
    expect(why.trend).toBe("rising");
  });

  it("ranks a cluster hurting people now above an old one of the same size", () => {
    const recent = scoreCluster(
      [issue("2026-06-01T00:00:00Z"), issue("2026-05-01T00:00:00Z", { author: "b" })],
      0,
      now,
    );
    const old = scoreCluster(
      [issue("2024-06-01T00:00:00Z"), issue("2024-05-01T00:00:00Z", { author: "b" })],
      0,
      now,
    );
    expect(recent.score).toBeGreaterThan(old.score);
  });

  it("counts issues per month over the last twelve months, oldest first", () => {
    expect(
      monthlyActivity(
        ["2026-06-02T00:00:00Z", "2026-06-10T00:00:00Z", "2025-07-31T00:00:00Z", "2025-06-30T00:00:00Z"],
        now,
      ),
    ).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]);
  });
});

describe("demand without supply", () => {
  it("groups searches by the signature of the pasted text, whatever its variable parts", () => {
    const groups = groupDemand([
      {
        query: "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB",
        createdAt: "2026-06-01T00:00:00Z",
      },
      {
        query: "log line\ntorch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 512.00 MiB",
        createdAt: "2026-06-02T00:00:00Z",
      },
      { query: "how do I set the log level", createdAt: "2026-06-03T00:00:00Z" },
    ]);
    expect(groups[0]?.searchedAt).toHaveLength(2);
    expect(groups).toHaveLength(2);
    const { score, why } = scoreDemand(groups[0]!.searchedAt, groups[0]!.examples, now);
    expect(why.searches).toBe(2);
    expect(score).toBeGreaterThan(0);
  });
});

describe("stalenessReasons", () => {
  const entry = {
    state: "published",
    affectedVersions: ["MLServer 1.3.5"],
    sourceIssues: ["o/r#1"],
    reviewedIssueKeys: ["o/r#1", "o/r#2"],
    verifiedAt: "2026-01-01T00:00:00Z",
  };
  const watched = (key: string, over: object = {}) => ({
    key,
    state: "closed" as const,
    stateReason: "completed",
    updatedAt: "2025-12-01T00:00:00Z",
    versions: [],
    ...over,
  });

  it("says nothing while nothing changed after publishing", () => {
    expect(stalenessReasons(entry, [watched("o/r#1"), watched("o/r#2")], [watched("o/r#1")])).toEqual([]);
  });

  it("names a new member, a reopened source and a newer version", () => {
    const reasons = stalenessReasons(
      entry,
      [
        watched("o/r#1"),
        watched("o/r#3", { updatedAt: "2026-02-01T00:00:00Z", versions: versionsIn("MLServer 1.5.0") }),
      ],
      [watched("o/r#1", { state: "open", stateReason: "reopened", updatedAt: "2026-02-02T00:00:00Z" })],
    );
    expect(reasons).toEqual([
      "o/r#3 joined the cluster after the entry was published",
      "o/r#1 was reopened after the entry was published",
      "o/r#3 reports MLServer 1.5.0, newer than the entry covers",
    ]);
  });

  it("leaves drafts alone", () => {
    expect(stalenessReasons({ ...entry, state: "draft" }, [watched("o/r#9")], [])).toEqual([]);
  });
});
