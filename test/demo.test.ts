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
      expect(stdout).toMatch(/clustered 330 issues: 31 clusters/);
      expect(await readJson(await fetch(`${url}/healthz`))).toEqual({ ok: true });
      const clusters = await readJson(await fetch(`${url}/api/clusters?limit=100`));
      expect(clusters.clusters).toHaveLength(31);
      const q = encodeURIComponent("Failed to schedule model as no matching servers are available");
      const search = await readJson(await fetch(`${url}/api/search?q=${q}`));
      expect(search.results[0].template).toContain("no matching servers are available");
      // The curator side: published entries, and a queue led by the entry a new report made stale.
      const token = /admin token\s+(\S+)/.exec(stdout)?.[1] ?? "";
      const entries = await readJson(await fetch(`${url}/api/entries`));
      expect(entries.entries.length).toBeGreaterThanOrEqual(3);
      const queue = await readJson(
        await fetch(`${url}/api/queue?limit=50`, { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(queue.items[0].kind).toBe("stale-entry");
      expect(queue.items.some((i: { kind: string }) => i.kind === "demand")).toBe(true);
    } finally {
      child.kill("SIGTERM");
    }
  });
});
