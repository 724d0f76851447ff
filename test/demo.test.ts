import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readJson } from "./helpers/test-app.js";

const ROOT = resolve(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "kb-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run demo", () => {
  it("ingests the sample corpus through the emulator, clusters it and serves it offline", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/demo.ts"], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "/tmp",
        PORT: "0",
        KB_DB_PATH: join(dir, "demo.sqlite"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    try {
      const url = await new Promise<string>((resolveUrl, reject) => {
        child.stdout.on("data", () => {
          const match = /demo ready: (http:\/\/\S+)/.exec(stdout);
          if (match?.[1]) resolveUrl(match[1]);
        });
        child.on("exit", (code) => reject(new Error(`demo exited with ${code}: ${stdout}`)));
      });
      expect(stdout).toMatch(
        /ingested SeldonIO\/seldon-core, SeldonIO\/MLServer: fetched \d+, inserted 1320/,
      );
      const reported = Number(/clustered 330 issues: (\d+) clusters/.exec(stdout)?.[1]);
      expect(reported).toBeGreaterThan(0);
      expect(await readJson(await fetch(`${url}/healthz`))).toEqual({ ok: true });
      const clusters = await readJson(await fetch(`${url}/api/clusters?limit=100`));
      expect(clusters.clusters).toHaveLength(reported);
      const q = encodeURIComponent("Failed to schedule model as no matching servers are available");
      const search = await readJson(await fetch(`${url}/api/search?q=${q}`));
      expect(search.results[0].template).toContain("no matching servers are available");
    } finally {
      child.kill("SIGTERM");
    }
  });
});
