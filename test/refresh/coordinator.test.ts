import { describe, expect, it } from "vitest";
import { recluster } from "../../src/clustering/recluster.js";
import type { Database } from "../../src/db/client.js";
import { openD1Database } from "../../src/db/d1-client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { acquireLease, loadRefreshState } from "../../src/db/queries/refresh.js";
import { clusters, issues } from "../../src/db/schema.js";
import { SqliteD1 } from "../../src/db/sqlite-d1.js";
import { fixedClock } from "../../src/domain/clock.js";
import { storeGitHubItems } from "../../src/github/store-items.js";
import { memoryLogger } from "../../src/logger.js";
import { createRefreshCoordinator, type RefreshStep } from "../../src/refresh/index.js";
import corpus from "../fixtures/sample-corpus.json" with { type: "json" };
import { makeTestDb } from "../helpers/test-db.js";
import { countingStep, gatedStep, isPending, markPending, NOW } from "./harness.js";

const clock = fixedClock(NOW);

function coordinatorOver(database = makeTestDb(), steps?: RefreshStep[], extra = {}) {
  const logger = memoryLogger();
  return {
    database,
    logger,
    refresh: createRefreshCoordinator({ database, clock, logger, steps, ...extra }),
  };
}

describe("the refresh coordinator", () => {
  it("does nothing, and says so, when no write asked for a refresh", async () => {
    const step = gatedStep();
    step.open();
    const { refresh } = coordinatorOver(undefined, [step]);
    expect(await refresh.drain("test")).toMatchObject({ status: "idle", completed: 0 });
    expect(step.runs).toBe(0);
  });

  it("serves any number of requests that arrive during a refresh with one following run", async () => {
    const step = gatedStep();
    const { database, refresh } = coordinatorOver(undefined, [step]);
    await markPending(database);
    const first = refresh.drain("webhook");
    await step.started;
    const during = [];
    for (let i = 0; i < 5; i++) {
      await markPending(database);
      during.push(refresh.drain("webhook"));
    }
    step.open();
    const outcomes = await Promise.all([first, ...during]);
    expect(step.runs).toBe(2);
    expect(outcomes.every((o) => o.status === "idle" && o.completed === 2)).toBe(true);
    expect(await isPending(database)).toBe(false);
  });

  it("makes a burst of writes one run when it settles first, and pauses before the run that follows", async () => {
    const step = gatedStep();
    step.open();
    const pauses: number[] = [];
    const { database, refresh } = coordinatorOver(undefined, [step], {
      settleMs: 30,
      coalesceDelayMs: (last: number) => {
        pauses.push(last);
        return 5;
      },
    });
    const burst = [];
    for (let i = 0; i < 10; i++) {
      await markPending(database);
      burst.push(refresh.drain("webhook"));
    }
    const outcomes = await Promise.all(burst);
    expect(step.runs).toBe(1);
    expect(outcomes.every((o) => o.status === "idle" && o.completed === 1)).toBe(true);
    expect(pauses).toEqual([]);
    expect(await isPending(database)).toBe(false);
  });

  it("with one job a run, still serves the requests that joined it, and continues later for writes nobody waits on", async () => {
    const step = gatedStep();
    const later: (() => void)[] = [];
    const { database, refresh } = coordinatorOver(undefined, [step], {
      jobsPerRun: 1,
      continueLater: (work: () => void) => later.push(work),
    });
    await markPending(database);
    const first = refresh.drain("webhook");
    await step.started;
    await markPending(database);
    const joined = refresh.drain("curation");
    step.open();
    expect(await joined).toMatchObject({ status: "idle", completed: 2 });
    expect(await first).toMatchObject({ completed: 2 });
    expect(step.runs).toBe(2);

    // A write during the only run: it stops at its cap ("paused" by jobs), and the continuation does the rest.
    const gate = gatedStep();
    const capped = coordinatorOver(undefined, [gate], {
      jobsPerRun: 1,
      continueLater: (work: () => void) => later.push(work),
    });
    await markPending(capped.database);
    const run = capped.refresh.drain("webhook");
    await gate.started;
    await markPending(capped.database);
    gate.open();
    later.length = 0;
    expect(await run).toMatchObject({ status: "paused", stoppedBy: "jobs", completed: 1 });
    expect(await isPending(capped.database)).toBe(true);
    expect(later).toHaveLength(1);
    later[0]!();
    await new Promise((done) => setTimeout(done, 50));
    expect(await isPending(capped.database)).toBe(false);
  });

  it("lets one holder refresh a database at a time, across coordinators, and takes over an expired lease", async () => {
    const standIn = new SqliteD1();
    const step = gatedStep();
    const a = coordinatorOver(openD1Database(standIn.binding), [step]);
    const b = coordinatorOver(openD1Database(standIn.binding), [step]);
    await markPending(a.database);
    const running = a.refresh.drain("a");
    await step.started;
    expect((await b.refresh.drain("b")).status).toBe("busy");
    step.open();
    expect((await running).status).toBe("idle");

    // A holder that died: its lease row blocks others until it expires, then the next caller takes over.
    await markPending(a.database);
    await acquireLease(a.database.db, {
      name: "refresh:knowledge",
      owner: "dead-process",
      now: "2026-11-30T11:58:00.000Z",
      expiresAt: "2026-11-30T12:05:00.000Z",
    });
    expect((await b.refresh.drain("b")).status).toBe("busy");
    await acquireLease(a.database.db, {
      name: "refresh:knowledge",
      owner: "dead-process",
      now: "2026-11-30T11:00:00.000Z",
      expiresAt: "2026-11-30T11:10:00.000Z",
    });
    expect((await b.refresh.drain("b")).status).toBe("idle");
    expect(await isPending(b.database)).toBe(false);
  });

  it("pauses when the invocation's calls run out and resumes from the saved cursor in the next one", async () => {
    const standIn = new SqliteD1();
    const seen: (number | null)[] = [];
    const invocation = () =>
      coordinatorOver(openD1Database(standIn.binding, { limits: { maxCallsPerInvocation: 30 } }), [
        countingStep(50, 100, seen),
      ]);
    await markPending(invocation().database);
    const statuses: string[] = [];
    for (let i = 0; i < 10 && (statuses.at(-1) ?? "paused") === "paused"; i++) {
      standIn.beginInvocation();
      const { refresh, database } = invocation();
      statuses.push((await refresh.drain("cron")).status);
      expect(database.meter.calls).toBeLessThanOrEqual(30);
    }
    expect(statuses.length).toBeGreaterThan(2);
    expect(statuses.at(-1)).toBe("idle");
    expect(seen[0]).toBeNull();
    // Every invocation after the first starts where the previous one stopped: no item is done twice.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(Number(seen[i - 1] ?? 0));
    expect((await loadRefreshState(invocation().database.db))?.invocations).toBe(statuses.length);
  });

  it("keeps a failed step's place: the next run retries that step, not the ones before it", async () => {
    const first = gatedStep("first");
    first.open();
    let failures = 1;
    const flaky: RefreshStep = {
      name: "flaky",
      async run() {
        if (failures-- > 0) throw new Error("out of memory");
        return { cursor: null, done: true };
      },
    };
    const { database, refresh } = coordinatorOver(undefined, [first, flaky]);
    await markPending(database);
    expect(await refresh.drain("test")).toMatchObject({ status: "failed", error: "flaky: out of memory" });
    expect(await isPending(database)).toBe(true);
    expect((await loadRefreshState(database.db))?.stepName).toBe("flaky");
    expect(await refresh.drain("test")).toMatchObject({ status: "idle", completed: 1 });
    expect(first.runs).toBe(1);
  });

  it("re-clusters and re-indexes over the D1 stand-in, logging one line with the invocation's calls", async () => {
    const standIn = new SqliteD1();
    const database = openD1Database(standIn.binding);
    await storeGitHubItems(database, corpus, NOW);
    const { refresh, logger } = coordinatorOver(database);
    expect(await refresh.drain("ingest")).toMatchObject({ status: "idle", completed: 1 });
    // The same clusters as better-sqlite3 gives for the same corpus: nothing lost to D1's limits.
    const reference = openSqliteDatabase(":memory:");
    await storeGitHubItems(reference, corpus, NOW);
    await recluster({ database: reference, clock: fixedClock(NOW) });
    const membership = async (db: Database) =>
      (await db.db.select({ id: issues.id, clusterId: issues.clusterId }).from(issues)).sort(
        (a, b) => a.id - b.id,
      );
    expect(await membership(database)).toEqual(await membership(reference));
    expect((await database.db.select().from(clusters)).length).toBeGreaterThan(0);
    expect((await database.db.select().from(issues)).every((r) => !r.needsAnalysis)).toBe(true);
    const line = logger.lines.find((l) => l.message === "refresh invocation");
    expect(line?.fields).toMatchObject({ trigger: "ingest", status: "idle" });
    expect(line?.fields?.d1Calls).toBeGreaterThan(0);
    expect(line?.fields?.d1Calls).toBeLessThanOrEqual(standIn.calls);
  });
});
