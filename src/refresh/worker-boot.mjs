// A worker thread on Node 20 does not inherit `--import tsx` (its module loader starts without the
// parent's hooks, "Unknown file extension .ts"), so the thread registers tsx itself and then loads
// its TypeScript entry: src/refresh/worker-entry.ts, or the one a test passes.
import { workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
await import(workerData.entry);
