import { serveRefreshThread } from "./worker-thread.js";

// The module the refresh worker runs (loaded by worker-boot.mjs, which registers tsx first).
serveRefreshThread();
