import type { Database } from "../../src/db/client.js";
import { loadRefreshState, markRefreshPendingStatement } from "../../src/db/queries/refresh.js";
import type { RefreshStep } from "../../src/refresh/index.js";

export const NOW = "2026-11-30T12:00:00.000Z";

/** A data write's marker, as sync pages and webhook stores commit it. */
export async function markPending(database: Database): Promise<void> {
  await database.atomic([markRefreshPendingStatement(database.db, NOW)]);
}

export async function isPending(database: Database): Promise<boolean> {
  const state = await loadRefreshState(database.db);
  return !!state && state.generation > state.doneGeneration;
}

/** A step that holds until released, counting its runs: a refresh that takes a while. */
export function gatedStep(name = "gated") {
  let release: () => void = () => {};
  let gate = new Promise<void>((r) => {
    release = r;
  });
  let entered: () => void = () => {};
  const started = new Promise<void>((r) => {
    entered = r;
  });
  const step = {
    runs: 0,
    name,
    async run() {
      step.runs += 1;
      entered();
      await gate;
      return { cursor: null, done: true };
    },
    release: () => release(),
    started,
    /** Later runs pass straight through. */
    open() {
      gate = Promise.resolve();
      release();
    },
  };
  return step;
}

/** A step over `total` items, `perCall` a call, one database read per item: resumable by cursor. */
export function countingStep(total: number, perCall: number, seen: (number | null)[]): RefreshStep {
  return {
    name: "count",
    async run(ctx, cursor) {
      seen.push(cursor === null ? null : Number(cursor));
      let at = cursor === null ? 0 : Number(cursor);
      for (let n = 0; n < perCall && at < total && !ctx.budget.exhausted(); n++) {
        await loadRefreshState(ctx.database.db);
        at += 1;
      }
      return { cursor: String(at), done: at >= total };
    },
  };
}
