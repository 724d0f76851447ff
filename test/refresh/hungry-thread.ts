// A refresh worker whose `link` step, the first time it runs for a database (a flag file beside the
// database remembers that it did), holds 300 MB of heap before linking: under a heap cap below that
// (KB_REFRESH_HEAP_MB) the thread dies of it; without one it links as usual.
import { existsSync, writeFileSync } from "node:fs";
import { workerData } from "node:worker_threads";
import { knowledgeSteps } from "../../src/refresh/pipeline.js";
import type { RefreshThreadData } from "../../src/refresh/worker-protocol.js";
import { serveRefreshThread } from "../../src/refresh/worker-thread.js";

const flag = `${(workerData as RefreshThreadData).file}.hungry`;

serveRefreshThread({
  steps: (onIndexChanged) =>
    knowledgeSteps({ onIndexChanged }).map((step) =>
      step.name !== "link"
        ? step
        : {
            name: step.name,
            run(ctx, cursor) {
              if (!existsSync(flag)) {
                writeFileSync(flag, "");
                const held: number[][] = [];
                for (let mb = 0; mb < 300; mb++) held.push(Array.from({ length: 131_072 }, (_, i) => i + mb));
                if (held.length < 300) throw new Error("unreachable");
              }
              return step.run(ctx, cursor);
            },
          },
    ),
});
