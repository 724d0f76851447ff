import { findLimitError } from "../db/limits.js";
import {
  acquireLease,
  completeRefreshJob,
  countRefreshInvocation,
  KNOWLEDGE_JOB,
  loadRefreshState,
  recordRefreshFailure,
  releaseLease,
  renewLease,
  saveRefreshProgress,
  startRefreshJob,
} from "../db/queries/refresh.js";
import type { RefreshStateRow } from "../db/schema.js";
import type { RefreshOutcome, RefreshStep, StepCall, StepContext, StepResult } from "./types.js";

export interface RunnerOptions {
  steps: RefreshStep[];
  /** Who runs: unique per process or invocation (the lease holder). */
  owner: string;
  /** How long the lease holds without renewal; renewed after every step call. */
  leaseMs: number;
  /** Calls kept back for the runner's bookkeeping after a step call (lease, progress, release). */
  reserveCalls: number;
  job?: string;
  /** Jobs one invocation completes at most; writes that arrived meanwhile then make it "paused" (default: no cap). */
  maxJobs?: number;
}

const pending = (s: RefreshStateRow | undefined) => !!s && s.generation > s.doneGeneration;

/**
 * One invocation of the refresh job: takes the lease, resumes the persisted step and cursor (or
 * starts a job when a refresh is pending), calls steps while the budget lasts, persists progress
 * after every call, and runs again when writes arrived meanwhile (coalesced into one more job).
 */
export async function runRefresh(ctx: StepContext, options: RunnerOptions): Promise<RefreshOutcome> {
  const { database, clock } = ctx;
  const job = options.job ?? KNOWLEDGE_JOB;
  const lease = () => ({
    name: `refresh:${job}`,
    owner: options.owner,
    now: clock.now().toISOString(),
    expiresAt: new Date(clock.now().getTime() + options.leaseMs).toISOString(),
  });
  const outcome: RefreshOutcome = { status: "idle", completed: 0, steps: [] };
  const state = await loadRefreshState(database.db, job);
  if (!pending(state) && state?.jobGeneration == null) return outcome;
  if (!(await acquireLease(database.db, lease()))) return { ...outcome, status: "busy" };
  try {
    return await runSteps(ctx, options, job, lease, outcome);
  } finally {
    await releaseLease(database.db, lease().name, options.owner).catch(() => {});
  }
}

type Lease = () => Parameters<typeof renewLease>[1];

async function runSteps(
  ctx: StepContext,
  options: RunnerOptions,
  job: string,
  lease: Lease,
  outcome: RefreshOutcome,
): Promise<RefreshOutcome> {
  const { database, clock, budget } = ctx;
  const { db } = database;
  let resumed = false;
  for (;;) {
    const state = await loadRefreshState(db, job);
    if (!state || (state.jobGeneration === null && !pending(state))) return { ...outcome, status: "idle" };
    if (budget.exhausted()) return { ...outcome, status: "paused", stoppedBy: budget.reason() };
    if (state.jobGeneration === null && outcome.completed >= (options.maxJobs ?? Number.POSITIVE_INFINITY))
      return { ...outcome, status: "paused", stoppedBy: "jobs" };
    let index = options.steps.findIndex((s) => s.name === state.stepName);
    if (state.jobGeneration === null || index < 0) {
      // No job yet, or one from a pipeline whose steps have changed since: start from the first step.
      index = 0;
      const generation = state.jobGeneration ?? state.generation;
      await startRefreshJob(db, job, {
        generation,
        stepName: options.steps[0]!.name,
        now: clock.now().toISOString(),
      });
      Object.assign(state, { jobGeneration: generation, stepCursor: null });
    } else if (!resumed) {
      await countRefreshInvocation(db, job, clock.now().toISOString());
    }
    resumed = true;
    const step = options.steps[index]!;
    const called = await callStep(ctx, options, job, step, state.stepCursor);
    if ("status" in called) return { ...outcome, ...called };
    outcome.steps.push(called.call);
    if (!(await renewLease(db, lease()))) return { ...outcome, status: "lost" };
    if (await advance(ctx, options, job, index, called.result, state.jobGeneration ?? state.generation))
      outcome.completed += 1;
    if (called.result.pause && !called.result.done)
      return { ...outcome, status: "paused", stoppedBy: `${step.name} waits for a fresh invocation` };
  }
}

/** One step call with the runner's calls kept back; a spent call cap pauses, anything else fails. */
async function callStep(
  ctx: StepContext,
  options: RunnerOptions,
  job: string,
  step: RefreshStep,
  cursor: string | null,
): Promise<{ result: StepResult; call: StepCall } | Pick<RefreshOutcome, "status" | "error" | "stoppedBy">> {
  const { database, clock } = ctx;
  const started = Date.now();
  database.meter.reserved = options.reserveCalls;
  try {
    const result = await step.run(ctx, cursor);
    const call = { step: step.name, done: result.done, ms: Date.now() - started, summary: result.summary };
    return { result, call };
  } catch (error) {
    database.meter.reserved = 0;
    if (findLimitError(error)?.limit === "maxCallsPerInvocation")
      return { status: "paused", stoppedBy: "calls" };
    const message = `${step.name}: ${(error as Error)?.message ?? String(error)}`;
    await recordRefreshFailure(database.db, job, message, clock.now().toISOString());
    return { status: "failed", error: message };
  } finally {
    database.meter.reserved = 0;
  }
}

/** Persists where the job stands after a call; true when that call completed the job. */
async function advance(
  ctx: StepContext,
  options: RunnerOptions,
  job: string,
  index: number,
  result: StepResult,
  generation: number,
): Promise<boolean> {
  const { db } = ctx.database;
  const now = ctx.clock.now().toISOString();
  const step = options.steps[index]!;
  const next = options.steps[index + 1];
  if (!result.done) await saveRefreshProgress(db, job, { stepName: step.name, cursor: result.cursor, now });
  else if (next) await saveRefreshProgress(db, job, { stepName: next.name, cursor: null, now });
  else {
    await completeRefreshJob(db, job, generation, now);
    return true;
  }
  return false;
}
