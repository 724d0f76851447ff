// Two connections to one SQLite file, as the Node server and its refresh worker have: a write group
// on one waits for the other's write lock between event-loop turns, not asleep inside SQLite.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { loadRefreshState, markRefreshPendingStatement } from "../../src/db/queries/refresh.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function twoConnections() {
  const dir = mkdtempSync(join(tmpdir(), "kb-lock-"));
  dirs.push(dir);
  const file = join(dir, "kb.sqlite");
  const database = openSqliteDatabase(file);
  const other = new BetterSqlite3(file);
  return { database, other };
}

describe("a write group while another connection holds the write lock", () => {
  it("waits without blocking the event loop, then commits once the lock is free", async () => {
    const { database, other } = twoConnections();
    other.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const write = database.atomic([markRefreshPendingStatement(database.db, "2026-12-01T00:00:00.000Z")]);
    await new Promise((done) => setTimeout(done, 100));
    expect(ticks).toBeGreaterThan(5); // the loop kept turning while the write waited
    other.exec("COMMIT");
    await write;
    clearInterval(ticker);
    expect((await loadRefreshState(database.db))?.generation).toBe(1);
    other.close();
    database.close();
  });

  it("gives up with SQLITE_BUSY when the lock stays taken longer than busy_timeout", async () => {
    const { database, other } = twoConnections();
    other.exec("BEGIN IMMEDIATE");
    const started = Date.now();
    await expect(
      database.atomic([markRefreshPendingStatement(database.db, "2026-12-01T00:00:00.000Z")]),
    ).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    other.exec("ROLLBACK");
    other.close();
    database.close();
  });
});
