import { describe, expect, it } from "vitest";
import { rebuildQueue } from "../../src/curation/queue.js";
import { queueBasis } from "../../src/db/schema.js";
import { fixedClock } from "../../src/domain/clock.js";
import { scheduleQueueRescore } from "../../src/maintenance/schedule.js";
import { makeTestDb } from "../helpers/test-db.js";

const quiet = { info() {}, warn() {}, error() {} };

describe("queue housekeeping", () => {
  it("starts a refresh once when the queue's scores are an hour old, and not while they are fresh", async () => {
    const database = makeTestDb();
    await rebuildQueue({ database, clock: fixedClock("2026-12-02T09:00:00Z") }, { whole: true });
    const drains: string[] = [];
    const check = (iso: string) =>
      new Promise<void>((done) => {
        const stop = scheduleQueueRescore(
          { database, clock: fixedClock(iso), logger: quiet },
          async () => {
            drains.push(iso);
          },
          5,
        );
        setTimeout(() => {
          stop();
          done();
        }, 60);
      });
    await check("2026-12-02T09:30:00Z");
    expect(drains).toEqual([]);
    await check("2026-12-02T10:30:00Z");
    // Asked once: the flag stays set until the refresh it started scores the whole queue.
    expect(drains).toEqual(["2026-12-02T10:30:00Z"]);
    expect((await database.db.select().from(queueBasis))[0]?.wholeRequested).toBe(true);
  });
});
