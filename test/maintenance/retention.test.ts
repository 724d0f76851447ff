import { describe, expect, it } from "vitest";
import { deletedComments, searchLog, webhookDeliveries } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { applyRetention } from "../../src/maintenance/retention.js";
import { makeTestDb } from "../helpers/test-db.js";

const NOW = "2026-11-26T12:00:00.000Z";
const daysAgo = (days: number) => new Date(Date.parse(NOW) - days * 86_400_000).toISOString();

function logRow(createdAt: string, query = "q") {
  return { query, matchedSignature: null, bestScore: null, resultCount: 0, createdAt };
}

describe("applyRetention", () => {
  it("deletes search queries older than the retention and keeps the rest", async () => {
    const database = makeTestDb();
    const { db } = database;
    await db
      .insert(searchLog)
      .values([
        logRow(daysAgo(91), "old"),
        logRow(daysAgo(90), "at the limit"),
        logRow(daysAgo(1), "recent"),
      ]);
    const report = await applyRetention({ database, clock: fixedClock(NOW) }, { searchLogDays: 90 });
    expect(report.searchLog).toBe(1);
    const kept = await db.select().from(searchLog);
    expect(kept.map((r) => r.query).sort()).toEqual(["at the limit", "recent"]);
  });

  it("honours a configured retention", async () => {
    const database = makeTestDb();
    await database.db.insert(searchLog).values([logRow(daysAgo(8)), logRow(daysAgo(6))]);
    await applyRetention({ database, clock: fixedClock(NOW) }, { searchLogDays: 7 });
    expect(await database.db.select().from(searchLog)).toHaveLength(1);
  });

  it("prunes delivery ids after a week and comment tombstones after a month", async () => {
    const database = makeTestDb();
    const { db } = database;
    await db.insert(webhookDeliveries).values([
      { id: "old", event: "issues", receivedAt: daysAgo(8) },
      { id: "new", event: "issues", receivedAt: daysAgo(2) },
    ]);
    await db.insert(deletedComments).values([
      { id: 1, updatedAt: daysAgo(40), deletedAt: daysAgo(31) },
      { id: 2, updatedAt: daysAgo(40), deletedAt: daysAgo(29) },
    ]);
    const report = await applyRetention({ database, clock: fixedClock(NOW) }, { searchLogDays: 90 });
    expect(report).toEqual({ searchLog: 0, webhookDeliveries: 1, commentTombstones: 1 });
    expect((await db.select().from(webhookDeliveries)).map((r) => r.id)).toEqual(["new"]);
    expect((await db.select().from(deletedComments)).map((r) => r.id)).toEqual([2]);
  });

  it("bounds one run's work and finishes the rest on the next run", async () => {
    const database = makeTestDb();
    const rows = Array.from({ length: 2500 }, (_, i) => logRow(daysAgo(100), `q${i}`));
    for (let i = 0; i < rows.length; i += 500)
      await database.db.insert(searchLog).values(rows.slice(i, i + 500));
    const deps = { database, clock: fixedClock(NOW) };
    expect((await applyRetention(deps, { searchLogDays: 90, maxBatches: 1 })).searchLog).toBe(2000);
    expect((await applyRetention(deps, { searchLogDays: 90, maxBatches: 1 })).searchLog).toBe(500);
    expect(await database.db.select().from(searchLog)).toHaveLength(0);
  });
});
