// Issue-level clustering: the sample corpus's recorded families recovered through the real storage
// path (pair-F1), and the cost of clustering a 10k-issue corpus in full and again after one change.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { recluster } from "../../src/clustering/recluster.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { issues } from "../../src/db/schema.js";
import { systemClock } from "../../src/domain/clock.js";
import { pairF1 } from "../../src/domain/cluster/index.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { generateCorpus } from "../corpus/generate.js";
import type { BenchResult } from "./types.js";

async function clustered(corpus: Corpus) {
  const database = openSqliteDatabase(":memory:");
  await storeGitHubItems(database, corpus, new Date().toISOString());
  const t = performance.now();
  const summary = await recluster({ database, clock: systemClock });
  return { database, summary, ms: performance.now() - t };
}

function familyScore(corpus: Corpus, rows: { repo: string; number: number; clusterId: string | null }[]) {
  const labels = rows.map((r) => corpus.families[`${r.repo}#${r.number}`] ?? null);
  const predicted = rows.map((r) => r.clusterId);
  const strays = rows.filter((r, i) => labels[i] === null && r.clusterId !== null).length;
  return { f1: pairF1(predicted, labels), strays };
}

export async function run(): Promise<BenchResult[]> {
  const s = "corpus-clustering";
  const sample = JSON.parse(
    readFileSync(resolve(import.meta.dirname, "../../test/fixtures/sample-corpus.json"), "utf8"),
  ) as Corpus;
  const small = await clustered(sample);
  const smallScore = familyScore(sample, await small.database.db.select().from(issues));
  small.database.close();

  const big = generateCorpus({ seed: 5, totalIssues: 10_000, avgComments: 3 });
  const large = await clustered(big);
  const largeScore = familyScore(big, await large.database.db.select().from(issues));
  const first = big.issues[0]!;
  await storeGitHubItems(
    large.database,
    {
      issues: [{ ...first, title: `${first.title} (edited)`, updated_at: new Date().toISOString() }],
      comments: [],
    },
    new Date().toISOString(),
  );
  const t = performance.now();
  const again = await recluster({ database: large.database, clock: systemClock });
  const againMs = performance.now() - t;
  large.database.close();
  return [
    {
      suite: s,
      name: "sample corpus pair-F1",
      value: smallScore.f1,
      unit: "",
      note: `${sample.issues.length} issues, target ≥ 0.95`,
    },
    {
      suite: s,
      name: "sample: no-error issues in a cluster",
      value: smallScore.strays,
      unit: "issues",
      note: "target 0",
    },
    { suite: s, name: "10k corpus pair-F1", value: largeScore.f1, unit: "" },
    { suite: s, name: "10k: no-error issues in a cluster", value: largeScore.strays, unit: "issues" },
    {
      suite: s,
      name: "10k full clustering",
      value: large.ms / 1000,
      unit: "s",
      note: `${large.summary.clusters} clusters`,
    },
    {
      suite: s,
      name: "10k re-cluster after one edit",
      value: againMs / 1000,
      unit: "s",
      note: `${again.changedIssues} issue rows rewritten`,
    },
  ];
}
