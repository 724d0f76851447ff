import type { Database } from "../db/client.js";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../logger.js";

/**
 * How much of this invocation is left. Steps check `exhausted()` between units of work and return
 * early with a cursor; the runner stops starting steps once it is true.
 */
export interface Budget {
  /** Database calls this invocation has made so far (queries and batches). */
  callsUsed(): number;
  /** Calls a step may still make before the runner's own reserve. */
  callsLeft(): number;
  /** Wall time since the invocation started. */
  elapsedMs(): number;
  /** CPU time since the invocation started where the runtime shows it (Node), else null (Workers). */
  cpuMs(): number | null;
  /** True once calls, wall time or CPU time reached their cap. */
  exhausted(): boolean;
  /** Which cap ran out, for the log; null while none has. */
  reason(): string | null;
}

export interface StepContext {
  database: Database;
  clock: Clock;
  logger: Logger;
  budget: Budget;
}

export interface StepResult {
  /** Where the next call resumes; persisted by the runner after every call. */
  cursor: string | null;
  /** True when the step has finished; the runner moves to the next step. */
  done: boolean;
  /** Anything worth logging about this call (counts, sizes). */
  summary?: Record<string, unknown>;
  /**
   * The step needs more of an invocation than is left (calls) and asks to be called first in the
   * next one: the runner saves the cursor and pauses.
   */
  pause?: boolean;
}

/**
 * One resumable unit of the refresh. `run` does as much as the budget allows from `cursor` (null:
 * from the start) and says where it stopped. A step must be safe to run again from its last
 * persisted cursor: an invocation can die after the work and before the cursor is saved.
 */
export interface RefreshStep {
  name: string;
  run(ctx: StepContext, cursor: string | null): Promise<StepResult>;
}

/** How one invocation of the runner ended. */
export type RefreshStatus =
  /** Nothing was pending (or everything pending got done). */
  | "idle"
  /** The budget ran out with work left: the next invocation resumes. */
  | "paused"
  /** Another process or isolate holds the lease; it will see our marker. */
  | "busy"
  /** A step threw; its progress up to the last call is kept and the next invocation retries. */
  | "failed"
  /** Our lease expired and another holder took it mid-run. */
  | "lost";

export interface StepCall {
  step: string;
  done: boolean;
  ms: number;
  summary?: Record<string, unknown>;
}

export interface RefreshOutcome {
  status: RefreshStatus;
  /** Jobs completed in this invocation (more than one when writes arrived during the first). */
  completed: number;
  steps: StepCall[];
  error?: string;
  /** Which cap stopped a paused run. */
  stoppedBy?: string | null;
}
