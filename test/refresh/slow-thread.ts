// A refresh worker whose pipeline ends with a step that takes a while: refreshNow must wait for it,
// and a shutdown must let it finish its call.
import { knowledgeSteps } from "../../src/refresh/pipeline.js";
import { serveRefreshThread } from "../../src/refresh/worker-thread.js";

const SLOW_STEP_MS = 700;

serveRefreshThread({
  steps: (onIndexChanged) => [
    ...knowledgeSteps({ onIndexChanged }),
    {
      name: "slow",
      async run() {
        await new Promise((done) => setTimeout(done, SLOW_STEP_MS));
        return { cursor: null, done: true, summary: { sleptMs: SLOW_STEP_MS } };
      },
    },
  ],
});
