import { afterEach, describe, expect, it, vi } from "vitest";
import { searchLog } from "../../src/db/schema.js";
import type { Clock } from "../../src/domain/clock.js";
import { memoryLogger } from "../../src/logger.js";
import { RETENTION_INTERVAL_MS, scheduleRetention } from "../../src/maintenance/schedule.js";
import { makeTestDb } from "../helpers/test-db.js";

describe("scheduleRetention (npm start)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("prunes at start and again every day", async () => {
    vi.useFakeTimers();
    const database = makeTestDb();
    let now = Date.parse("2026-11-26T12:00:00Z");
    const clock: Clock = { now: () => new Date(now) };
    const logger = memoryLogger();
    const at = (ms: number) => new Date(ms).toISOString();
    await database.db.insert(searchLog).values([
      { query: "old", resultCount: 0, createdAt: at(now - 91 * 86_400_000) },
      { query: "ages tomorrow", resultCount: 0, createdAt: at(now - 89.5 * 86_400_000) },
    ]);
    const stop = scheduleRetention({ database, clock, logger }, { searchLogDays: 90 });
    await vi.waitFor(() =>
      expect(logger.lines.filter((l) => l.message === "retention applied")).toHaveLength(1),
    );
    expect((await database.db.select().from(searchLog)).map((r) => r.query)).toEqual(["ages tomorrow"]);

    now += RETENTION_INTERVAL_MS;
    await vi.advanceTimersByTimeAsync(RETENTION_INTERVAL_MS);
    await vi.waitFor(() =>
      expect(logger.lines.filter((l) => l.message === "retention applied")).toHaveLength(2),
    );
    expect(await database.db.select().from(searchLog)).toHaveLength(0);
    stop();
    await vi.advanceTimersByTimeAsync(RETENTION_INTERVAL_MS);
    expect(logger.lines.filter((l) => l.message === "retention applied")).toHaveLength(2);
  });
});
