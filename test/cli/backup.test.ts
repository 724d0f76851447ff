import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { BackupError, backupDatabase } from "../../src/cli/backup.js";
import type { Database } from "../../src/db/client.js";
import { openSqliteDatabase } from "../../src/db/node-client.js";
import { upsertCommentStatement, upsertIssueStatement } from "../../src/db/queries/ingest.js";
import { issueRow } from "../db/query-contract.js";
import { makeTestApp, readJson } from "../helpers/test-app.js";
import { runKb } from "./run-kb.js";

const dir = mkdtempSync(join(tmpdir(), "kb-backup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One issue and its comment in one atomic group: a consistent copy always has as many of each. */
function writePair(database: Database, n: number) {
  const { db } = database;
  return database.atomic([
    upsertIssueStatement(db, issueRow(n, { body: `body ${n} ${"x".repeat(2000)}` })),
    upsertCommentStatement(db, {
      id: 500_000 + n,
      repoKey: "seldonio/seldon-core",
      issueNumber: n,
      body: `comment ${n}`,
      htmlUrl: `https://github.com/SeldonIO/seldon-core/issues/${n}#issuecomment-${500_000 + n}`,
      createdAt: "2024-01-03T00:00:00Z",
      updatedAt: "2024-01-03T00:00:00Z",
    }),
  ]);
}

function counts(path: string) {
  const copy = new BetterSqlite3(path, { readonly: true });
  try {
    const one = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
    return {
      integrity: copy.pragma("integrity_check", { simple: true }),
      issues: one("select count(*) as n from issues"),
      comments: one("select count(*) as n from comments"),
    };
  } finally {
    copy.close();
  }
}

describe("backupDatabase", () => {
  it("makes a consistent copy while another connection keeps writing, and the copy restores", async () => {
    const source = join(dir, "live.sqlite");
    const live = openSqliteDatabase(source);
    for (let n = 1; n <= 400; n++) await writePair(live, n);
    let next = 401;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await writePair(live, next++);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const progress: number[] = [];
    const report = await backupDatabase(source, join(dir, "copy.sqlite"), {
      pagesPerStep: 8,
      onProgress: (p) => progress.push(p.remainingPages),
    });
    const writtenDuring = next - 401;
    writing = false;
    await writer;

    expect(writtenDuring).toBeGreaterThan(0);
    // SQLite started the copy over when the writer changed pages it had copied: writes really
    // happened mid-backup, and the copy still came out consistent.
    expect(report.restarts).toBeGreaterThan(0);
    expect(progress.length).toBeGreaterThan(1);
    const copy = counts(join(dir, "copy.sqlite"));
    expect(copy.integrity).toBe("ok");
    expect(copy.issues).toBe(copy.comments);
    expect(copy.issues).toBeGreaterThanOrEqual(400);
    expect(copy.issues).toBeLessThan(next);
    expect(report.pages).toBeGreaterThan(0);

    // Once writes stop, a backup holds exactly what the server has.
    const settled = await backupDatabase(source, join(dir, "settled.sqlite"));
    expect(settled.restarts).toBe(0);
    expect(counts(join(dir, "settled.sqlite"))).toEqual({
      integrity: "ok",
      issues: next - 1,
      comments: next - 1,
    });
    live.close();

    // Restore = start over the copy: it opens, migrates (nothing to do) and serves the same data.
    const restored = openSqliteDatabase(join(dir, "settled.sqlite"));
    const listed = await readJson(
      await makeTestApp({ database: restored }).app.request("/api/issues?limit=100"),
    );
    expect(listed.issues).toHaveLength(100);
    expect(listed.issues[0].commentCount).toBe(1);
    restored.close();
  });

  it("leaves no half-written file when it fails, and never overwrites the database itself", async () => {
    const source = join(dir, "small.sqlite");
    openSqliteDatabase(source).close();
    await expect(backupDatabase(source, source)).rejects.toThrow(/over the database itself/);
    await expect(backupDatabase(source, join(dir, "missing", "x.sqlite"))).rejects.toThrow(
      /the directory .*missing does not exist/,
    );
    writeFileSync(join(dir, "a-file"), "");
    await expect(backupDatabase(source, join(dir, "a-file", "x.sqlite"))).rejects.toBeInstanceOf(BackupError);
    await expect(backupDatabase(join(dir, "nothing.sqlite"), join(dir, "y.sqlite"))).rejects.toThrow(
      /there is no database/,
    );
    expect(readdirSync(dir).filter((f) => f.includes(".partial-"))).toEqual([]);
  });
});

describe("kb backup", () => {
  it("copies the database with progress on stderr and a summary on stdout", async () => {
    const source = join(dir, "cli.sqlite");
    const live = openSqliteDatabase(source);
    for (let n = 1; n <= 50; n++) await writePair(live, n);
    live.close();
    const target = join(dir, "cli-copy.sqlite");
    const run = await runKb(["backup", target], { KB_DB_PATH: source }).done;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/backup: 100% \(\d+ of \d+ pages\)/);
    expect(run.stdout).toMatch(/^backed up .*cli\.sqlite to .*cli-copy\.sqlite: \d+ pages .* integrity ok$/m);
    expect(counts(target)).toEqual({ integrity: "ok", issues: 50, comments: 50 });
  });

  it("fails with one clear line for a path it cannot write, and usage without FILE", async () => {
    const source = join(dir, "cli.sqlite");
    const bad = await runKb(["backup", "/nonexistent-dir/kb.sqlite"], { KB_DB_PATH: source }).done;
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      "kb: cannot write /nonexistent-dir/kb.sqlite: the directory /nonexistent-dir does not exist",
    );
    const usage = await runKb(["backup"], { KB_DB_PATH: source }).done;
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("backup needs exactly one FILE");
    expect(existsSync("/nonexistent-dir")).toBe(false);
  });
});
