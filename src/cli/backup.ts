import { accessSync, constants, existsSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";

/** A backup that cannot be made, with a one-line reason a person can act on. */
export class BackupError extends Error {
  override name = "BackupError";
}

export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
  /** Times SQLite started over because the server wrote to the database mid-copy. */
  restarts: number;
}

export interface BackupReport {
  pages: number;
  bytes: number;
  restarts: number;
  ms: number;
}

export interface BackupOptions {
  /** Pages copied per step between which the server may write (default 1,000 × 4 KiB). */
  pagesPerStep?: number;
  /** After this many restarts the rest is copied in one step, so a busy server cannot starve it. */
  maxRestarts?: number;
  onProgress?: (progress: BackupProgress) => void;
}

function checkTarget(source: string, target: string): void {
  if (target.trim() === "") throw new BackupError("the backup FILE is empty");
  const dir = dirname(target);
  if (!existsSync(dir)) throw new BackupError(`cannot write ${target}: the directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory())
    throw new BackupError(`cannot write ${target}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new BackupError(`cannot write ${target}: no permission to write in ${dir}`);
  }
  if (existsSync(target) && statSync(target).isDirectory())
    throw new BackupError(`cannot write ${target}: it is a directory; name a file`);
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : resolve(p));
  if (real(target) === real(source) || real(target).startsWith(`${real(source)}-`))
    throw new BackupError(`refusing to write the backup over the database itself (${source})`);
}

/** Makes the copy one self-contained file and checks every page of it before it is put in place. */
function sealCopy(path: string): void {
  const copy = new BetterSqlite3(path);
  try {
    copy.pragma("journal_mode = DELETE");
    const result = copy.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new BackupError(`the copy failed its integrity check: ${String(result)}`);
  } finally {
    copy.close();
  }
}

/**
 * A consistent copy of the SQLite database at `source` in `target`, made with SQLite's online
 * backup API while the server keeps reading and writing (WAL: the copy never blocks the server).
 * It is written next to `target`, checked, and renamed into place, so `target` is never half written.
 */
export async function backupDatabase(
  source: string,
  target: string,
  options: BackupOptions = {},
): Promise<BackupReport> {
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source} (KB_DB_PATH)`);
  checkTarget(source, target);
  const started = performance.now();
  const partial = resolve(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  const step = options.pagesPerStep ?? 1000;
  try {
    const done = await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) restarts += 1;
        lastRemaining = remainingPages;
        options.onProgress?.({ totalPages, remainingPages, restarts });
        return restarts >= (options.maxRestarts ?? 3) ? 0x7fffffff : step;
      },
    });
    options.onProgress?.({ totalPages: done.totalPages, remainingPages: 0, restarts });
    sealCopy(partial);
    renameSync(partial, target);
    const pageSize = Number(db.pragma("page_size", { simple: true }));
    return {
      pages: done.totalPages,
      bytes: done.totalPages * pageSize,
      restarts,
      ms: performance.now() - started,
    };
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`the backup failed: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}
