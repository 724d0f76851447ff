// Open-loop pacing for the load benchmark: requests start at a fixed rate whatever the server's
// speed, up to a cap on requests in flight (beyond it they are counted as not sent).

export interface PaceResult {
  started: number;
  skipped: number;
  seconds: number;
  /** Requests still running when the phase ended. */
  inFlight: Set<Promise<void>>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function paced(
  seconds: number,
  perSecond: number,
  maxInFlight: number,
  fire: (elapsedMs: number) => Promise<void>,
): Promise<PaceResult> {
  const inFlight = new Set<Promise<void>>();
  const begin = performance.now();
  let started = 0;
  let skipped = 0;
  for (let elapsed = 0; elapsed < seconds * 1000; elapsed = performance.now() - begin) {
    const due = Math.floor((elapsed / 1000) * perSecond) - started - skipped;
    for (let i = 0; i < due; i++) {
      if (inFlight.size >= maxInFlight) {
        skipped += 1;
        continue;
      }
      started += 1;
      const p: Promise<void> = fire(elapsed).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await sleep(5);
  }
  return { started, skipped, seconds: (performance.now() - begin) / 1000, inFlight };
}

/** Waits for `pending` to settle, at most `ms`; returns how many were still running. */
export async function drain(pending: Set<Promise<void>>, ms: number): Promise<number> {
  await Promise.race([Promise.allSettled([...pending]), sleep(ms)]);
  return pending.size;
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
