import { type BackupProgress, backupDatabase } from "./backup.js";

export interface BackupIo {
  source: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

/** Progress on stderr: redrawn on a terminal, one line per tenth elsewhere (logs, pipes). */
function progressLine(stderr: BackupIo["stderr"]): (p: BackupProgress) => void {
  let lastTenth = -1;
  return ({ totalPages, remainingPages, restarts }) => {
    const done = totalPages - remainingPages;
    const percent = totalPages ? Math.floor((done / totalPages) * 100) : 100;
    const text = `backup: ${percent}% (${done} of ${totalPages} pages${restarts ? `, restarted ${restarts}× after writes` : ""})`;
    if (stderr.isTTY) stderr.write(`\r${text}`);
    else if (Math.floor(percent / 10) !== lastTenth) stderr.write(`${text}\n`);
    lastTenth = Math.floor(percent / 10);
  };
}

/** `kb backup FILE`: a consistent copy of KB_DB_PATH while the server runs. */
export async function runBackupCommand(io: BackupIo, target: string): Promise<void> {
  const report = await backupDatabase(io.source, target, { onProgress: progressLine(io.stderr) });
  if (io.stderr.isTTY) io.stderr.write("\n");
  const mib = (report.bytes / (1024 * 1024)).toFixed(1);
  io.stdout.write(
    `backed up ${io.source} to ${target}: ${report.pages} pages (${mib} MiB) in ${(report.ms / 1000).toFixed(1)} s; integrity ok\n`,
  );
}
