import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

function waitForUrl(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    proc.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    proc.once("exit", (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

describe("scripts/github-emulator.ts", () => {
  it("serves the sample corpus on a free loopback port and stops on SIGTERM", async () => {
    child = spawn(process.execPath, ["--import", "tsx", "scripts/github-emulator.ts", "--fault-rate", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const url = await waitForUrl(child);
    const res = await fetch(`${url}/repos/SeldonIO/MLServer/issues?state=all&per_page=5`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBe(5);
    const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
