import { env } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { recluster } from "../../src/clustering/recluster.js";
import { openD1Database } from "../../src/db/d1-client.js";
import { clusters, issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { resetD1 } from "./reset-db.js";

const NOW = "2026-11-30T12:00:00Z";
const line = 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing"';

function issue(number: number) {
  return {
    id: 4000 + number,
    number,
    title: `Scheduler unreachable ${number}`,
    body: `\`\`\`\n${line}\n\`\`\``,
    state: "open",
    labels: [],
    html_url: `https://github.com/SeldonIO/seldon-core/issues/${number}`,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-01T10:00:00Z",
  };
}

describe("re-clustering on D1", () => {
  beforeEach(resetD1);

  it("removes more than 100 vanished clusters in one run without passing D1's 100 bound parameters", async () => {
    const database = openD1Database(env.DB);
    await storeGitHubItems(database, { issues: [issue(1), issue(2)], comments: [] }, NOW);
    // 150 clusters from an earlier run that no issue maps to any more (a big merge, or edits).
    const stale = Array.from({ length: 150 }, (_, i) =>
      env.DB.prepare(
        "insert into clusters (id, template, signature_ids, issue_count, state, created_at, updated_at) values (?, ?, '[]', 1, 'new', ?, ?)",
      ).bind(`cl_stale_${i}`, `stale template ${i}`, NOW, NOW),
    );
    await env.DB.batch(stale);

    const summary = await recluster({ database, clock: fixedClock(NOW) });

    expect(summary.removedClusters).toBe(150);
    const left = await database.db.select().from(clusters);
    expect(left).toHaveLength(1);
    const rows = await database.db.select().from(issues);
    expect(rows.map((r) => r.clusterId)).toEqual([left[0]?.id, left[0]?.id]);
  });

  it("joins a new report to its cluster over D1 without relinking the cluster, as a full link would", async () => {
    const database = openD1Database(env.DB);
    const clock = fixedClock(NOW);
    await storeGitHubItems(database, { issues: [1, 2, 3].map(issue), comments: [] }, NOW);
    await recluster({ database, clock });
    await storeGitHubItems(database, { issues: [issue(4)], comments: [] }, NOW);
    const summary = (await recluster({ database, clock })) as { linked?: string };
    expect(summary.linked).toMatch(/^joined/);
    const joined = await database.db.select({ clusterId: issues.clusterId }).from(issues);
    expect(new Set(joined.map((r) => r.clusterId)).size).toBe(1);
    // What linking everything gives: the same cluster for the same four issues.
    const full = await recluster({ database, clock }, { link: "full" });
    expect(full.changedIssues).toBe(0);
    // The snapshots of the changed issue's postings went with the applied link.
    const left = await env.DB.prepare("select count(*) as n from link_snapshot_issues").first<{
      n: number;
    }>();
    expect(left?.n).toBe(0);
  });
});
