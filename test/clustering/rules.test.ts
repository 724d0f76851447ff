import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { recluster } from "../../src/clustering/recluster.js";
import { mergeClusters, RuleError, splitCluster } from "../../src/clustering/rules.js";
import { listClusters } from "../../src/db/queries/clusters.js";
import { auditLog, issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import type { GitHubEmulator } from "../../src/emulators/github-emulator.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { emulatorFor, ingest } from "../github/sync-harness.js";
import { makeTestDb } from "../helpers/test-db.js";

const corpus = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "../fixtures/sample-corpus.json"), "utf8"),
) as Corpus;
const clock = fixedClock("2026-11-26T12:00:00Z");

let emulator: GitHubEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function ingestAndCluster() {
  emulator = await emulatorFor({ corpus: structuredClone(corpus) });
  const database = makeTestDb();
  await ingest(database, emulator.url);
  await recluster({ database, clock });
  return database;
}

async function membership(database: ReturnType<typeof makeTestDb>) {
  const rows = await database.db.select().from(issues);
  return new Map(rows.map((r) => [`${r.repo}#${r.number}`, r.clusterId]));
}

describe("curator rules", () => {
  it("keeps a merge and a split after a re-ingest that changes the corpus", async () => {
    const database = await ingestAndCluster();
    const [big, second] = await listClusters(database.db, { limit: 2 });
    if (!big || !second) throw new Error("the sample corpus should give clusters");
    const before = await membership(database);
    const secondMembers = [...before].filter(([, c]) => c === second.id).map(([k]) => k);
    const bigMembers = [...before].filter(([, c]) => c === big.id).map(([k]) => k);
    const leaving = bigMembers.slice(0, 2);

    await mergeClusters(
      { database, clock },
      { clusterIds: [big.id, second.id], actor: "ana", reason: "same root cause" },
    );
    await splitCluster(
      { database, clock },
      { clusterId: big.id, issueKeys: leaving, actor: "ben", reason: "different fix" },
    );
    await recluster({ database, clock });

    const check = async () => {
      const now = await membership(database);
      for (const key of [...bigMembers.slice(2), ...secondMembers]) expect(now.get(key), key).toBe(big.id);
      const splitId = now.get(leaving[0]!);
      expect(splitId).not.toBe(big.id);
      expect(now.get(leaving[1]!)).toBe(splitId);
    };
    await check();

    // Re-ingest: an edited member, a new comment on a merged member, a new issue.
    const [repo, number] = secondMembers[0]!.split("#") as [string, string];
    emulator!.mutate.editIssue(repo, Number(number), { title: "Edited by the reporter" });
    emulator!.mutate.addComment(repo, Number(number), "still happening on 2.8.1");
    emulator!.mutate.addIssue("SeldonIO/MLServer", {
      title: "How do I set the log level?",
      body: "Question only.",
    });
    const summary = await ingest(database, emulator!.url);
    expect(summary.inserted + summary.updated).toBeGreaterThanOrEqual(3);
    await recluster({ database, clock });
    await check();

    const audit = await database.db.select().from(auditLog);
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ["ana", "cluster.merge"],
      ["ben", "cluster.split"],
    ]);
  });

  it("refuses a merge of one cluster and a split of an unknown cluster", async () => {
    const database = makeTestDb();
    await expect(
      mergeClusters({ database, clock }, { clusterIds: ["a", "a"], actor: "x", reason: "r" }),
    ).rejects.toThrow(RuleError);
    await expect(
      splitCluster({ database, clock }, { clusterId: "nope", issueKeys: ["a#1"], actor: "x", reason: "r" }),
    ).rejects.toThrow(/does not exist/);
  });
});
