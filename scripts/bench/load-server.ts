// The server under load: `npm start`'s entry (src/node.ts) as a child process on loopback, so the
// load generator and the server each have their own event loop (and core).
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export interface ServerChild {
  url: string;
  /** The server process's peak resident memory so far (VmHWM: every thread, the refresh worker's too), MB. */
  peakRssMb(): number | null;
  /** The server's own figure for its HTTP thread's event-loop delay over its life, logged at shutdown. */
  loopDelay(): { p99Ms: number; maxMs: number } | null;
  /**
   * Resolves once start-up is over: the index loaded and the start-up refresh run (in the refresh
   * worker, once its thread has loaded), so idle figures do not measure the boot.
   */
  started: Promise<void>;
  /** Lines the server logged at level error (unhandled errors, failed refreshes). */
  errors: string[];
  requestsLogged: () => number;
  /** The server's own time (its request log line's `ms`) for each search answered so far, in order. */
  searchMs: number[];
  stop(): Promise<number | null>;
}

const ROOT = resolve(import.meta.dirname, "../..");

/** Linux only: the kernel's high-water mark of the process's resident set. */
function peakRssMb(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

export function startServerChild(env: Record<string, string>, timeoutMs = 120_000): Promise<ServerChild> {
  // LOAD_SERVER_NODE_ARGS profiles the server under load, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const extra = (process.env.LOAD_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...extra, "--import", "tsx", "src/node.ts"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      HOST: "127.0.0.1",
      PORT: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const errors: string[] = [];
  let requests = 0;
  const searchMs: number[] = [];
  let loopDelay: { p99Ms: number; maxMs: number } | null = null;
  let markStarted: () => void = () => {};
  const started = new Promise<void>((done) => {
    markStarted = done;
  });
  let stderr = "";
  let buffered = "";
  return new Promise((resolveStart, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in ${timeoutMs} ms: ${stderr}`)),
      timeoutMs,
    );
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    child.stdout?.on("data", (d: Buffer) => {
      buffered += d.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        // BENCH_SERVER_LOG=FILE keeps the server's own lines (refresh invocations, errors) to read after.
        if (process.env.BENCH_SERVER_LOG && !line.includes('"message":"request"'))
          appendFileSync(process.env.BENCH_SERVER_LOG, `${line}\n`);
        if (line.includes('"message":"request"')) {
          requests += 1;
          if (line.includes('"path":"/api/search"')) {
            const ms = /"ms":(\d+)/.exec(line)?.[1];
            if (ms !== undefined) searchMs.push(Number(ms));
          }
          continue;
        }
        let parsed: {
          level?: string;
          message?: string;
          url?: string;
          p99Ms?: number;
          maxMs?: number;
          trigger?: string;
        };
        try {
          parsed = JSON.parse(line);
        } catch {
          continue;
        }
        if (parsed.level === "error") errors.push(line.slice(0, 500));
        if (parsed.message === "refresh invocation" && parsed.trigger === "start") markStarted();
        if (parsed.message === "http event loop delay")
          loopDelay = { p99Ms: parsed.p99Ms ?? 0, maxMs: parsed.maxMs ?? 0 };
        if (parsed.message === "listening" && parsed.url) {
          clearTimeout(timer);
          resolveStart({
            url: parsed.url,
            peakRssMb: () => peakRssMb(child.pid),
            loopDelay: () => loopDelay,
            started,
            errors,
            requestsLogged: () => requests,
            searchMs,
            stop: () =>
              new Promise((done) => {
                const kill = setTimeout(() => child.kill("SIGKILL"), 30_000);
                child.removeAllListeners("exit");
                // "close", not "exit": the last stdout lines (the event-loop figure) have been read by then.
                child.once("close", (code) => {
                  clearTimeout(kill);
                  done(code);
                });
                child.kill("SIGTERM");
              }),
          });
        }
      }
    });
  });
}
