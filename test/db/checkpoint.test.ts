// Who copies SQLite's write-ahead log into the database file: with `checkpoint: "deferred"` (the
// server's connections) no commit below the backstop does, and `checkpoint()` copies it all; with
// SQLite's own way, the commit that takes the log past 1,000 pages does, inside that commit.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openSqliteDatabase, type SqliteOptions } from "../../src/db/node-client.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const MiB = 1024 * 1024;

/** A database whose connection then commits 8 MiB (about 2,000 pages) in one write. */
async function afterABigCommit(options: SqliteOptions) {
  const dir = mkdtempSync(join(tmpdir(), "kb-checkpoint-"));
  dirs.push(dir);
  const file = join(dir, "kb.sqlite");
  const database = openSqliteDatabase(file, options);
  database.checkpoint?.(); // the migrations' pages: the file starts with the schema
  const before = statSync(file).size;
  await database.db.run(sql`create table filler (n integer primary key, b blob)`);
  await database.db.run(
    sql`insert into filler (b) select randomblob(8192) from json_each(${JSON.stringify(Array(1024).fill(0))})`,
  );
  return { database, file, before };
}

describe("the write-ahead log's checkpoints", () => {
  it("are left to the owner when deferred: the commit leaves its pages in the log, checkpoint() copies them", async () => {
    const { database, file, before } = await afterABigCommit({ checkpoint: "deferred" });
    expect(statSync(file).size - before).toBeLessThan(MiB);
    const result = database.checkpoint?.();
    expect(result?.busy).toBe(false);
    expect(result?.copiedPages).toBe(result?.logPages);
    expect(result?.logPages).toBeGreaterThan(2_000);
    expect(statSync(file).size - before).toBeGreaterThan(8 * MiB);
    database.close();
  });

  it("leave an empty log when deferred: the next commit appends to it rather than writing over old frames", async () => {
    const { database, file } = await afterABigCommit({ checkpoint: "deferred" });
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(8 * MiB);
    database.checkpoint?.();
    // The log starts over at the next write, cut to nothing first; then it holds that write alone.
    await database.db.run(sql`insert into filler (b) values (randomblob(100))`);
    expect(statSync(`${file}-wal`).size).toBeLessThan(64 * 1024);
    database.close();
  });

  it("run inside the commit that crosses 1,000 pages by default", async () => {
    const { database, file, before } = await afterABigCommit({});
    expect(statSync(file).size - before).toBeGreaterThan(8 * MiB);
    database.close();
  });
});
