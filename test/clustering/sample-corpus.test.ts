import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { recluster } from "../../src/clustering/recluster.js";
import { issues as issuesTable } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { pairF1 } from "../../src/domain/cluster/index.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { seedCorpus } from "../helpers/seed.js";
import { makeTestApp, readJson } from "../helpers/test-app.js";
import { makeTestDb } from "../helpers/test-db.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;

async function clusteredCorpus() {
  const setup = makeTestApp();
  await seedCorpus(setup.deps.database, corpus);
  const issues: { repo: string; number: number; clusterId: string | null }[] = [];
  let url = "/api/issues?limit=100";
  for (;;) {
    const body = await readJson(await setup.app.request(url));
    issues.push(...body.issues);
    if (!body.nextCursor) break;
    url = `/api/issues?limit=100&cursor=${body.nextCursor}`;
  }
  return { ...setup, issues };
}

describe("clustering the sample corpus through the real storage path", () => {
  it("recovers the recorded families at issue level with pair-F1 ≥ 0.95", async () => {
    const { issues } = await clusteredCorpus();
    expect(issues).toHaveLength(corpus.issues.length);
    const predicted = issues.map((i) => i.clusterId);
    const labels = issues.map((i) => corpus.families[`${i.repo}#${i.number}`] ?? null);
    const score = pairF1(predicted, labels);
    expect(score).toBeGreaterThanOrEqual(0.95);
  });

  it("never puts an issue without an error, or a pull request, into a family's cluster", async () => {
    const { issues } = await clusteredCorpus();
    const familyClusters = new Set(
      issues.filter((i) => corpus.families[`${i.repo}#${i.number}`] && i.clusterId).map((i) => i.clusterId),
    );
    const strays = issues.filter(
      (i) => !corpus.families[`${i.repo}#${i.number}`] && familyClusters.has(i.clusterId),
    );
    expect(strays).toEqual([]);
  });

  it("gives the same clusters on a second run (ids stable, nothing rewritten)", async () => {
    const { deps, issues } = await clusteredCorpus();
    const again = await recluster({ database: deps.database, clock: deps.clock });
    expect(again.changedIssues).toBe(0);
    expect(again.removedClusters).toBe(0);
    const clusters = await readJson(
      await makeTestApp({ database: deps.database }).app.request("/api/clusters?limit=100"),
    );
    const ids = new Set(issues.map((i) => i.clusterId).filter(Boolean));
    expect(new Set(clusters.clusters.map((c: { id: string }) => c.id))).toEqual(ids);
  });
});

describe("incremental clustering", () => {
  it("groups issues exactly as a full re-mine does after the corpus arrives in two ingests", async () => {
    const clock = fixedClock("2026-11-26T12:00:00Z");
    const now = clock.now().toISOString();
    const half = Math.floor(corpus.issues.length / 2);
    const early = new Set(corpus.issues.slice(0, half).map((i) => i.url));
    const incremental = makeTestDb();
    await storeGitHubItems(
      incremental,
      {
        issues: corpus.issues.slice(0, half),
        comments: corpus.comments.filter((c) => early.has(c.issue_url)),
      },
      now,
    );
    await recluster({ database: incremental, clock });
    await storeGitHubItems(
      incremental,
      { issues: corpus.issues.slice(half), comments: corpus.comments.filter((c) => !early.has(c.issue_url)) },
      now,
    );
    await recluster({ database: incremental, clock });
    const full = makeTestDb();
    await storeGitHubItems(full, corpus, now);
    await recluster({ database: full, clock });

    const partition = async (database: typeof full) => {
      const rows = await database.db.select().from(issuesTable);
      return new Map(rows.map((r) => [`${r.repo}#${r.number}`, r.clusterId]));
    };
    const a = await partition(incremental);
    const b = await partition(full);
    const keys = [...b.keys()].sort();
    expect(
      pairF1(
        keys.map((k) => a.get(k) ?? null),
        keys.map((k) => b.get(k) ?? null),
      ),
    ).toBe(1);
    expect(keys.filter((k) => (a.get(k) === null) !== (b.get(k) === null))).toEqual([]);
  });
});
