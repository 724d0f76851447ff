// Refresh worker entries for tests: the knowledge steps, with the `link` step doing `first` the first
// time it runs for a database (a flag file beside the database remembers that it did).
import { existsSync, writeFileSync } from "node:fs";
import { workerData } from "node:worker_threads";
import { knowledgeSteps } from "../../src/refresh/pipeline.js";
import type { RefreshStep } from "../../src/refresh/types.js";
import type { RefreshThreadData } from "../../src/refresh/worker-protocol.js";
import { serveRefreshThread } from "../../src/refresh/worker-thread.js";

export function serveWithFirstLink(
  flagSuffix: string,
  first: (link: RefreshStep, ...args: Parameters<RefreshStep["run"]>) => ReturnType<RefreshStep["run"]>,
): void {
  const flag = `${(workerData as RefreshThreadData).file}.${flagSuffix}`;
  serveRefreshThread({
    steps: (onIndexChanged) =>
      knowledgeSteps({ onIndexChanged }).map((step) =>
        step.name !== "link"
          ? step
          : {
              name: step.name,
              run(ctx, cursor) {
                if (existsSync(flag)) return step.run(ctx, cursor);
                writeFileSync(flag, "");
                return first(step, ctx, cursor);
              },
            },
      ),
  });
}
