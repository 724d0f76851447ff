import type { SyncProgress } from "../github/sync.js";

/**
 * Progress for long ingests: a redrawn bar on a terminal, a line every few pages elsewhere (CI logs,
 * pipes), so that output stays readable in both.
 */
export function progressReporter(stream: NodeJS.WriteStream): (progress: SyncProgress) => void {
  const tty = Boolean(stream.isTTY);
  let lastKey = "";
  return (p) => {
    const key = `${p.repo} ${p.endpoint}`;
    const total = p.estimatedPages;
    const label = `${key} page ${p.page}${total ? `/~${total}` : ""}  fetched ${p.counts.fetched} (+${p.counts.inserted} new, ${p.counts.updated} updated)`;
    if (tty) {
      const ratio = total ? Math.min(1, p.page / total) : 0;
      const bar = total ? `[${"#".repeat(Math.round(ratio * 24)).padEnd(24, ".")}] ` : "";
      if (key !== lastKey && lastKey !== "") stream.write("\n");
      stream.write(
        `\r${bar}${label}`.padEnd((stream.columns ?? 100) - 1).slice(0, (stream.columns ?? 100) - 1),
      );
    } else if (p.page === 1 || p.page % 10 === 0) {
      stream.write(`${label}\n`);
    }
    lastKey = key;
  };
}

export function endProgress(stream: NodeJS.WriteStream): void {
  if (stream.isTTY) stream.write("\n");
}
