import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";
import type { SearchService } from "../search/index.js";
import { accountInvocation } from "./accounting.js";
import { type BudgetLimits, opaqueRuntime, type RuntimeProbe, startBudget } from "./budget.js";
import { knowledgeSteps } from "./pipeline.js";
import { runRefresh } from "./runner.js";
import type { Budget, RefreshOutcome, RefreshStep } from "./types.js";

export interface CoordinatorOptions {
  database: Database;
  clock: Clock;
  logger: Logger;
  /** A running search service, so its in-memory index moves with the refresh. */
  search?: SearchService;
  steps?: RefreshStep[];
  runtime?: RuntimeProbe;
  budget?: Partial<BudgetLimits>;
  /** Lease length; renewed after every step call. Longer than the slowest step call. */
  leaseMs?: number;
  /**
   * Where a paused run continues. Node: the next tick of this process. Absent (Workers): the next
   * invocation (cron) picks the job up from the database.
   */
  continueLater?: (work: () => void) => void;
  /**
   * How long to wait, after a run, before the run that coalesces what arrived meanwhile (given the
   * last run's wall time). A server passes a pause so a stream of webhooks cannot keep its event
   * loop refreshing back to back; absent: at once.
   */
  coalesceDelayMs?: (lastRunMs: number) => number;
  /**
   * How long a run waits after the trigger that starts it, so a burst of writes (a stream of
   * webhooks) is one run rather than one per write; absent: at once.
   */
  settleMs?: number;
  /**
   * The lease holder's name; default: unique per coordinator. The Node refresh worker passes one per
   * server process, so a worker restarted after a crash takes its predecessor's lease at once.
   */
  owner?: string;
  /** Told after every run (Node's refresh worker tells the HTTP thread, whose search index catches up). */
  afterRun?: (outcome: RefreshOutcome) => void;
  /**
   * Jobs a run completes at most before it pauses (and `continueLater` resumes it); default no cap.
   * Node's refresh worker takes one, so writes that keep arriving cannot keep it busy back to back.
   */
  jobsPerRun?: number;
  /** True once the process is stopping: the run stops after the step call in progress ("paused"). */
  halted?: () => boolean;
}

export interface DrainOptions {
  /** Log the invocation line (default true); false when the caller logs one line for its whole invocation. */
  account?: boolean;
  /** This run's budget, over the coordinator's (Workers: what the ingest left of the invocation). */
  budget?: Partial<BudgetLimits>;
}

export interface RefreshCoordinator {
  /**
   * Runs pending refresh work in this invocation. Calls made while a run is in flight here join it:
   * that run goes round once more, so any number of requests during a refresh cost one more run.
   */
  drain(trigger: string, options?: DrainOptions): Promise<RefreshOutcome>;
}

// The runner needs ~5 calls after a step call: renew the lease, save progress, re-read state, release.
const RESERVE_CALLS = 8;
const DEFAULT_LEASE_MS = 10 * 60_000;

export const DEFAULT_BUDGET: BudgetLimits = {
  maxCalls: Number.POSITIVE_INFINITY,
  reserveCalls: RESERVE_CALLS,
  maxWallMs: Number.POSITIVE_INFINITY,
  maxCpuMs: Number.POSITIVE_INFINITY,
};

/** A budget that also runs out once the process is stopping. */
function haltable(budget: Budget, halted: (() => boolean) | undefined): Budget {
  if (!halted) return budget;
  const reason = () => (halted() ? "stopping" : budget.reason());
  return { ...budget, reason, exhausted: () => reason() !== null };
}

/** One per database handle (Node: per process; Workers: per invocation). */
export function createRefreshCoordinator(options: CoordinatorOptions): RefreshCoordinator {
  const steps = options.steps ?? knowledgeSteps({ search: options.search });
  const runtime = options.runtime ?? opaqueRuntime;
  const limits = { ...DEFAULT_BUDGET, ...options.budget };
  const owner = options.owner ?? `${options.clock.now().toISOString()}-${crypto.randomUUID()}`;
  let running: Promise<RefreshOutcome> | null = null;
  let again = false;

  const once = async (trigger: string, opts: DrainOptions): Promise<RefreshOutcome> => {
    const { database, clock, logger } = options;
    const account = opts.account ?? true;
    const meter = accountInvocation(database.meter, runtime);
    const budget = haltable(
      startBudget(database.meter, { ...limits, ...opts.budget }, runtime),
      options.halted,
    );
    let outcome: RefreshOutcome;
    try {
      outcome = await runRefresh(
        { database, clock, logger, budget },
        {
          steps,
          owner,
          leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
          reserveCalls: limits.reserveCalls,
          maxJobs: options.jobsPerRun,
        },
      );
    } catch (error) {
      // The runner's own bookkeeping failed (database unreachable): nothing is lost, the marker stays.
      outcome = {
        status: "failed",
        completed: 0,
        steps: [],
        error: (error as Error)?.message ?? String(error),
      };
    }
    if (account) {
      meter.finish(logger, "refresh invocation", { trigger, ...outcome });
    }
    options.afterRun?.(outcome);
    if (outcome.status === "paused" && !options.halted?.())
      options.continueLater?.(() => void drain("continuation"));
    return outcome;
  };

  const drain = (trigger: string, opts: DrainOptions = {}): Promise<RefreshOutcome> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      if (options.settleMs) {
        await new Promise((done) => setTimeout(done, options.settleMs));
        again = false; // the run about to start covers every write made while it settled
      }
      let started = Date.now();
      let outcome = await once(trigger, opts);
      // A run that stopped at its job cap goes round for the requests that joined it, as an idle one does.
      const more = (o: RefreshOutcome) =>
        o.status === "idle" || (o.status === "paused" && o.stoppedBy === "jobs");
      while (again && more(outcome)) {
        const pause = options.coalesceDelayMs?.(Date.now() - started) ?? 0;
        if (pause > 0) await new Promise((done) => setTimeout(done, pause));
        started = Date.now();
        again = false;
        const next = await once("coalesced", opts);
        outcome = {
          ...next,
          completed: outcome.completed + next.completed,
          steps: [...outcome.steps, ...next.steps],
        };
      }
      return outcome;
    })().finally(() => {
      running = null;
      again = false;
    });
    return running;
  };

  return { drain };
}
