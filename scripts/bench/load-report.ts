// The load benchmark's figures, one row each, with what they mean in the note.

import {
  type LoadOptions,
  MAX_IN_FLIGHT,
  type searchPhase,
  type Tracked,
  VISIBLE_GIVE_UP_MS,
  type webhookPhase,
} from "./load.js";
import type { expectedState, WebhookTraffic } from "./load-events.js";
import { type paced, percentile } from "./load-pace.js";
import type { startServerChild } from "./load-server.js";
import type { verifyDatabase } from "./load-verify.js";
import type { BenchResult } from "./types.js";

const SUITE = "load";
const VISIBLE_TARGET_S = 10;

export type Outcome = {
  idle: ReturnType<typeof searchPhase>;
  busy: ReturnType<typeof searchPhase>;
  hooks: ReturnType<typeof webhookPhase>;
  hookRun: Awaited<ReturnType<typeof paced>>;
  tracked: Tracked[];
  verified: ReturnType<typeof verifyDatabase>;
  expected: ReturnType<typeof expectedState>;
  stillRunning: number;
  exitCode: number | null;
  server: Awaited<ReturnType<typeof startServerChild>>;
  traffic: WebhookTraffic;
  peakRssMb: number | null;
  /** Search times the server logged (no client or socket queueing), idle and during the load phase. */
  serverSearchMs: { idle: number[]; busy: number[] };
};

/** One row per figure; `mode` (when several refresh modes ran) is appended to each name. */
export function report(opts: LoadOptions, o: Outcome, mode?: string): BenchResult[] {
  const r = (name: string, value: number, unit: string, note?: string): BenchResult => ({
    suite: SUITE,
    name: mode ? `${name} (${mode})` : name,
    value,
    unit,
    note,
  });
  const idleP99 = percentile(o.idle.latencies, 99);
  const busyP99 = percentile(o.busy.latencies, 99);
  const seen = o.tracked
    .filter((t) => t.visibleAfterMs !== undefined)
    .map((t) => (t.visibleAfterMs ?? 0) / 1000);
  const cut = o.hooks.statuses.get("unanswered-at-deadline") ?? 0;
  const webhookErrors = o.hooks.failed.length - cut;
  const statusNote = [...o.hooks.statuses].map(([s, n]) => `${s}×${n}`).join(" ");
  const c = o.traffic.counts;
  const mix = `opened ${c.opened}, edited ${c.edited}, comments ${c.commented}, comment edits ${c.commentEdits}, deleted ${c.deleted}, out of order ${c.outOfOrder}, redelivered ${c.redelivered}`;
  if (o.verified.examples.length > 0)
    process.stderr.write(`  load: mismatches: ${o.verified.examples.join("; ")}\n`);
  if (o.server.errors.length > 0)
    process.stderr.write(`  load: server errors: ${o.server.errors.slice(0, 3).join("\n")}\n`);
  return [
    r(
      "webhook deliveries sent",
      o.hookRun.started,
      "count",
      `${(o.hookRun.started / o.hookRun.seconds).toFixed(1)}/s of ${opts.webhooksPerSecond}/s asked; ${o.hookRun.skipped} not sent (${MAX_IN_FLIGHT} in flight); ${mix}`,
    ),
    r(
      "webhook errors",
      webhookErrors,
      "count",
      `statuses: ${statusNote} (unanswered-at-deadline: cut off when the run's deadline stopped the server, not counted)`,
    ),
    r(
      "redeliveries acknowledged as duplicate",
      o.hooks.duplicates(),
      "count",
      `of ${c.redelivered} redeliveries generated`,
    ),
    r(
      "rows checked against expected state",
      o.verified.checked,
      "count",
      `${o.expected.unknown} rows touched by a failed delivery left out`,
    ),
    r("lost rows", o.verified.lost, "count", "missing, or older than the newest acknowledged version"),
    r(
      "duplicated or resurrected rows",
      o.verified.duplicated + o.verified.resurrected,
      "count",
      `${o.verified.resurrected} deleted comments back, ${o.verified.duplicated} duplicate issues`,
    ),
    r(
      "new issues timed for visibility",
      o.tracked.length,
      "count",
      `${seen.length} became visible; ${seen.filter((s) => s <= VISIBLE_TARGET_S).length} within ${VISIBLE_TARGET_S} s`,
    ),
    r(
      "visible in search p50",
      percentile(seen, 50),
      "s",
      "from sending the delivery to the first search that shows it",
    ),
    r(
      "visible in search max",
      seen.length ? Math.max(...seen) : 0,
      "s",
      `target ≤ ${VISIBLE_TARGET_S} s; no new probe after ${VISIBLE_GIVE_UP_MS / 1000} s (one already sent may land later)`,
    ),
    r(
      "search p99 idle",
      idleP99,
      "ms",
      `${o.idle.latencies.length} searches, ${o.idle.errors()} errors, p50 ${percentile(o.idle.latencies, 50).toFixed(1)} ms`,
    ),
    r(
      "search p99 under load",
      busyP99,
      "ms",
      `${o.busy.latencies.length} searches, ${o.busy.errors()} errors (timeouts included), ${o.busy.cut()} cut at the deadline, p50 ${percentile(o.busy.latencies, 50).toFixed(1)} ms`,
    ),
    r(
      "search p99 load/idle",
      idleP99 > 0 ? busyP99 / idleP99 : 0,
      "ratio",
      `target ≤ 2; searches from a process of their own; the webhook sender at nice ${opts.generatorNice > 0 && process.getuid?.() === 0 ? opts.generatorNice : 0}`,
    ),
    r(
      "server-side search p99 idle",
      percentile(o.serverSearchMs.idle, 99),
      "ms",
      `the server's own time per search (its request log), ${o.serverSearchMs.idle.length} searches; p50 ${percentile(o.serverSearchMs.idle, 50)} ms`,
    ),
    r(
      "server-side search p99 under load",
      percentile(o.serverSearchMs.busy, 99),
      "ms",
      `${o.serverSearchMs.busy.length} searches (visibility probes included); p50 ${percentile(o.serverSearchMs.busy, 50)} ms; load/idle ${(percentile(o.serverSearchMs.busy, 99) / Math.max(1, percentile(o.serverSearchMs.idle, 99))).toFixed(2)}`,
    ),
    r(
      "HTTP event loop delay p99",
      o.server.loopDelay()?.p99Ms ?? 0,
      "ms",
      `the server's monitorEventLoopDelay over its whole life (start, idle, load), max ${o.server.loopDelay()?.maxMs ?? "?"} ms`,
    ),
    r(
      "server peak RSS",
      o.peakRssMb ?? 0,
      "MB",
      `VmHWM of the server process (HTTP thread and refresh worker), ${opts.issues} issues seeded${o.peakRssMb === null ? "; not readable here (no /proc)" : ""}`,
    ),
    r(
      "server error log lines",
      o.server.errors.length,
      "count",
      `requests still running at the deadline: ${o.stillRunning}; server exit ${o.exitCode}`,
    ),
  ];
}
