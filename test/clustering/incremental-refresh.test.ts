import { eq } from "drizzle-orm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { recluster, reclusterSteps } from "../../src/clustering/recluster.js";
import { mergeClusters, splitCluster } from "../../src/clustering/rules.js";
import type { Database } from "../../src/db/client.js";
import { openD1Database } from "../../src/db/d1-client.js";
import { claimIssuesStatements, releaseClaimsStatements } from "../../src/db/queries/evidence.js";
import { markRefreshPendingStatement } from "../../src/db/queries/refresh.js";
import { issueEvidence, issues } from "../../src/db/schema.js";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { fixedClock } from "../../src/domain/clock.js";
import { PIPELINE_VERSION } from "../../src/domain/evidence/compact.js";
import { createRefreshCoordinator } from "../../src/refresh/coordinator.js";
import { makeTestDb } from "../helpers/test-db.js";
import {
  clusteringState,
  commentItem,
  copyInto,
  deleteComment,
  issueItem,
  type Model,
  newModel,
  storeItems,
  textFor,
  withoutIds,
} from "./edit-corpus.js";

const clock = fixedClock("2026-11-30T12:00:00Z");
const quiet = { info() {}, warn() {}, error() {} };

const edit = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), text: fc.nat(80), title: fc.nat(80) }),
  fc.record({ kind: fc.constant("edit" as const), issue: fc.nat(), text: fc.nat(80) }),
  fc.record({ kind: fc.constant("comment" as const), issue: fc.nat(), text: fc.nat(80) }),
  fc.record({ kind: fc.constant("uncomment" as const), comment: fc.nat() }),
  fc.record({ kind: fc.constant("close" as const), issue: fc.nat() }),
  fc.record({ kind: fc.constant("merge" as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant("split" as const), cluster: fc.nat(), member: fc.nat() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(list: T[], n: number): T | undefined => list[n % Math.max(1, list.length)];

async function clusterIds(database: Database) {
  const { byIssue } = await clusteringState(database);
  const members = new Map<string, string[]>();
  for (const [key, i] of Object.entries(byIssue))
    if (i.clusterId) members.set(i.clusterId, [...(members.get(i.clusterId) ?? []), key]);
  return [...members].sort((a, b) => a[0].localeCompare(b[0]));
}

async function apply(database: Database, model: Model, e: Edit): Promise<void> {
  const numbers = [...model.issues.keys()];
  const deps = { database, clock };
  if (e.kind === "add") {
    const number = numbers.length + 1;
    return storeItems(database, model, {
      issues: [issueItem(model, number, `Problem ${e.title}`, textFor(e.text))],
    });
  }
  if (e.kind === "edit" || e.kind === "close" || e.kind === "comment") {
    const number = pick(numbers, e.issue);
    if (number === undefined) return;
    const prev = model.issues.get(number)!;
    if (e.kind === "comment")
      return storeItems(database, model, { comments: [commentItem(model, number, textFor(e.text))] });
    const body = e.kind === "edit" ? textFor(e.text) : String(prev.body);
    const state = e.kind === "close" ? "closed" : String(prev.state);
    return storeItems(database, model, {
      issues: [issueItem(model, number, String(prev.title), body, state)],
    });
  }
  if (e.kind === "uncomment") {
    const id = pick([...model.comments.keys()], e.comment);
    if (id !== undefined) await deleteComment(database, model, id);
    return;
  }
  const clusters = await clusterIds(database);
  if (e.kind === "merge") {
    const a = pick(clusters, e.a)?.[0];
    const b = pick(clusters, e.b)?.[0];
    if (!a || !b || a === b) return;
    await mergeClusters(deps, { clusterIds: [a, b], actor: "test", reason: "same problem" });
  } else {
    const cluster = pick(
      clusters.filter(([, m]) => m.length > 1),
      e.cluster,
    );
    if (!cluster) return;
    const member = pick(cluster[1], e.member)!;
    await splitCluster(deps, {
      clusterId: cluster[0],
      issueKeys: [member],
      actor: "test",
      reason: "different",
    });
  }
  await database.atomic([markRefreshPendingStatement(database.db, clock.now().toISOString())]);
}

/** Refreshes through the runner with small slices and a small call budget: many resumed calls. */
async function refreshInSlices(
  database: Database,
  calls: number,
  onSlice?: (step: string, n: number) => void,
) {
  const coordinator = createRefreshCoordinator({
    database,
    clock,
    logger: quiet,
    steps: reclusterSteps({ extractPage: 3, linkPage: 4, writeSlice: 3, onSlice }),
    budget: { maxCalls: calls },
  });
  const statuses: string[] = [];
  for (let n = 0; n < 500; n++) {
    const outcome = await coordinator.drain("test", { account: false });
    statuses.push(outcome.status);
    if (outcome.status === "idle") return statuses;
  }
  throw new Error(`the refresh did not finish: ${statuses.slice(-5).join(", ")}`);
}

async function fromScratch(source: Database, model: Model) {
  const full = makeTestDb();
  await copyInto(full, source, model);
  await recluster({ database: full, clock });
  return full;
}

async function seeded(size: number, seed: number) {
  const database = makeTestDb();
  const model = newModel();
  const items = Array.from({ length: size }, (_, i) =>
    issueItem(model, i + 1, `Problem ${(i * 7 + seed) % 80}`, textFor((i * 13 + seed) % 80)),
  );
  await storeItems(database, model, { issues: items });
  await storeItems(database, model, {
    comments: [1, 3, 5].map((n) => commentItem(model, n, textFor((n * 11 + seed) % 80))),
  });
  return { database, model };
}

describe("incremental re-cluster", () => {
  it("ends, after any sequence of edits, exactly where a full re-cluster from scratch ends", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(80),
        fc.array(fc.record({ edit, refresh: fc.boolean() }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 12, max: 60 }),
        async (seed, edits, calls) => {
          const { database, model } = await seeded(10, seed);
          await refreshInSlices(database, calls);
          for (const { edit: e, refresh } of edits) {
            await apply(database, model, e);
            if (refresh) await refreshInSlices(database, calls);
          }
          await refreshInSlices(database, calls);
          const incremental = await clusteringState(database);
          expect(Object.values(incremental.byIssue).every((i) => !i.needsAnalysis)).toBe(true);

          // A new database with the same data and rules, clustered once: same groups, signatures, ties.
          const full = await fromScratch(database, model);
          expect(withoutIds(incremental)).toEqual(withoutIds(await clusteringState(full)));

          // The same database with its evidence cache dropped: every issue re-extracted, same ids too.
          await database.atomic([database.db.delete(issueEvidence)]);
          await recluster({ database, clock });
          expect(await clusteringState(database)).toEqual(incremental);
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it("resumes a step that died mid-way from its persisted cursor and ends equal to a full run", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("extract", "link", "write"),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 15, max: 40 }),
        async (step, slice, calls) => {
          const { database, model } = await seeded(24, 5);
          let died = false;
          const statuses = await refreshInSlices(database, calls, (name, n) => {
            if (!died && name === step && n === slice) {
              died = true;
              throw new Error(`${name} died in slice ${n}`);
            }
          });
          const full = await fromScratch(database, model);
          expect(withoutIds(await clusteringState(database))).toEqual(
            withoutIds(await clusteringState(full)),
          );
          if (died) expect(statuses).toContain("failed");
        },
      ),
      { numRuns: 12 },
    );
  }, 240_000);

  it("makes progress with every invocation when the write step needs several, whatever the call cap", async () => {
    // Found at 100k on the Worker: a write slice that ran into D1's call cap threw, the runner kept
    // the step's last saved cursor (its start), and every invocation redid the same slices.
    for (const calls of [60, 70, 80, 90]) {
      const standIn = new SqliteD1();
      const open = (cap: number) =>
        openD1Database(standIn.binding, { limits: { maxCallsPerInvocation: cap } });
      const model = newModel();
      const items = Array.from({ length: 60 }, (_, i) =>
        issueItem(model, i + 1, `Problem ${i % 80}`, textFor((i * 13 + 2) % 80)),
      );
      const seeding = open(Number.POSITIVE_INFINITY);
      await storeItems(seeding, model, { issues: items });
      let invocations = 0;
      for (; invocations < 60; invocations++) {
        standIn.beginInvocation();
        const coordinator = createRefreshCoordinator({
          database: open(calls),
          clock,
          logger: quiet,
          steps: reclusterSteps({ extractPage: 60, linkPage: 100, writeSlice: 4 }),
        });
        if ((await coordinator.drain("test", { account: false })).status === "idle") break;
      }
      expect(invocations).toBeLessThan(60);
      const full = await fromScratch(seeding, model);
      expect(withoutIds(await clusteringState(seeding))).toEqual(withoutIds(await clusteringState(full)));
      standIn.close();
    }
  }, 120_000);

  it("extracts again only the issues whose text changed", async () => {
    const { database, model } = await seeded(12, 3);
    await recluster({ database, clock });
    const [first] = [...model.issues.values()];
    const calls: Record<string, unknown>[] = [];
    await storeItems(database, model, {
      issues: [issueItem(model, Number(first!.number), "Problem renamed", textFor(33))],
      comments: [commentItem(model, 2, "Thanks, that fixed it.")],
    });
    // A state change alone leaves the text, and so the evidence, as it was.
    const third = model.issues.get(3)!;
    await storeItems(database, model, {
      issues: [issueItem(model, 3, String(third.title), String(third.body), "closed")],
    });
    const coordinator = createRefreshCoordinator({ database, clock, logger: quiet, steps: reclusterSteps() });
    const outcome = await coordinator.drain("test", { account: false });
    for (const s of outcome.steps) if (s.step === "extract") calls.push(s.summary ?? {});
    expect(calls).toEqual([{ extracted: 2, unchanged: 1, slices: 1 }]);
  });

  it("extracts an issue whose cached evidence is missing or of another pipeline version, though its text did not change", async () => {
    const { database, model } = await seeded(12, 3);
    await recluster({ database, clock });
    const before = await clusteringState(database);
    // A migration that clears the cache, and evidence a previous release wrote: neither flags the issue.
    await database.atomic([
      database.db.delete(issueEvidence).where(eq(issueEvidence.issueId, 50_002)),
      database.db
        .update(issueEvidence)
        .set({ version: "2020-01-01.1" })
        .where(eq(issueEvidence.issueId, 50_005)),
    ]);
    expect(model.issues.size).toBeGreaterThan(5);
    const coordinator = createRefreshCoordinator({ database, clock, logger: quiet, steps: reclusterSteps() });
    await database.atomic([markRefreshPendingStatement(database.db, clock.now().toISOString())]);
    const outcome = await coordinator.drain("test", { account: false });
    expect(outcome.steps.find((s) => s.step === "extract")?.summary).toMatchObject({ extracted: 2 });
    const versions = await database.db.select({ v: issueEvidence.version }).from(issueEvidence);
    expect(versions).toHaveLength(12);
    expect(new Set(versions.map((r) => r.v))).toEqual(new Set([PIPELINE_VERSION]));
    expect(await clusteringState(database)).toEqual(before);
  });

  it("finds an issue whose evidence is missing when a new issue (flagged, without evidence) arrives with it", async () => {
    const { database, model } = await seeded(12, 3);
    await recluster({ database, clock });
    // The new issue makes up the count the missing row leaves: only the flagged ones are covered.
    await database.atomic([database.db.delete(issueEvidence).where(eq(issueEvidence.issueId, 50_004))]);
    await storeItems(database, model, { issues: [issueItem(model, 13, "Problem new", textFor(21))] });
    const coordinator = createRefreshCoordinator({ database, clock, logger: quiet, steps: reclusterSteps() });
    const outcome = await coordinator.drain("test", { account: false });
    expect(outcome.steps.find((s) => s.step === "extract")?.summary).toMatchObject({ extracted: 2 });
    expect(await database.db.select({ id: issueEvidence.issueId }).from(issueEvidence)).toHaveLength(13);
  });

  it("skips linking when no evidence changed, and links again after a curator rule", async () => {
    const { database, model } = await seeded(12, 3);
    await recluster({ database, clock });
    const before = await clusteringState(database);
    const third = model.issues.get(3)!;
    await storeItems(database, model, {
      issues: [issueItem(model, 3, String(third.title), String(third.body), "closed")],
      comments: [commentItem(model, 4, "Thanks, that fixed it.")],
    });
    const coordinator = createRefreshCoordinator({ database, clock, logger: quiet, steps: reclusterSteps() });
    const outcome = await coordinator.drain("test", { account: false });
    expect(outcome.steps.find((s) => s.step === "link")?.summary).toMatchObject({
      skipped: true,
      changedIssues: 0,
    });
    expect(await clusteringState(database)).toEqual(before);

    const [cluster] = await clusterIds(database);
    await splitCluster(
      { database, clock },
      { clusterId: cluster![0], issueKeys: [cluster![1][0]!], actor: "t", reason: "r" },
    );
    await database.atomic([markRefreshPendingStatement(database.db, clock.now().toISOString())]);
    const again = await coordinator.drain("test", { account: false });
    expect(again.steps.find((s) => s.step === "link")?.summary).not.toHaveProperty("skipped");
  });

  it("keeps an issue flagged when it is written between its claim and the end of its extraction", async () => {
    const { database, model } = await seeded(4, 1);
    const { db, limits } = database;
    const id = 50_001;
    await database.atomic(claimIssuesStatements(db, [id], limits));
    const first = model.issues.get(1)!;
    await storeItems(database, model, {
      issues: [issueItem(model, 1, "Edited meanwhile", String(first.body))],
    });
    await database.atomic(releaseClaimsStatements(db, [id, 50_002], limits));
    const flags = await db.select({ id: issues.id, flag: issues.needsAnalysis }).from(issues);
    expect(flags.find((r) => r.id === id)?.flag).toBe(true);
    expect(flags.find((r) => r.id === 50_002)?.flag).toBe(true);
    await database.atomic(claimIssuesStatements(db, [50_002], limits));
    await database.atomic(releaseClaimsStatements(db, [50_002], limits));
    expect(
      (await db.select({ id: issues.id, flag: issues.needsAnalysis }).from(issues)).find(
        (r) => r.id === 50_002,
      )?.flag,
    ).toBe(false);
  });
});
