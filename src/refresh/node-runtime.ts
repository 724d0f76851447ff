import type { RuntimeProbe } from "./budget.js";

/** Node shows its CPU time and heap; the budget and the invocation log use both. Node only. */
export const nodeRuntime: RuntimeProbe = {
  cpuMs: () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1000;
  },
  heapUsedBytes: () => process.memoryUsage().heapUsed,
};

/** Node continues a paused refresh on the next turn of its event loop. */
export const nextTick = (work: () => void): void => {
  setImmediate(work);
};
