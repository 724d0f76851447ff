// An issue's comment count is kept by triggers on `comments` (migration 0028) for the review queue,
// which reads it from `issues_cluster_cover` instead of counting per member: it must equal the
// thread's comments through every way they are stored, edited and deleted, in any order (a comment
// stored before its issue is counted when the issue arrives).
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client.js";
import { listClusteredIssueStats } from "../../src/db/queries/queue.js";
import { commentItem, deleteComment, issueItem, newModel, storeItems } from "../clustering/edit-corpus.js";
import { makeTestDb } from "../helpers/test-db.js";

const op = fc.oneof(
  fc.record({ kind: fc.constant("issue" as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("comment" as const), n: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant("edit" as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
);

async function counts(database: Database) {
  const rows = await database.db.all<{ number: number; kept: number; counted: number }>(
    sql`select number, comment_count as kept,
          (select count(*) from comments c where c.repo_key = issues.repo_key and c.issue_number = issues.number) as counted
        from issues order by number`,
  );
  return rows;
}

describe("issues.comment_count", () => {
  it("equals the thread's comments after any sequence of stores, edits and deletes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), async (ops) => {
        const database = makeTestDb();
        const model = newModel();
        for (const o of ops) {
          const ids = [...model.comments.keys()];
          if (o.kind === "issue")
            await storeItems(database, model, { issues: [issueItem(model, o.n, `Report ${o.n}`, "text")] });
          else if (o.kind === "comment")
            await storeItems(database, model, { comments: [commentItem(model, o.n, "Same here")] });
          else if (ids.length === 0) continue;
          else if (o.kind === "edit") {
            const id = ids[o.pick % ids.length] ?? 0;
            const c = model.comments.get(id);
            await storeItems(database, model, {
              comments: [
                {
                  ...c,
                  body: "edited",
                  updated_at: new Date(Date.UTC(2026, 10, 1, 0, 0, model.tick++)).toISOString(),
                },
              ],
            });
          } else await deleteComment(database, model, ids[o.pick % ids.length] ?? 0);
          const rows = await counts(database);
          for (const r of rows) {
            const expected = [...model.comments.values()].filter((c) =>
              String(c.issue_url).endsWith(`/issues/${r.number}`),
            ).length;
            expect(r.kept).toBe(expected);
            expect(r.kept).toBe(r.counted);
          }
        }
      }),
      { numRuns: Number(process.env.RUNS ?? 60) },
    );
  });

  it("is what the review queue reads for a cluster's members", async () => {
    const database = makeTestDb();
    const model = newModel();
    await storeItems(database, model, {
      comments: [commentItem(model, 1, "first"), commentItem(model, 1, "second")],
    });
    await storeItems(database, model, {
      issues: [issueItem(model, 1, "Report 1", "text"), issueItem(model, 2, "Report 2", "text")],
    });
    await database.db.run(sql`update issues set cluster_id = 'cl_a'`);
    const stats = await listClusteredIssueStats(database.db, database.limits, ["cl_a"]);
    expect(stats.map((s) => [s.number, s.comments, s.labels]).sort()).toEqual([
      [1, 2, []],
      [2, 0, []],
    ]);
  });
});
