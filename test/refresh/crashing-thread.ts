// A refresh worker whose `link` step kills its thread the first time it runs for a database (a flag
// file beside the database remembers that it did): a crash mid-refresh, after `extract` was saved.
import { existsSync, writeFileSync } from "node:fs";
import { workerData } from "node:worker_threads";
import { knowledgeSteps } from "../../src/refresh/pipeline.js";
import type { RefreshThreadData } from "../../src/refresh/worker-protocol.js";
import { serveRefreshThread } from "../../src/refresh/worker-thread.js";

const flag = `${(workerData as RefreshThreadData).file}.crashed`;

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
              setImmediate(() => {
                throw new Error("injected crash in the link step");
              });
              return new Promise(() => {});
            },
          },
    ),
});
