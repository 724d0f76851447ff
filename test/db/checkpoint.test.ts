import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { searchLog } from "../../src/db/schema.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Frames in the WAL and how many of them are in the database file, as a third connection sees them. */
function walState(file: string) {
  const probe = new BetterSqlite3(file);
  try {
    const [row] = probe.pragma("wal_checkpoint(PASSIVE)") as { log: number; checkpointed: number }[];
    return row!;
  } finally {
    probe.close();
  }
}

describe("SQLite checkpoints", () => {
  it("leaves the WAL to the connection that checkpoints when told to, and copies it on demand", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kb-ckpt-"));
    dirs.push(dir);
    const file = join(dir, "kb.sqlite");
    const http = openSqliteDatabase(file, { autoCheckpointPages: 0 });
    const worker = openSqliteDatabase(file, { migrate: false, autoCheckpointPages: 16_000 });
    // ~2,000 pages of writes from the connection that never checkpoints (the default would at 1,000).
    for (let i = 0; i < 40; i++)
      await http.atomic(
        Array.from({ length: 50 }, (_, j) =>
          http.db.insert(searchLog).values({
            query: `${i}-${j} ${"x".repeat(3_000)}`,
            matchedSignature: null,
            bestScore: null,
            resultCount: 0,
            createdAt: "2026-12-02T00:00:00Z",
          }),
        ),
      );
    // The log grew past SQLite's 1,000-page default: no commit copied it and started it again.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(1_500 * 4_096);
    worker.checkpoint?.();
    // Everything the log held is in the file now: a checkpoint finds nothing left to copy.
    const after = walState(file);
    expect(after.checkpointed).toBe(after.log);
    http.close();
    worker.close();
  });
});
