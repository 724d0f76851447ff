import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ignoreCluster,
  listCorrections,
  mergeInto,
  restoreCluster,
  snoozeCluster,
  splitOut,
  undoCorrection,
} from "../../src/curation/corrections.js";
import { promoteCluster } from "../../src/curation/entries.js";
import { listQueue } from "../../src/curation/queue-page.js";
import { listClusters } from "../../src/db/queries/clusters.js";
import { getEntry } from "../../src/db/queries/entries.js";
import { clusters, issues } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import type { GitHubEmulator } from "../../src/emulators/github-emulator.js";
import type { Corpus } from "../../src/emulators/github-types.js";
import { refreshNow } from "../../src/refresh/now.js";
import { emulatorFor, ingest } from "../github/sync-harness.js";
import { auditActions } from "../helpers/curation.js";
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

async function membership(deps: { database: ReturnType<typeof makeTestDb> }) {
  const rows = await deps.database.db.select().from(issues);
  return new Map(rows.map((r) => [`${r.repo}#${r.number}`, r.clusterId]));
}

describe("curator corrections", () => {
  it("keep merges, splits, ignores, snoozes and the entry's cluster through re-ingest and re-clustering, and undo cleanly", async () => {
    emulator = await emulatorFor({ corpus: structuredClone(corpus) });
    const deps = { database: makeTestDb(), clock };
    await ingest(deps.database, emulator.url);
    await refreshNow(deps, "test");
    const [a, b, c, d] = await listClusters(deps.database.db, { limit: 4 });
    if (!a || !b || !c || !d) throw new Error("the sample corpus should give clusters");
    const before = await membership(deps);
    const aMembers = [...before].filter(([, id]) => id === a.id).map(([k]) => k);
    const bMembers = [...before].filter(([, id]) => id === b.id).map(([k]) => k);

    const entry = await promoteCluster(deps, { clusterId: b.id, actor: "ana" });
    const merged = await mergeInto(deps, {
      clusterIds: [a.id, b.id],
      reason: "same root cause",
      actor: "ana",
    });
    expect(merged.rule.issueKeys.sort()).toEqual([...aMembers, ...bMembers].sort());
    expect(merged.rule.signatureIds.length).toBeGreaterThan(1);
    expect(merged.clusters.map((x) => x.id)).toEqual([a.id]);
    expect((await getEntry(deps.database.db, entry.id))?.clusterId).toBe(a.id);

    const leaving = aMembers.slice(0, 2);
    const split = await splitOut(deps, {
      clusterId: a.id,
      issueKeys: leaving,
      reason: "different fix",
      actor: "ben",
    });
    const splitId = split.clusters.find((x) => x.id !== a.id)?.id;
    expect(splitId).toBeDefined();
    await ignoreCluster(deps, { clusterId: c.id, reason: "a question, not a bug", actor: "ben" });
    await snoozeCluster(deps, {
      clusterId: d.id,
      until: "2027-01-01T00:00:00.000Z",
      reason: "waiting for 2.9",
      actor: "ben",
    });

    const check = async () => {
      const now = await membership(deps);
      for (const key of [...aMembers.slice(2), ...bMembers]) expect(now.get(key), key).toBe(a.id);
      for (const key of leaving) expect(now.get(key), key).toBe(splitId);
      expect((await getEntry(deps.database.db, entry.id))?.clusterId).toBe(a.id);
      const states = new Map((await deps.database.db.select().from(clusters)).map((x) => [x.id, x.state]));
      expect(states.get(c.id)).toBe("ignored");
      const queue = (await listQueue(deps, { limit: 100 })).items.map((i) => i.clusterId);
      expect(queue).not.toContain(c.id);
      expect(queue).not.toContain(d.id);
      expect((await listQueue(deps, { limit: 100, state: "snoozed" })).items.map((i) => i.clusterId)).toEqual(
        [d.id],
      );
    };
    await check();

    // Re-ingest: an edited member of the merged-in cluster, a new comment, a new question.
    const [repo, number] = bMembers[0]!.split("#") as [string, string];
    emulator.mutate.editIssue(repo, Number(number), { title: "Edited by the reporter" });
    emulator.mutate.addComment(repo, Number(number), "still happening on 2.8.1");
    emulator.mutate.addIssue("SeldonIO/MLServer", {
      title: "How do I set the log level?",
      body: "Question only.",
    });
    await ingest(deps.database, emulator.url);
    await refreshNow(deps, "test");
    await check();

    const splitRule = (await listCorrections(deps)).find((r) => r.kind === "split")!;
    await undoCorrection(deps, {
      ruleId: splitRule.id,
      reason: "they were the same after all",
      actor: "ana",
    });
    const undone = await membership(deps);
    for (const key of leaving) expect(undone.get(key)).toBe(a.id);
    await restoreCluster(deps, { clusterId: c.id, actor: "ana" });
    expect((await listQueue(deps, { limit: 100 })).items.map((i) => i.clusterId)).toContain(c.id);

    expect(await auditActions(deps.database)).toEqual([
      "ana:cluster.promote",
      "ana:cluster.merge",
      "ben:cluster.split",
      "ben:cluster.ignore",
      "ben:cluster.snooze",
      "ana:cluster.split.undo",
      "ana:cluster.restore",
    ]);
  });

  it("refuses a split that names issues outside the cluster or empties it", async () => {
    emulator = await emulatorFor({ corpus: structuredClone(corpus) });
    const deps = { database: makeTestDb(), clock };
    await ingest(deps.database, emulator.url);
    await refreshNow(deps, "test");
    const [a] = await listClusters(deps.database.db, { limit: 1 });
    const members = [...(await membership(deps))].filter(([, id]) => id === a!.id).map(([k]) => k);
    await expect(
      splitOut(deps, { clusterId: a!.id, issueKeys: ["x/y#1"], reason: "r", actor: "a" }),
    ).rejects.toThrow(/not in cluster/);
    await expect(
      splitOut(deps, { clusterId: a!.id, issueKeys: members, reason: "r", actor: "a" }),
    ).rejects.toThrow(/at least one/);
    expect(await listCorrections(deps)).toEqual([]);
  });
});
