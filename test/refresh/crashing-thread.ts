// A refresh worker whose `link` step kills its thread the first time it runs for a database: a crash
// mid-refresh, after `extract` was saved.
import { serveWithFirstLink } from "./link-once.js";

serveWithFirstLink("crashed", () => {
  setImmediate(() => {
    throw new Error("injected crash in the link step");
  });
  return new Promise(() => {});
});
